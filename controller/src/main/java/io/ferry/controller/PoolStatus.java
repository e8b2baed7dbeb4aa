package io.ferry.controller;

import io.ferry.api.model.Capability;
import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.PoolId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One pool as the controller sees it now.
 *
 * @param pool         the pool
 * @param kind         the hypervisor kind ({@code simulator}, {@code xenserver}, {@code qemu})
 * @param capabilities what its migration engine can do
 * @param selection    the strategies it runs with
 * @param snapshot     the pool as the last cycle (or operator request) saw it: status never asks the hypervisor,
 *                     so it answers at once even when the hypervisor hangs; empty before the first answer
 * @param inFlight     migrations in flight
 * @param lastCycle    when the last control cycle ran, empty before the first
 * @param problem      what currently stops the pool from deciding (unreachable hypervisor, missing policy…)
 * @param counters     totals since the controller started
 * @param note         one line for the operator about what the hypervisor really executes (on XenServer: the
 *                     policy predicts and advises; XAPI runs its own pre-copy)
 * @param snapshotAt   when {@code snapshot} was taken (the controller's clock), empty when there is none; older
 *                     than {@code lastCycle} when the hypervisor did not answer since
 * @param predictors   per metric, the selected predictor: installed or not, its bundle and model, its failures;
 *                     empty when none is selected
 * @since 2.1 ({@code predictors})
 */
public record PoolStatus(PoolId pool, String kind, Set<Capability> capabilities, Selection selection,
        Optional<ClusterSnapshot> snapshot, List<InFlight> inFlight, Optional<Instant> lastCycle,
        Optional<String> problem, Counters counters, String note, Optional<Instant> snapshotAt,
        List<PredictorUse> predictors) {

    public PoolStatus {
        capabilities = Set.copyOf(capabilities);
        inFlight = List.copyOf(inFlight);
        predictors = List.copyOf(predictors);
    }

    /** A status without predictors. */
    public PoolStatus(PoolId pool, String kind, Set<Capability> capabilities, Selection selection,
            Optional<ClusterSnapshot> snapshot, List<InFlight> inFlight, Optional<Instant> lastCycle,
            Optional<String> problem, Counters counters, String note, Optional<Instant> snapshotAt) {
        this(pool, kind, capabilities, selection, snapshot, inFlight, lastCycle, problem, counters, note, snapshotAt,
                List.of());
    }

    /** A status without the snapshot's time. */
    public PoolStatus(PoolId pool, String kind, Set<Capability> capabilities, Selection selection,
            Optional<ClusterSnapshot> snapshot, List<InFlight> inFlight, Optional<Instant> lastCycle,
            Optional<String> problem, Counters counters, String note) {
        this(pool, kind, capabilities, selection, snapshot, inFlight, lastCycle, problem, counters, note,
                Optional.empty());
    }

    /** @return whether the snapshot is older than the last cycle: the hypervisor did not answer since */
    public boolean snapshotStale() {
        return snapshotAt.isPresent() && lastCycle.isPresent() && snapshotAt.get().isBefore(lastCycle.get());
    }

    /**
     * Totals since the controller started.
     *
     * @param cycles    control cycles run
     * @param decisions decisions the agent made
     * @param refused   decisions the guard or the hypervisor refused
     * @param started   migrations started
     * @param completed migrations completed
     * @param failed    migrations failed (VM on its source)
     * @param cancelled migrations cancelled (VM on its source)
     */
    public record Counters(long cycles, long decisions, long refused, long started, long completed, long failed,
            long cancelled) {
    }
}
