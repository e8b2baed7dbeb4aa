package io.ferry.api;

import io.ferry.api.model.MigrationId;
import io.ferry.api.model.MigrationOutcome;
import io.ferry.api.model.MigrationProgress;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ConsumerType;

/** A migration in flight, as its adapter reports it. */
@ConsumerType
public interface MigrationHandle {

    /** @return the migration's identity */
    MigrationId id();

    /** @return where it is now */
    MigrationProgress progress();

    /** @return completes exactly once, with the outcome; never exceptionally */
    CompletionStage<MigrationOutcome> outcome();

    /**
     * Asks the hypervisor to cancel. If the migration is past the point of no return (the VM already runs on
     * the target), it completes normally instead. Either way the VM ends on exactly one host.
     */
    void cancel();
}
