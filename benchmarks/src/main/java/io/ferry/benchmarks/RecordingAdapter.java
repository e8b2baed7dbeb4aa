package io.ferry.benchmarks;

import io.ferry.api.HypervisorAdapter;
import io.ferry.api.HypervisorException;
import io.ferry.api.MigrationHandle;
import io.ferry.api.MigrationSteering;
import io.ferry.api.model.Capability;
import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.LinkSpec;
import io.ferry.api.model.Metric;
import io.ferry.api.model.MetricWindow;
import io.ferry.api.model.MigrationId;
import io.ferry.api.model.MigrationRequest;
import io.ferry.api.model.PoolId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link HypervisorAdapter} that passes every call to the real one and writes down what the controller did with
 * it, for the scenario runs to account for afterwards:
 * <ul>
 * <li>every control cycle, as the window in which it read the pool's selection: from the clock reading that starts
 * the cycle ({@link MonotonicClock#lastReadOnThisThread()}) to the {@link #snapshot()} call that follows it. Only
 * snapshots taken on the controller's threads ({@value #CONTROLLER_THREADS}…) count as cycles; a status query on
 * another thread does not;</li>
 * <li>every {@link #migrate} call: the migration id, the VM, and whether the hypervisor refused it; and the handle
 * of every migration it started, so a run can wait until every outcome has arrived.</li>
 * </ul>
 *
 * <p>This relies on the order of the controller's cycle (clock, selection, plugins, snapshot, agent, …) that
 * {@code PoolRuntime} documents: if that order changed, the windows would no longer hold the selection read and the
 * policy check of {@link DecisionLedger} would report it. Cost: one list append under a lock per snapshot and per
 * migration. Thread-safe.
 */
final class RecordingAdapter implements HypervisorAdapter {

    /** The name prefix of {@code EmbeddedController}'s threads. */
    static final String CONTROLLER_THREADS = "ferry-embedded-";

    /** A control cycle: it read the selection between {@code start} and {@code snapshot}. */
    record Cycle(Instant start, Instant snapshot) {
    }

    /** One {@code migrate} call and whether the hypervisor refused it. */
    record MigrateCall(MigrationId id, io.ferry.api.model.VmId vm, boolean refused) {
    }

    private final HypervisorAdapter delegate;
    private final MonotonicClock clock;
    private final List<Cycle> cycles = new ArrayList<>();
    private final List<MigrateCall> calls = new ArrayList<>();
    private final List<CompletableFuture<?>> outcomes = new ArrayList<>();

    RecordingAdapter(HypervisorAdapter delegate, MonotonicClock clock) {
        this.delegate = delegate;
        this.clock = clock;
    }

    @Override
    public PoolId pool() {
        return delegate.pool();
    }

    @Override
    public String kind() {
        return delegate.kind();
    }

    @Override
    public Set<Capability> capabilities() {
        return delegate.capabilities();
    }

    @Override
    public Optional<LinkSpec> migrationLink() {
        return delegate.migrationLink();
    }

    @Override
    public ClusterSnapshot snapshot() throws HypervisorException {
        if (Thread.currentThread().getName().startsWith(CONTROLLER_THREADS)) {
            Instant start = clock.lastReadOnThisThread();
            Instant now = clock.instant();
            synchronized (this) {
                cycles.add(new Cycle(start != null ? start : now, now));
            }
        }
        return delegate.snapshot();
    }

    @Override
    public Optional<MetricWindow> metrics(String subject, Metric metric, int samples) throws HypervisorException {
        return delegate.metrics(subject, metric, samples);
    }

    @Override
    public MigrationHandle migrate(MigrationId id, MigrationRequest request, MigrationSteering steering)
            throws HypervisorException {
        MigrationHandle handle;
        try {
            handle = delegate.migrate(id, request, steering);
        } catch (HypervisorException | RuntimeException e) {
            synchronized (this) {
                calls.add(new MigrateCall(id, request.vm(), true));
            }
            throw e;
        }
        synchronized (this) {
            calls.add(new MigrateCall(id, request.vm(), false));
            outcomes.add(handle.outcome().toCompletableFuture());
        }
        return handle;
    }

    /** @return the cycles so far, oldest first */
    synchronized List<Cycle> cycles() {
        return List.copyOf(cycles);
    }

    /** @return the {@code migrate} calls so far, oldest first */
    synchronized List<MigrateCall> migrateCalls() {
        return List.copyOf(calls);
    }

    /** @return how many migrations this adapter started whose outcome has not completed yet */
    synchronized long inFlight() {
        return outcomes.stream().filter(f -> !f.isDone()).count();
    }
}
