package io.ferry.api;

import io.ferry.api.model.RoundDecision;
import io.ferry.api.model.RoundReport;
import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The decision maker of one migration in flight, created by {@link MigrationPolicy#steer}. The engine calls
 * {@link #begin} once, then {@link #afterRound} after every pre-copy round until the decision is not another
 * round. Calls for one migration come from one thread, one at a time.
 *
 * <p>A steering must answer quickly (the VM keeps dirtying memory while it thinks) and must not block. If it
 * throws or returns null, the engine falls back to stop-and-copy (or, on post-copy-capable engines, keeps the
 * technique it was running) and records the failure; the VM is never lost.
 */
@ConsumerType
public interface MigrationSteering {

    /**
     * @param pages a page-level view when the engine offers one, valid only during this call
     * @return the first step: a pre-copy round, or an immediate switch to post-copy
     */
    RoundDecision begin(Optional<PageView> pages);

    /**
     * @param report what happened in the round that just ended
     * @param pages  a page-level view when the engine offers one, valid only during this call
     * @return the next step
     */
    RoundDecision afterRound(RoundReport report, Optional<PageView> pages);
}
