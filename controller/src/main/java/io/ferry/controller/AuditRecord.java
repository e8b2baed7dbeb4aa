package io.ferry.controller;

import io.ferry.api.model.HostId;
import io.ferry.api.model.MigrationCost;
import io.ferry.api.model.MigrationId;
import io.ferry.api.model.MigrationMetrics;
import io.ferry.api.model.MigrationOutcome;
import io.ferry.api.model.PoolId;
import io.ferry.api.model.VmId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One line of the audit log: a decision, a refusal, an outcome, a selection change or an error, with the
 * strategy bundle and version that made it, and for outcomes the prediction beside what happened.
 *
 * @param time      when
 * @param type      what kind of record
 * @param pool      the pool
 * @param migration the migration it concerns, if any
 * @param vm        the VM, if any
 * @param source    the source host, if any
 * @param target    the target host, if any
 * @param agent     the agent that decided (empty for manual requests and selections)
 * @param policy    the policy in force for the migration, or newly selected
 * @param bundle    the policy's bundle as {@code symbolic-name/version}
 * @param predicted the policy's prediction, if any
 * @param actual    the measured cost, for completed outcomes
 * @param status    the outcome's status, for outcomes
 * @param dryRun    whether the pool was in dry-run
 * @param detail    one line: the agent's reason, the guard's refusal, the hypervisor's error code and meaning
 * @param fallback  for outcomes: whether the policy's steering failed and the engine finished the migration by its
 *                  fallback (stop-and-copy), so that {@code actual} is the fallback's cost, not the policy's; the
 *                  detail says why
 * @param forecasts for decisions and refusals: the forecasts of the VM and its source host that informed it (the
 *                  agent's and the policy's, by the pool's predictors); for a {@link Type#FORECAST} record: the one
 *                  forecast beside what was measured; otherwise empty
 * @since 1.1 ({@code fallback}), 2.1 ({@code forecasts}, {@link Type#FORECAST})
 */
public record AuditRecord(Instant time, Type type, PoolId pool, Optional<MigrationId> migration, Optional<VmId> vm,
        Optional<HostId> source, Optional<HostId> target, String agent, String policy, String bundle,
        Optional<MigrationCost> predicted, Optional<MigrationMetrics> actual, Optional<MigrationOutcome.Status> status,
        boolean dryRun, String detail, boolean fallback, List<ForecastRecord> forecasts) {

    public AuditRecord {
        forecasts = List.copyOf(forecasts);
    }

    /** A record without forecasts. */
    public AuditRecord(Instant time, Type type, PoolId pool, Optional<MigrationId> migration, Optional<VmId> vm,
            Optional<HostId> source, Optional<HostId> target, String agent, String policy, String bundle,
            Optional<MigrationCost> predicted, Optional<MigrationMetrics> actual,
            Optional<MigrationOutcome.Status> status, boolean dryRun, String detail, boolean fallback) {
        this(time, type, pool, migration, vm, source, target, agent, policy, bundle, predicted, actual, status, dryRun,
                detail, fallback, List.of());
    }

    /** A record of anything but a fallen-back outcome. */
    public AuditRecord(Instant time, Type type, PoolId pool, Optional<MigrationId> migration, Optional<VmId> vm,
            Optional<HostId> source, Optional<HostId> target, String agent, String policy, String bundle,
            Optional<MigrationCost> predicted, Optional<MigrationMetrics> actual,
            Optional<MigrationOutcome.Status> status, boolean dryRun, String detail) {
        this(time, type, pool, migration, vm, source, target, agent, policy, bundle, predicted, actual, status, dryRun,
                detail, false);
    }

    /** What an audit record records. */
    public enum Type {
        /** The agent (or an operator) decided a migration and the guard let it through. */
        DECISION,
        /** The guard or the hypervisor refused a decision. */
        REFUSED,
        /** A migration ended. */
        OUTCOME,
        /** A pool's selection changed. */
        SELECTION,
        /** A cycle or a strategy failed. */
        ERROR,
        /** A forecast beside what was measured when its round came. */
        FORECAST
    }
}
