package io.ferry.simpool.internal;

import io.ferry.api.HypervisorException;
import io.ferry.api.MigrationHandle;
import io.ferry.api.MigrationSteering;
import io.ferry.api.model.Capability;
import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.DirtyBehaviour;
import io.ferry.api.model.HostId;
import io.ferry.api.model.HostState;
import io.ferry.api.model.LinkSpec;
import io.ferry.api.model.Metric;
import io.ferry.api.model.MetricWindow;
import io.ferry.api.model.MigrationId;
import io.ferry.api.model.MigrationMetrics;
import io.ferry.api.model.MigrationOutcome;
import io.ferry.api.model.MigrationProgress;
import io.ferry.api.model.MigrationRequest;
import io.ferry.api.model.PoolId;
import io.ferry.api.model.PowerState;
import io.ferry.api.model.VmId;
import io.ferry.api.model.VmState;
import io.ferry.engine.DirtyingModel;
import io.ferry.engine.EngineSettings;
import io.ferry.engine.LiveMigrationEngine;
import io.ferry.engine.RunResult;
import io.ferry.engine.SeededHash;
import io.ferry.engine.SharedLinkSimulation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state and physics of one simulated pool: hosts, VMs, their CPU, memory and dirty rates over simulated
 * time, telemetry ring buffers, and live migrations run page by page in one {@link SharedLinkSimulation} (the
 * pool's migration network, whose bandwidth concurrent migrations share).
 *
 * <p>Decides what a hypervisor decides: whether a migration may start (xapi's checks, in xapi's order), when
 * it ends and where the VM then runs, and what the pool's telemetry reads. A VM's resident host changes only
 * when its migration completes; a cancelled, failed or stopped migration leaves it on its source. Nothing here
 * starts a thread: {@link #advance(long)} is called by a {@link PoolDriver}.
 *
 * <p><b>Dirtying.</b> A running VM writes {@code dirtyPagesPerCpuSecond × vCPUs × utilisation} pages per
 * second. A migration's guest uses a {@link DirtyingModel.HotSet} fixed at the rate the VM has when the
 * migration starts: writes fall on a contiguous hot set of {@code hotSetFraction} of its pages (placed by the
 * seed), Zipf-skewed by {@code hotSetSkew} — the writable working set of Clark et al., "Live Migration of
 * Virtual Machines", NSDI 2005. Fixing the rate for the few seconds a migration lasts keeps each run a pure
 * function of its seed; a VM that writes nothing migrates as {@link DirtyingModel.Idle}.
 *
 * <p><b>Threads.</b> One lock guards all state. Calls take it briefly: {@link #snapshot()} and the telemetry are
 * O(hosts + VMs) and O(samples); {@link #migrate} allocates the engine's page bitmaps (about 9 bytes per page,
 * with the page-level view the policies may use) and calls the steering's {@code begin}; a tick advances the
 * engine by one step and calls the steerings of the rounds that end in it. Outcomes are completed outside the
 * lock through the driver's callback executor, so a callback may call back into the pool.
 *
 * <p><b>Memory.</b> The engine keeps every run it ever started (about 9 bytes per page each, bitmaps and
 * page statistics); the pool therefore starts a fresh simulation of its link whenever no migration is in
 * flight, and a finished handle lets go of its run. While migrations overlap without a pause, finished runs
 * stay in the engine until the link is next idle.
 */
final class SimulatedPool {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedPool.class);

    private static final int VM_SERIES = 3;
    private static final int HOST_SERIES = 2;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    /** The fastest page-write rate the engine accepts; a VM is never made to exceed it. */
    private static final double MAX_DIRTY_RATE = 1e8;

    private final PoolSettings settings;
    private final PoolId pool;
    private final PoolLayout layout;
    private final CpuWorkload workload;
    private final Instant origin;
    private final Executor callbacks;
    private final LinkSpec link;
    private final EngineSettings engineSettings = new EngineSettings();
    private final HostId[] hostIds;
    private final VmId[] vmIds;
    private final Map<HostId, Integer> hostIndex = new HashMap<>();
    private final Map<VmId, Integer> vmIndex = new HashMap<>();
    private final Map<String, Integer> subjectSeries = new HashMap<>();
    private final boolean[] maintenance;
    private final long hostMemoryBytes;
    private final long sampleNanos;
    private final Duration sampleStep;

    private final Object lock = new Object();
    // ------------------------------------------------------------------ guarded by lock
    private final int[] residentHost;
    private final long[] residentBytes;
    private final long[] reservedBytes;
    private final SimulatedMigration[] migrating;
    private final List<SimulatedMigration> active = new ArrayList<>();
    private final double[] utilisation;
    private final double[] sample;
    private final TelemetryStore telemetry;
    private SharedLinkSimulation simulation;
    private long simulationEpochNanos;
    private long nowNanos;
    private long nextSampleNanos;
    private int migrationsStarted;
    private boolean closed;

    /**
     * Builds the pool at simulated time 0 and records its first telemetry sample.
     *
     * @param settings  validated settings
     * @param origin    the instant of simulated time 0
     * @param callbacks where outcome futures are completed
     * @throws IllegalArgumentException when the traces are unusable or the VMs do not fit the hosts
     */
    SimulatedPool(PoolSettings settings, Instant origin, Executor callbacks) {
        this.settings = settings;
        this.pool = new PoolId(settings.poolName());
        this.origin = Objects.requireNonNull(origin, "origin");
        this.callbacks = Objects.requireNonNull(callbacks, "callbacks");
        Optional<TraceWorkload> traces = settings.traceDir()
                .map(dir -> TraceWorkload.load(dir, settings.vms(), settings.traceSecondsPerSample()));
        this.layout = PoolLayout.draw(settings, traces);
        this.workload = layout.workload();
        this.link = new LinkSpec(settings.linkBytesPerSecond(), Duration.ofNanos(Math.round(settings.rttMs() * 1e6)),
                1.0);
        int hosts = settings.hosts();
        int vms = settings.vms();
        this.hostIds = new HostId[hosts];
        this.maintenance = new boolean[hosts];
        for (int h = 0; h < hosts; h++) {
            hostIds[h] = new HostId(settings.hostName(h));
            hostIndex.put(hostIds[h], h);
            subjectSeries.put(hostIds[h].value(), VM_SERIES * vms + HOST_SERIES * h);
            maintenance[h] = settings.maintenanceHosts().contains(h);
        }
        this.vmIds = new VmId[vms];
        for (int i = 0; i < vms; i++) {
            vmIds[i] = new VmId(settings.vmName(i));
            vmIndex.put(vmIds[i], i);
            subjectSeries.put(vmIds[i].value(), VM_SERIES * i);
        }
        this.hostMemoryBytes = (long) settings.hostMemoryGiB() << 30;
        this.sampleNanos = settings.sampleSeconds() * NANOS_PER_SECOND;
        this.sampleStep = Duration.ofSeconds(settings.sampleSeconds());
        this.residentHost = new int[vms];
        this.residentBytes = new long[hosts];
        this.reservedBytes = new long[hosts];
        this.migrating = new SimulatedMigration[vms];
        this.utilisation = new double[vms];
        for (int i = 0; i < vms; i++) {
            residentHost[i] = layout.initialHost(i);
            if (residentHost[i] >= 0) {
                residentBytes[residentHost[i]] += layout.memoryBytes(i);
            }
        }
        this.sample = new double[VM_SERIES * vms + HOST_SERIES * hosts];
        this.telemetry = new TelemetryStore(sample.length, settings.historySamples());
        this.simulation = newSimulation();
        synchronized (lock) {
            recordSample(0);
            nextSampleNanos = sampleNanos;
        }
        warnAboutStuckVms();
    }

    // ------------------------------------------------------------------ what the adapter exposes

    PoolId pool() {
        return pool;
    }

    Set<Capability> capabilities() {
        return settings.capabilities();
    }

    /** @return the pool's migration network: its bandwidth, RTT, no compression */
    LinkSpec link() {
        return link;
    }

    /** @return a consistent picture of the pool now */
    ClusterSnapshot snapshot() throws HypervisorException {
        synchronized (lock) {
            requireOpen();
            return state();
        }
    }

    /** @return the pool's state even once stopped (for tests: where every VM ended up) */
    ClusterSnapshot state() {
        synchronized (lock) {
            double[] demand = hostDemand();
            List<HostState> hosts = new ArrayList<>(hostIds.length);
            for (int h = 0; h < hostIds.length; h++) {
                hosts.add(new HostState(hostIds[h], hostIds[h].value(), !maintenance[h], maintenance[h],
                        settings.hostCpus(), hostCpu(demand, h), hostMemoryBytes, free(h)));
            }
            List<VmState> vms = new ArrayList<>(vmIds.length);
            for (int i = 0; i < vmIds.length; i++) {
                boolean running = residentHost[i] >= 0;
                vms.add(new VmState(vmIds[i], vmIds[i].value(), running ? PowerState.RUNNING : PowerState.HALTED,
                        running ? Optional.of(hostIds[residentHost[i]]) : Optional.empty(), layout.memoryBytes(i),
                        layout.vcpus(i), running ? utilisation[i] : 0, layout.tags(i)));
            }
            return new ClusterSnapshot(pool, origin.plusNanos(nowNanos), hosts, vms);
        }
    }

    /** @return the newest samples of one series, or empty for an unknown subject or an unrecorded metric */
    Optional<MetricWindow> metrics(String subject, Metric metric, int samples) throws HypervisorException {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(metric, "metric");
        if (samples < 1) {
            throw new IllegalArgumentException("samples = " + samples + ": must be >= 1");
        }
        Integer first = subjectSeries.get(subject);
        if (first == null) {
            return Optional.empty();
        }
        boolean vm = vmIndex.containsKey(new VmId(subject));
        int offset;
        if (metric == Metric.CPU_UTILISATION) {
            offset = 0;
        } else if (metric == Metric.MEMORY_USED_BYTES) {
            offset = 1;
        } else if (metric == Metric.DIRTY_PAGES_PER_SECOND && vm
                && settings.capabilities().contains(Capability.DIRTY_RATE_METRIC)) {
            offset = 2;
        } else {
            return Optional.empty();
        }
        synchronized (lock) {
            requireOpen();
            double[] values = telemetry.latest(first + offset, samples);
            return Optional.of(new MetricWindow(subject, metric, origin.plusNanos(telemetry.newestNanos()), sampleStep,
                    values));
        }
    }

    /**
     * Starts a migration after xapi's checks: unknown VM or host ({@code HANDLE_INVALID}), VM not running
     * ({@code VM_BAD_POWER_STATE}), VM already migrating ({@code OTHER_OPERATION_IN_PROGRESS}), target
     * disabled ({@code HOST_DISABLED}), VM not on the request's source ({@code VM_NOT_RESIDENT_HERE}, xapi's
     * code for a VM that is not on the host named), target short of memory
     * ({@code HOST_NOT_ENOUGH_FREE_MEMORY}). On success the VM's memory is reserved on the target until the
     * migration ends.
     *
     * <p>The engine migrates the VM's real memory over the pool's link (whatever the request says of either),
     * with the request's page size, execution state and downtime budget.
     */
    MigrationHandle migrate(MigrationId id, MigrationRequest request, MigrationSteering steering)
            throws HypervisorException {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(steering, "steering");
        SimulatedMigration m;
        synchronized (lock) {
            requireOpen();
            Integer vm = vmIndex.get(request.vm());
            if (vm == null) {
                throw refused("HANDLE_INVALID", "VM " + request.vm() + " is not in pool " + pool);
            }
            Integer source = hostIndex.get(request.source());
            if (source == null) {
                throw refused("HANDLE_INVALID", "host " + request.source() + " is not in pool " + pool);
            }
            Integer target = hostIndex.get(request.target());
            if (target == null) {
                throw refused("HANDLE_INVALID", "host " + request.target() + " is not in pool " + pool);
            }
            if (residentHost[vm] < 0) {
                throw refused("VM_BAD_POWER_STATE", "VM " + request.vm() + " is halted; only a running VM can be "
                        + "live-migrated");
            }
            if (migrating[vm] != null) {
                throw refused("OTHER_OPERATION_IN_PROGRESS", "VM " + request.vm() + " is already migrating ("
                        + migrating[vm].id() + ")");
            }
            if (maintenance[target]) {
                throw refused("HOST_DISABLED", "host " + request.target() + " is disabled (in maintenance)");
            }
            if (residentHost[vm] != source) {
                throw refused("VM_NOT_RESIDENT_HERE", "VM " + request.vm() + " runs on "
                        + hostIds[residentHost[vm]] + ", not on " + request.source());
            }
            long memory = layout.memoryBytes(vm);
            long available = free(target);
            if (available < memory) {
                throw refused("HOST_NOT_ENOUGH_FREE_MEMORY", "host " + request.target() + " has " + available
                        + " bytes free; VM " + request.vm() + " needs " + memory);
            }
            int sequence = migrationsStarted++;
            long failAt = failureTime(sequence, memory);
            int run;
            try {
                MigrationRequest engineRequest = engineRequest(request, vm, memory);
                run = simulation.start(engineRequest, dirtyingModel(vm, engineRequest), steering,
                        LiveMigrationEngine.seedOf(settings.seed(), sequence), true);
            } catch (RuntimeException e) {
                throw new HypervisorException("INTERNAL_ERROR", "the simulation could not start migrating VM "
                        + request.vm() + " (" + oneLine(e.toString()) + ")", e);
            }
            reservedBytes[target] += memory;
            m = new SimulatedMigration(this, id, vm, source, target, memory, simulation, run, failAt);
            migrating[vm] = m;
            active.add(m);
        }
        LOG.info("Pool {}: migration {} of {} from {} to {} started", pool, id, request.vm(), request.source(),
                request.target());
        return m;
    }

    // ------------------------------------------------------------------ time

    /**
     * Advances simulated time by {@code nanos}: runs the engine (which consults the steerings at round ends),
     * ends the migrations that finish, strikes the injected faults that are due and records every telemetry
     * sample whose time is passed, each at its exact time. Does nothing once stopped.
     */
    void advance(long nanos) {
        if (nanos <= 0) {
            throw new IllegalArgumentException("nanos = " + nanos + ": must be > 0");
        }
        List<Runnable> completions = new ArrayList<>();
        synchronized (lock) {
            if (closed) {
                return;
            }
            long end = nowNanos + nanos;
            while (nowNanos < end) {
                long next = Math.min(end, nextSampleNanos);
                for (SimulatedMigration m : active) {
                    next = Math.min(next, Math.max(nowNanos, m.failAtNanos()));
                }
                simulation.advanceTo(engineSeconds(next));
                nowNanos = next;
                endFinished(completions);
                strikeFaults(completions);
                if (nowNanos == nextSampleNanos) {
                    recordSample(nowNanos);
                    nextSampleNanos += sampleNanos;
                }
                if (active.isEmpty() && simulation.size() > 0) {
                    simulation = newSimulation();
                    simulationEpochNanos = nowNanos;
                }
            }
            refreshUtilisation(nowNanos);
        }
        deliver(completions);
    }

    /**
     * Stops the pool: every migration still in pre-copy is cancelled (its VM stays on its source), every one
     * past the point of no return runs to its end at once (its VM moves), every outcome is completed, and
     * later calls fail with {@code UNREACHABLE}. Idempotent.
     */
    void stop() {
        List<Runnable> completions = new ArrayList<>();
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            for (SimulatedMigration m : List.copyOf(active)) {
                if (m.simulation().cancel(m.run())) {
                    completions.add(endOnSource(m, MigrationOutcome.Status.CANCELLED, "TASK_CANCELLED: pool " + pool
                            + " was stopped while " + vmIds[m.vm()] + " was in pre-copy; it stays on "
                            + hostIds[m.source()]));
                }
            }
            simulation.runToCompletion();
            for (SimulatedMigration m : List.copyOf(active)) {
                completions.add(endCompleted(m, "completed at once because pool " + pool + " was stopping"));
            }
        }
        deliver(completions);
        LOG.info("Pool {} stopped: {} migration(s) ended", pool, completions.size());
    }

    // ------------------------------------------------------------------ migration handles

    MigrationProgress progressOf(SimulatedMigration m) {
        synchronized (lock) {
            return m.finished() ? m.last() : m.simulation().progress(m.run());
        }
    }

    void cancel(SimulatedMigration m) {
        Runnable completion = null;
        synchronized (lock) {
            if (closed || m.finished()) {
                return;
            }
            int round = m.simulation().progress(m.run()).round();
            if (m.simulation().cancel(m.run())) {
                completion = endOnSource(m, MigrationOutcome.Status.CANCELLED, "TASK_CANCELLED: cancelled in "
                        + "pre-copy round " + round + "; " + vmIds[m.vm()] + " stays on " + hostIds[m.source()]);
            }
        }
        if (completion != null) {
            deliver(List.of(completion));
        } else {
            LOG.debug("Pool {}: migration {} is past the point of no return; it completes instead of cancelling",
                    pool, m.id());
        }
    }

    // ------------------------------------------------------------------ for tests and the adapter's log

    /** @return simulated nanoseconds since the pool started */
    long nowNanos() {
        synchronized (lock) {
            return nowNanos;
        }
    }

    /** @return the migrations in flight */
    int migrationsInFlight() {
        synchronized (lock) {
            return active.size();
        }
    }

    PoolLayout layout() {
        return layout;
    }

    // ------------------------------------------------------------------ internals (lock held)

    private void requireOpen() throws HypervisorException {
        if (closed) {
            throw new HypervisorException("UNREACHABLE", "pool " + pool + " is stopped", null);
        }
    }

    private static HypervisorException refused(String code, String message) {
        return new HypervisorException(code, message, null);
    }

    private SharedLinkSimulation newSimulation() {
        return new SharedLinkSimulation(settings.linkBytesPerSecond(), settings.capabilities(), engineSettings);
    }

    private double engineSeconds(long nanos) {
        return (nanos - simulationEpochNanos) / 1e9;
    }

    private long free(int host) {
        return Math.max(0, hostMemoryBytes - residentBytes[host] - reservedBytes[host]);
    }

    private double[] hostDemand() {
        double[] demand = new double[hostIds.length];
        for (int i = 0; i < vmIds.length; i++) {
            if (residentHost[i] >= 0) {
                demand[residentHost[i]] += layout.vcpus(i) * utilisation[i];
            }
        }
        return demand;
    }

    private double hostCpu(double[] demand, int host) {
        return Math.min(1, demand[host] / settings.hostCpus());
    }

    private double dirtyRate(int vm) {
        return Math.min(MAX_DIRTY_RATE, settings.dirtyPagesPerCpuSecond() * layout.vcpus(vm) * utilisation[vm]);
    }

    private void refreshUtilisation(long nanos) {
        double seconds = nanos / 1e9;
        for (int i = 0; i < utilisation.length; i++) {
            utilisation[i] = residentHost[i] >= 0 ? workload.utilisation(i, seconds) : 0;
        }
    }

    private void recordSample(long nanos) {
        refreshUtilisation(nanos);
        int vms = vmIds.length;
        for (int i = 0; i < vms; i++) {
            boolean running = residentHost[i] >= 0;
            sample[VM_SERIES * i] = utilisation[i];
            sample[VM_SERIES * i + 1] = running ? layout.memoryBytes(i) : 0;
            sample[VM_SERIES * i + 2] = running ? dirtyRate(i) : 0;
        }
        double[] demand = hostDemand();
        for (int h = 0; h < hostIds.length; h++) {
            sample[VM_SERIES * vms + HOST_SERIES * h] = hostCpu(demand, h);
            sample[VM_SERIES * vms + HOST_SERIES * h + 1] = hostMemoryBytes - free(h);
        }
        telemetry.record(nanos, sample);
    }

    private MigrationRequest engineRequest(MigrationRequest request, int vm, long memory) {
        long pages = (memory + request.pageSizeBytes() - 1) / request.pageSizeBytes();
        long hot = hotPages(pages);
        return new MigrationRequest(request.vm(), request.source(), request.target(), memory,
                request.pageSizeBytes(), request.executionStateBytes(), link,
                new DirtyBehaviour(dirtyRate(vm), hot, DirtyBehaviour.Source.MEASURED), request.downtimeBudget());
    }

    private long hotPages(long pages) {
        return Math.max(1, Math.min(pages, Math.round(settings.hotSetFraction() * pages)));
    }

    private DirtyingModel dirtyingModel(int vm, MigrationRequest engineRequest) {
        double rate = engineRequest.dirtying().pagesPerSecond();
        if (rate <= 0) {
            return new DirtyingModel.Idle();
        }
        int pages = engineRequest.pageCount();
        int hot = (int) engineRequest.dirtying().hotPages();
        int first = (int) Math.floorMod(SeededHash.hash(settings.seed(), Seeds.HOT_SET, vm, 0), (long) pages - hot + 1);
        return new DirtyingModel.HotSet(rate, hot, settings.hotSetSkew(), first);
    }

    /**
     * @return when an injected fault strikes migration number {@code sequence}: part-way (10 to 90 %) through
     *         the time its first round would take alone on the link, so that it is still in pre-copy; or never
     */
    private long failureTime(int sequence, long memory) {
        double rate = settings.migrationFailureRate();
        if (rate <= 0 || SeededHash.unit(settings.seed(), Seeds.FAILURE, sequence, 0) >= rate) {
            return Long.MAX_VALUE;
        }
        double firstRound = memory / settings.linkBytesPerSecond();
        double at = (0.1 + 0.8 * SeededHash.unit(settings.seed(), Seeds.FAILURE, sequence, 1)) * firstRound;
        return nowNanos + Math.max(1, Math.round(at * 1e9));
    }

    private void endFinished(List<Runnable> completions) {
        for (SimulatedMigration m : List.copyOf(active)) {
            if (m.simulation().done(m.run())) {
                completions.add(endCompleted(m, "completed"));
            }
        }
    }

    private void strikeFaults(List<Runnable> completions) {
        for (SimulatedMigration m : List.copyOf(active)) {
            if (m.failAtNanos() <= nowNanos) {
                int round = m.simulation().progress(m.run()).round();
                if (m.simulation().cancel(m.run())) {
                    completions.add(endOnSource(m, MigrationOutcome.Status.FAILED, "VM_MIGRATE_FAILED: injected "
                            + "fault (migrationFailureRate = " + settings.migrationFailureRate() + ") in pre-copy "
                            + "round " + round + "; " + vmIds[m.vm()] + " stays on " + hostIds[m.source()]));
                } else {
                    // past the point of no return: a fault now would lose the VM, so the migration goes on
                    m.clearFailure();
                }
            }
        }
    }

    private Runnable endCompleted(SimulatedMigration m, String what) {
        RunResult result = m.simulation().result(m.run());
        int vm = m.vm();
        residentBytes[m.source()] -= m.memoryBytes();
        residentBytes[m.target()] += m.memoryBytes();
        residentHost[vm] = m.target();
        MigrationMetrics metrics = result.metrics();
        String detail = String.format(Locale.ROOT, "%s: %s in %d round(s), total %.3f s, downtime %.1f ms, %d MiB"
                + " sent", what, result.technique(), metrics.rounds(), metrics.totalTime().toNanos() / 1e9,
                metrics.downtime().toNanos() / 1e6, metrics.bytesSent() >> 20) + notes(result);
        return release(m, MigrationOutcome.Status.COMPLETED, hostIds[m.target()], result, detail);
    }

    private Runnable endOnSource(SimulatedMigration m, MigrationOutcome.Status status, String detail) {
        RunResult result = m.simulation().result(m.run());
        return release(m, status, hostIds[m.source()], result, detail);
    }

    private Runnable release(SimulatedMigration m, MigrationOutcome.Status status, HostId finalHost,
            RunResult result, String detail) {
        reservedBytes[m.target()] -= m.memoryBytes();
        migrating[m.vm()] = null;
        active.remove(m);
        m.ended(m.simulation().progress(m.run()));
        MigrationOutcome outcome = new MigrationOutcome(m.id(), vmIds[m.vm()], hostIds[m.source()],
                hostIds[m.target()], status, finalHost, result.technique(), Optional.of(result.metrics()),
                oneLine(detail), result.fallback().map(SimulatedPool::oneLine));
        return () -> {
            if (m.complete(outcome)) {
                LOG.info("Pool {}: migration {} {}: {}", pool, m.id(), status, outcome.detail());
            }
        };
    }

    private static String notes(RunResult result) {
        return result.notes().isEmpty() ? "" : "; engine: " + String.join("; ", result.notes());
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\s*\\R\\s*", " ");
    }

    private void deliver(List<Runnable> completions) {
        for (Runnable c : completions) {
            try {
                callbacks.execute(c);
            } catch (RejectedExecutionException e) {
                // the driver is shutting down: complete here rather than lose the outcome
                c.run();
            }
        }
    }

    private void warnAboutStuckVms() {
        synchronized (lock) {
            for (int i = 0; i < vmIds.length; i++) {
                int from = residentHost[i];
                if (from < 0) {
                    continue;
                }
                boolean movable = false;
                for (int h = 0; h < hostIds.length && !movable; h++) {
                    movable = h != from && !maintenance[h] && free(h) >= layout.memoryBytes(i);
                }
                if (!movable) {
                    LOG.warn("Pool {}: VM {} fits on no other host in service; it cannot be migrated", pool,
                            vmIds[i]);
                }
            }
        }
    }
}
