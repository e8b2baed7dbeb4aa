package io.ferry.cluster.kafka;

import io.ferry.api.model.HostId;
import io.ferry.api.model.PoolId;
import io.ferry.api.model.VmId;
import java.time.Instant;
import java.util.Objects;

/**
 * What the executor did with a decision, as it travels on {@code migration-outcomes}: first {@link Status#ACCEPTED}
 * (written before the migration starts, so that a restarted executor never starts it again), then one final status.
 *
 * @param decisionId the decision
 * @param pool       its pool
 * @param vm         the VM
 * @param source     the decision's source
 * @param target     the decision's target
 * @param status     what happened
 * @param finalHost  where the VM runs after a final status; for {@link Status#ACCEPTED} the source
 * @param technique  the technique executed, empty when none ran
 * @param detail     one line for the operator
 * @param executor   the instance id of the executor
 * @param at         when
 */
public record Outcome(String decisionId, PoolId pool, VmId vm, HostId source, HostId target, Status status,
        HostId finalHost, String technique, String detail, String executor, Instant at) {

    /** What happened to a decision. */
    public enum Status {
        /** The executor took it and is about to start it: not final. */
        ACCEPTED,
        /** The VM runs on the target. */
        COMPLETED,
        /** The hypervisor failed it; the VM runs on the source. */
        FAILED,
        /** Cancelled; the VM runs on the source. */
        CANCELLED,
        /** Never started: the VM was not where the decision said, or the executor cannot run it. */
        REFUSED;

        /** @return whether no other outcome follows */
        public boolean isFinal() {
            return this != ACCEPTED;
        }
    }

    public Outcome {
        Objects.requireNonNull(decisionId, "decisionId");
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(vm, "vm");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(finalHost, "finalHost");
        Objects.requireNonNull(technique, "technique");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(at, "at");
    }
}
