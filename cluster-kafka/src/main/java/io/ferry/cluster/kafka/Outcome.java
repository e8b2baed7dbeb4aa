package io.ferry.cluster.kafka;

import io.ferry.api.model.HostId;
import io.ferry.api.model.MigrationMetrics;
import io.ferry.api.model.PoolId;
import io.ferry.api.model.VmId;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

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
 * @param metrics    what the hypervisor measured of the migration, when it reported metrics (never for
 *                   {@link Status#ACCEPTED} or {@link Status#REFUSED}, nor for a migration whose executor restarted
 *                   before its end); figures it did not measure are listed in {@link MigrationMetrics#unreported()}
 * @param slaViolated whether the measured downtime exceeded the pool's SLA downtime budget (the decision's
 *                   {@code downtimeBudget}), computed by the executor; empty when the downtime was not measured
 * @since schema version 2 of {@code migration-outcomes} ({@code metrics}, {@code slaViolated})
 */
public record Outcome(String decisionId, PoolId pool, VmId vm, HostId source, HostId target, Status status,
        HostId finalHost, String technique, String detail, String executor, Instant at,
        Optional<MigrationMetrics> metrics, Optional<Boolean> slaViolated) {

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

    /** An outcome without measured metrics (accepted, refused, or the hypervisor reported none). */
    public Outcome(String decisionId, PoolId pool, VmId vm, HostId source, HostId target, Status status,
            HostId finalHost, String technique, String detail, String executor, Instant at) {
        this(decisionId, pool, vm, source, target, status, finalHost, technique, detail, executor, at,
                Optional.empty(), Optional.empty());
    }

    /**
     * The executor's SLA verdict: whether {@code metrics}' downtime exceeded {@code budget}. Cost: O(1).
     *
     * @return empty when there are no metrics or the hypervisor did not measure the downtime (XAPI)
     */
    public static Optional<Boolean> slaViolated(Optional<MigrationMetrics> metrics, Duration budget) {
        Objects.requireNonNull(budget, "budget");
        return metrics.filter(m -> m.reports(MigrationMetrics.Figure.DOWNTIME))
                .map(m -> m.downtime().compareTo(budget) > 0);
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
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(slaViolated, "slaViolated");
    }
}
