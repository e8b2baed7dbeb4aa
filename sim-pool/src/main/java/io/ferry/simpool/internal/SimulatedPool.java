package io.ferry.simpool.internal;

import io.ferry.api.HypervisorException;
import io.ferry.api.MigrationHandle;
import io.ferry.api.MigrationSteering;
import io.ferry.api.model.Capability;
import io.ferry.api.model.ClusterSnapshot;
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
import io.ferry.engine.EngineSettings;
import io.ferry.engine.LiveMigrationEngine;
import io.ferry.engine.RunResult;
import io.ferry.engine.SeededHash;
import io.ferry.simcluster.Cluster;
import io.ferry.simcluster.CpuWorkload;
import io.ferry.simcluster.GuestWrites;
import io.ferry.simcluster.MigrationLink;
import io.ferry.simcluster.Refusal;
import io.ferry.simcluster.SeedStreams;
import io.ferry.simcluster.TraceWorkload;
import io.ferry.simcluster.VirtualClock;
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
 * One simulated pool on the shared cluster core: a {@link Cluster} (hosts, VMs, memory ledger, admission
 * checks), its {@link CpuWorkload}, its {@link MigrationLink} (the pool's migration network, whose bandwidth
 * concurrent migrations share) on a {@link VirtualClock} that the pool's driver steps, plus what only this pool
 * has: telemetry ring buffers, the adapter's ids and snapshots, seeded migration failures.
 *
 * <p>Decides what a hypervisor decides: whether a migration may start (xapi's checks, in xapi's order), when
 * it ends and where the VM then runs, and what the pool's telemetry reads. A VM's resident host changes only
 * when its migration completes; a cancelled, failed or stopped migration leaves it on its source. Nothing here
 * starts a thread: {@link #advance(long)} is called by a {@link PoolDriver}.
 *
 * <p><b>Dirtying.</b> A running VM writes as {@link GuestWrites} says, with {@code dirtyPagesPerCpuSecond},
 * {@code hotSetFraction} and {@code hotSetSkew}.
 *
 * <p><b>Threads.</b> One lock guards all state. Calls take it briefly: {@link #snapshot()} and the telemetry are
 * O(hosts + VMs) and O(samples); {@link #migrate} allocates the engine's page bitmaps (about 9 bytes per page,
 * with the page-level view the policies may use) and calls the steering's {@code begin}; a tick advances the
 * engine by one step and calls the steerings of the rounds that end in it. Outcomes are completed outside the
 * lock through the driver's callback executor, so a callback may call back into the pool.
 *
 * <p><b>Memory.</b> As {@link MigrationLink}'s: a finished handle lets go of its run.
 */
final class SimulatedPool {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedPool.class);

    private static final int VM_SERIES = 3;
    private static final int HOST_SERIES = 2;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final PoolSettings settings;
    private final PoolId pool;
    private final PoolLayout layout;
    private final CpuWorkload workload;
    private final Instant origin;
    private final Executor callbacks;
    private final LinkSpec link;
    private final GuestWrites writes;
    private final HostId[] hostIds;
    private final VmId[] vmIds;
    private final Map<HostId, Integer> hostIndex = new HashMap<>();
    private final Map<VmId, Integer> vmIndex = new HashMap<>();
    private final Map<String, Integer> subjectSeries = new HashMap<>();
    private final long hostMemoryBytes;
    private final long sampleNanos;
    private final Duration sampleStep;

    private final Object lock = new Object();
    // ------------------------------------------------------------------ guarded by lock
    private final Cluster cluster;
    private final MigrationLink network;
    private final VirtualClock clock = new VirtualClock();
    private final List<SimulatedMigration> active = new ArrayList<>();
    private final double[] utilisation;
    private final double[] sample;
    private final TelemetryStore telemetry;
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
                .map(dir -> TraceWorkload.load(dir, settings.vms(), settings.traceSecondsPerSample(),
                        "workloadTraceDir"));
        this.layout = PoolLayout.draw(settings, traces);
        this.workload = layout.workload();
        this.link = new LinkSpec(settings.linkBytesPerSecond(), Duration.ofNanos(Math.round(settings.rttMs() * 1e6)),
                1.0);
        int hosts = settings.hosts();
        int vms = settings.vms();
        this.hostIds = new HostId[hosts];
        this.hostMemoryBytes = (long) settings.hostMemoryGiB() << 30;
        this.cluster = Cluster.uniform(hosts, hostMemoryBytes, settings.hostCpus());
        for (int h = 0; h < hosts; h++) {
            hostIds[h] = new HostId(settings.hostName(h));
            hostIndex.put(hostIds[h], h);
            subjectSeries.put(hostIds[h].value(), VM_SERIES * vms + HOST_SERIES * h);
            cluster.setMaintenance(h, settings.maintenanceHosts().contains(h));
        }
        this.vmIds = new VmId[vms];
        for (int i = 0; i < vms; i++) {
            vmIds[i] = new VmId(settings.vmName(i));
            vmIndex.put(vmIds[i], i);
            subjectSeries.put(vmIds[i].value(), VM_SERIES * i);
        }
        this.sampleNanos = settings.sampleSeconds() * NANOS_PER_SECOND;
        this.sampleStep = Duration.ofSeconds(settings.sampleSeconds());
        this.utilisation = new double[vms];
        for (int i = 0; i < vms; i++) {
            cluster.addVm(layout.memoryBytes(i), layout.memoryBytes(i), layout.vcpus(i), layout.initialHost(i));
        }
        this.writes = new GuestWrites(settings.dirtyPagesPerCpuSecond(), settings.hotSetFraction(),
                settings.hotSetSkew());
        this.sample = new double[VM_SERIES * vms + HOST_SERIES * hosts];
        this.telemetry = new TelemetryStore(sample.length, settings.historySamples());
        this.network = new MigrationLink(settings.linkBytesPerSecond(), settings.capabilities(), new EngineSettings());
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
            double[] demand = cluster.cpuDemand(utilisation);
            List<HostState> hosts = new ArrayList<>(hostIds.length);
            for (int h = 0; h < hostIds.length; h++) {
                boolean maintenance = cluster.inMaintenance(h);
                hosts.add(new HostState(hostIds[h], hostIds[h].value(), !maintenance, maintenance,
                        settings.hostCpus(), hostCpu(demand, h), hostMemoryBytes, free(h)));
            }
            List<VmState> vms = new ArrayList<>(vmIds.length);
            for (int i = 0; i < vmIds.length; i++) {
                boolean running = cluster.running(i);
                vms.add(new VmState(vmIds[i], vmIds[i].value(), running ? PowerState.RUNNING : PowerState.HALTED,
                        running ? Optional.of(hostIds[cluster.host(i)]) : Optional.empty(), layout.memoryBytes(i),
                        layout.vcpus(i), running ? utilisation[i] : 0, layout.tags(i)));
            }
            return new ClusterSnapshot(pool, origin.plusNanos(clock.nanos()), hosts, vms);
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
            Optional<Refusal> refusal = cluster.check(vm, source, target);
            if (refusal.isPresent()) {
                throw refused(refusal.get(), request, vm);
            }
            long memory = layout.memoryBytes(vm);
            int sequence = migrationsStarted++;
            long failAt = failureTime(sequence, memory);
            MigrationLink.Run run;
            try {
                MigrationRequest engineRequest = engineRequest(request, vm, memory);
                run = network.start(clock.seconds(), engineRequest, writes.model(settings.seed(), vm,
                        engineRequest.pageCount(), engineRequest.dirtying().pagesPerSecond()), steering,
                        LiveMigrationEngine.seedOf(settings.seed(), sequence), true);
            } catch (RuntimeException e) {
                throw new HypervisorException("INTERNAL_ERROR", "the simulation could not start migrating VM "
                        + request.vm() + " (" + oneLine(e.toString()) + ")", e);
            }
            cluster.beginMigration(vm, target);
            m = new SimulatedMigration(this, id, vm, source, target, memory, run, failAt);
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
            long end = clock.nanos() + nanos;
            while (clock.nanos() < end) {
                long next = Math.min(end, nextSampleNanos);
                for (SimulatedMigration m : active) {
                    next = Math.min(next, Math.max(clock.nanos(), m.failAtNanos()));
                }
                network.advanceTo(next / 1e9);
                clock.advanceTo(next);
                endFinished(completions);
                strikeFaults(completions);
                if (clock.nanos() == nextSampleNanos) {
                    recordSample(clock.nanos());
                    nextSampleNanos += sampleNanos;
                }
            }
            refreshUtilisation(clock.nanos());
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
                if (m.run().cancel()) {
                    completions.add(endOnSource(m, MigrationOutcome.Status.CANCELLED, "TASK_CANCELLED: pool " + pool
                            + " was stopped while " + vmIds[m.vm()] + " was in pre-copy; it stays on "
                            + hostIds[m.source()]));
                }
            }
            network.runToCompletion();
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
            return m.finished() ? m.last() : m.run().progress();
        }
    }

    void cancel(SimulatedMigration m) {
        Runnable completion = null;
        synchronized (lock) {
            if (closed || m.finished()) {
                return;
            }
            int round = m.run().progress().round();
            if (m.run().cancel()) {
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
            return clock.nanos();
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

    /** @return the cluster's refusal in xapi's terms, for the request's names */
    private HypervisorException refused(Refusal refusal, MigrationRequest request, int vm) {
        return switch (refusal.reason()) {
            case NOT_RUNNING -> refused("VM_BAD_POWER_STATE", "VM " + request.vm() + " is halted; only a running VM "
                    + "can be live-migrated");
            case MIGRATING -> refused("OTHER_OPERATION_IN_PROGRESS", "VM " + request.vm() + " is already migrating ("
                    + active.stream().filter(m -> m.vm() == vm).findFirst().map(SimulatedMigration::id)
                            .map(String::valueOf).orElse("?") + ")");
            case TARGET_DISABLED -> refused("HOST_DISABLED", "host " + request.target() + " is disabled (in "
                    + "maintenance)");
            case TARGET_OFFLINE, SOURCE_OFFLINE -> refused("HOST_OFFLINE", "a host of the migration of VM "
                    + request.vm() + " is offline");
            case NOT_RESIDENT -> refused("VM_NOT_RESIDENT_HERE", "VM " + request.vm() + " runs on "
                    + hostIds[cluster.host(vm)] + ", not on " + request.source());
            case NOT_ENOUGH_MEMORY -> refused("HOST_NOT_ENOUGH_FREE_MEMORY", "host " + request.target() + " has "
                    + refusal.available() + " bytes free; VM " + request.vm() + " needs " + refusal.needed());
        };
    }

    private long free(int host) {
        return cluster.free(host);
    }

    private double hostCpu(double[] demand, int host) {
        return Math.min(1, demand[host] / settings.hostCpus());
    }

    private double dirtyRate(int vm) {
        return writes.rate(layout.vcpus(vm), utilisation[vm]);
    }

    private void refreshUtilisation(long nanos) {
        double seconds = nanos / 1e9;
        for (int i = 0; i < utilisation.length; i++) {
            utilisation[i] = cluster.running(i) ? workload.utilisation(i, seconds) : 0;
        }
    }

    private void recordSample(long nanos) {
        refreshUtilisation(nanos);
        int vms = vmIds.length;
        for (int i = 0; i < vms; i++) {
            boolean running = cluster.running(i);
            sample[VM_SERIES * i] = utilisation[i];
            sample[VM_SERIES * i + 1] = running ? layout.memoryBytes(i) : 0;
            sample[VM_SERIES * i + 2] = running ? dirtyRate(i) : 0;
        }
        double[] demand = cluster.cpuDemand(utilisation);
        for (int h = 0; h < hostIds.length; h++) {
            sample[VM_SERIES * vms + HOST_SERIES * h] = hostCpu(demand, h);
            sample[VM_SERIES * vms + HOST_SERIES * h + 1] = hostMemoryBytes - free(h);
        }
        telemetry.record(nanos, sample);
    }

    private MigrationRequest engineRequest(MigrationRequest request, int vm, long memory) {
        long pages = (memory + request.pageSizeBytes() - 1) / request.pageSizeBytes();
        return new MigrationRequest(request.vm(), request.source(), request.target(), memory,
                request.pageSizeBytes(), request.executionStateBytes(), link, writes.behaviour(dirtyRate(vm), pages),
                request.downtimeBudget());
    }

    /**
     * @return when an injected fault strikes migration number {@code sequence}: part-way (10 to 90 %) through
     *         the time its first round would take alone on the link, so that it is still in pre-copy; or never
     */
    private long failureTime(int sequence, long memory) {
        double rate = settings.migrationFailureRate();
        if (rate <= 0 || SeededHash.unit(settings.seed(), SeedStreams.FAILURE, sequence, 0) >= rate) {
            return Long.MAX_VALUE;
        }
        double firstRound = network.aloneSeconds(memory);
        double at = (0.1 + 0.8 * SeededHash.unit(settings.seed(), SeedStreams.FAILURE, sequence, 1)) * firstRound;
        return clock.nanos() + Math.max(1, Math.round(at * 1e9));
    }

    private void endFinished(List<Runnable> completions) {
        for (SimulatedMigration m : List.copyOf(active)) {
            if (m.run().done()) {
                completions.add(endCompleted(m, "completed"));
            }
        }
    }

    private void strikeFaults(List<Runnable> completions) {
        for (SimulatedMigration m : List.copyOf(active)) {
            if (m.failAtNanos() <= clock.nanos()) {
                int round = m.run().progress().round();
                if (m.run().cancel()) {
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
        RunResult result = m.run().result();
        cluster.completeMigration(m.vm());
        MigrationMetrics metrics = result.metrics();
        String detail = String.format(Locale.ROOT, "%s: %s in %d round(s), total %.3f s, downtime %.1f ms, %d MiB"
                + " sent", what, result.technique(), metrics.rounds(), metrics.totalTime().toNanos() / 1e9,
                metrics.downtime().toNanos() / 1e6, metrics.bytesSent() >> 20) + notes(result);
        return release(m, MigrationOutcome.Status.COMPLETED, hostIds[m.target()], result, detail);
    }

    private Runnable endOnSource(SimulatedMigration m, MigrationOutcome.Status status, String detail) {
        RunResult result = m.run().result();
        return release(m, status, hostIds[m.source()], result, detail);
    }

    private Runnable release(SimulatedMigration m, MigrationOutcome.Status status, HostId finalHost,
            RunResult result, String detail) {
        if (cluster.migrating(m.vm())) {
            cluster.abortMigration(m.vm());
        }
        active.remove(m);
        m.ended(m.run().progress());
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
            for (int vm : cluster.stuckVms()) {
                LOG.warn("Pool {}: VM {} fits on no other host in service; it cannot be migrated", pool, vmIds[vm]);
            }
        }
    }
}
