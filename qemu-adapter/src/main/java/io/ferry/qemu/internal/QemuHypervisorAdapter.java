package io.ferry.qemu.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.api.HypervisorAdapter;
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
import io.ferry.api.model.MigrationRequest;
import io.ferry.api.model.PoolId;
import io.ferry.api.model.PowerState;
import io.ferry.api.model.VmId;
import io.ferry.api.model.VmState;
import io.ferry.policy.support.DaemonThreads;
import io.ferry.qemu.DirtyRateSample;
import io.ferry.qemu.GuestSpec;
import io.ferry.qemu.Heartbeat;
import io.ferry.qemu.QemuMigrationReport;
import io.ferry.qemu.QemuPool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.util.converter.Converters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link HypervisorAdapter} over QEMU processes on this machine, one factory configuration of
 * {@value #FACTORY_PID} per pool (for instance {@code etc/io.ferry.qemu-lab.cfg}): hosts are slots that run
 * QEMU processes, a VM is one running process, and a migration moves the guest into a new process on the target
 * host over a Unix socket, executing the active policy for real (see {@link QemuMigration}).
 *
 * <p>Decides nothing on the controller's behalf: it reports inventory and telemetry (CPU of each QEMU process, the
 * dirty-page rate by {@code calc-dirty-rate} page-sampling) and runs the migrations it is asked for, refusing
 * with one-line error codes ({@code UNKNOWN_VM}, {@code VM_NOT_ON_SOURCE}, {@code MIGRATION_IN_PROGRESS},
 * {@code HOST_NOT_ENOUGH_FREE_MEMORY}, …). {@link #capabilities()} is what QEMU really does: pre-copy, post-copy,
 * the switch, round control, downtime limit, bandwidth cap, measured dirty rate, cancel; never
 * {@code PAGE_ORDER}. The link it advertises is the configured bandwidth cap, which every migration applies.
 *
 * <p>Threads: a tail thread reads the serial logs every {@code tailPeriodMillis} (heartbeat arrival times), a
 * metrics thread samples every {@code metricsIntervalSeconds} (when not 0), and each migration or configured boot
 * runs on a thread of its own from a cached pool; all are daemon threads, created here and joined at
 * {@link #close()}. Every QEMU process is stopped by its PID at close, by a JVM shutdown hook if the JVM exits
 * first, and, after a killed JVM, by the next pool on the same work directory (PID files).
 *
 * <p>When not to use it: for figures at data-centre scale (each guest is a full emulator under TCG, about one
 * core at full write speed); use the simulated pool there, and this one to ground it in real migrations.
 */
@Component(service = HypervisorAdapter.class, configurationPid = QemuHypervisorAdapter.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = HypervisorAdapter.POOL_PROPERTY + "=" + QemuHypervisorAdapter.DEFAULT_POOL_NAME)
@Designate(ocd = QemuAdapterConfiguration.class, factory = true)
public final class QemuHypervisorAdapter implements QemuPool {

    /** The factory PID: one configuration, one pool. */
    static final String FACTORY_PID = "io.ferry.qemu";
    /** The pool name when the configuration gives none. */
    static final String DEFAULT_POOL_NAME = "qemu";
    /** What {@link #kind()} answers. */
    static final String KIND = "qemu";
    /** Heartbeats kept per QEMU process: ten minutes at the default 20 ms. */
    static final int HEARTBEATS_KEPT = 30_000;
    /** Reports of ended migrations kept for {@link #report}. */
    static final int REPORTS_KEPT = 1000;
    /** Earlier processes whose heartbeats a guest keeps. */
    static final int PAST_TAILS_KEPT = 16;

    private static final Logger LOG = LoggerFactory.getLogger(QemuHypervisorAdapter.class);

    private final QemuSettings settings;
    private final PoolId pool;
    private final Object lock = new Object();
    private final Map<VmId, GuestRecord> guests = new LinkedHashMap<>();
    private final Map<MigrationId, QemuMigration> migrations = new LinkedHashMap<>();
    private final Map<MigrationId, QemuMigrationReport> reports = new LinkedHashMap<>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<MigrationId, QemuMigrationReport> eldest) {
            return size() > REPORTS_KEPT;
        }
    };
    private final Map<HostId, Double> hostCpu = new ConcurrentHashMap<>();
    private final Set<QemuProcess> processes = ConcurrentHashMap.newKeySet();
    private final AtomicInteger instances = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ScheduledExecutorService tailThread;
    private final ScheduledExecutorService metricsThread;
    private final ExecutorService workers;
    private final Thread shutdownHook;

    /**
     * Activates the pool from its configuration: stops stale processes of an earlier run, starts the tail and
     * metrics threads, and boots the configured guests in the background.
     *
     * @throws IllegalArgumentException {@code name = value: must …} for the first bad attribute
     */
    @Activate
    public QemuHypervisorAdapter(QemuAdapterConfiguration config) {
        this(QemuSettings.from(config));
    }

    /**
     * For use outside OSGi (the testbed, tools, tests): a pool configured from a property map with the attribute
     * names of {@link QemuAdapterConfiguration}, missing keys taking their defaults; {@link #close()} stops it.
     *
     * @throws IllegalArgumentException {@code name = value: must …} for the first bad attribute
     */
    public QemuHypervisorAdapter(Map<String, ?> properties) {
        this(QemuSettings.from(
                Converters.standardConverter().convert(properties).to(QemuAdapterConfiguration.class)));
    }

    private QemuHypervisorAdapter(QemuSettings settings) {
        this.settings = settings;
        this.pool = new PoolId(settings.poolName());
        try {
            Files.createDirectories(settings.workDir());
        } catch (IOException e) {
            throw new IllegalArgumentException("workDir = " + settings.workDir() + ": cannot be created: " + e.getMessage());
        }
        reapStale(settings.workDir());
        this.tailThread = Executors.newSingleThreadScheduledExecutor(DaemonThreads.numbered("ferry-qemu-" + pool + "-tail"));
        this.metricsThread = Executors.newSingleThreadScheduledExecutor(DaemonThreads.numbered("ferry-qemu-" + pool + "-metrics"));
        this.workers = Executors.newCachedThreadPool(DaemonThreads.numbered("ferry-qemu-" + pool + "-migration"));
        this.shutdownHook = new Thread(this::killAll, "ferry-qemu-" + pool + "-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        long tail = settings.tailPeriod().toMillis();
        tailThread.scheduleWithFixedDelay(this::pollTails, tail, tail, TimeUnit.MILLISECONDS);
        long every = settings.metricsInterval().toSeconds();
        if (every > 0) {
            metricsThread.scheduleWithFixedDelay(this::sampleMetrics, every, every, TimeUnit.SECONDS);
        }
        for (QemuSettings.Placement p : settings.vms()) {
            workers.execute(() -> {
                try {
                    boot(p.guest(), p.host());
                } catch (HypervisorException e) {
                    LOG.warn("QEMU pool {}: guest {} did not boot on {}: {}", pool, p.guest().name(), p.host(),
                            e.getMessage());
                }
            });
        }
        LOG.info("QEMU pool {} started: hosts {}, work directory {}, {} MiB/s cap, capabilities {}", pool,
                settings.hosts(), settings.workDir(), Math.round(settings.bandwidthCapBytesPerSec() / (1 << 20)),
                settings.capabilities());
    }

    // ---------------------------------------------------------------- SPI

    @Override
    public PoolId pool() {
        return pool;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Set<Capability> capabilities() {
        return settings.capabilities();
    }

    /**
     * The configured caps are the link: every migration applies the first as max-bandwidth, the second (0: none,
     * QEMU's default) as max-postcopy-bandwidth. RTT on loopback is ~0.
     */
    @Override
    public Optional<LinkSpec> migrationLink() {
        return Optional.of(new LinkSpec(settings.bandwidthCapBytesPerSec(), Duration.ofNanos(50_000), 1.0,
                settings.postcopyBandwidthCapBytesPerSec()));
    }

    @Override
    public Optional<String> bandwidthCaps() {
        return Optional.of(settings.bandwidthCaps());
    }

    @Override
    public ClusterSnapshot snapshot() throws HypervisorException {
        ensureOpen();
        int cpus = Runtime.getRuntime().availableProcessors();
        List<HostState> hosts = new ArrayList<>();
        List<VmState> vms = new ArrayList<>();
        synchronized (lock) {
            for (HostId h : settings.hosts()) {
                hosts.add(new HostState(h, h.value(), true, false, cpus,
                        Math.max(0, Math.min(1, hostCpu.getOrDefault(h, 0.0))), settings.hostMemoryBytes(),
                        Math.max(0, settings.hostMemoryBytes() - committedBytes(h))));
            }
            for (GuestRecord g : guests.values()) {
                QemuProcess p = g.process;
                boolean running = p != null && p.alive();
                Deque<GuestRecord.Sample> cpu = g.samples.get(Metric.CPU_UTILISATION);
                double util = cpu == null || cpu.isEmpty() ? 0 : cpu.peekLast().value();
                vms.add(new VmState(g.id, g.id.value(), running ? PowerState.RUNNING : PowerState.HALTED,
                        running ? Optional.of(p.host()) : Optional.empty(), g.spec.guestMemoryBytes(), 1,
                        Math.max(0, Math.min(1, util)), Set.of()));
            }
        }
        return new ClusterSnapshot(pool, Instant.now(), hosts, vms);
    }

    /** @return guest memory placed on or migrating to {@code host}; caller holds the lock */
    private long committedBytes(HostId host) {
        long sum = 0;
        for (GuestRecord g : guests.values()) {
            QemuProcess p = g.process;
            if (p != null && p.alive() && p.host().equals(host)) {
                sum += g.spec.guestMemoryBytes();
            }
            if (g.migration != null && g.migration.target().equals(host)) {
                sum += g.spec.guestMemoryBytes();
            }
        }
        return sum;
    }

    @Override
    public Optional<MetricWindow> metrics(String subject, Metric metric, int samples) throws HypervisorException {
        ensureOpen();
        if (samples < 1) {
            throw new IllegalArgumentException("samples = " + samples + ": must be >= 1");
        }
        Duration step = settings.metricsInterval().isZero() ? Duration.ofSeconds(1) : settings.metricsInterval();
        synchronized (lock) {
            GuestRecord g = guests.get(new VmId(subject));
            if (g == null) {
                return Optional.empty();
            }
            Deque<GuestRecord.Sample> d = g.samples.get(metric);
            if (d == null || d.isEmpty()) {
                return Optional.empty();
            }
            List<GuestRecord.Sample> all = new ArrayList<>(d);
            List<GuestRecord.Sample> last = all.subList(Math.max(0, all.size() - samples), all.size());
            double[] values = last.stream().mapToDouble(GuestRecord.Sample::value).toArray();
            return Optional.of(new MetricWindow(subject, metric, last.get(last.size() - 1).at(), step, values));
        }
    }

    @Override
    public MigrationHandle migrate(MigrationId id, MigrationRequest request, MigrationSteering steering)
            throws HypervisorException {
        ensureOpen();
        QemuMigration m;
        synchronized (lock) {
            GuestRecord g = guests.get(request.vm());
            if (g == null) {
                throw new HypervisorException("UNKNOWN_VM", "no VM " + request.vm() + " in pool " + pool, null);
            }
            QemuProcess p = g.process;
            if (p == null || !p.alive()) {
                throw new HypervisorException("VM_NOT_RUNNING", "VM " + request.vm() + " is not running", null);
            }
            if (!p.host().equals(request.source())) {
                throw new HypervisorException("VM_NOT_ON_SOURCE",
                        "VM " + request.vm() + " runs on " + p.host() + ", not on " + request.source(), null);
            }
            if (!settings.hosts().contains(request.target())) {
                throw new HypervisorException("UNKNOWN_HOST",
                        "no host " + request.target() + " in pool " + pool + " " + settings.hosts(), null);
            }
            if (g.migration != null) {
                throw new HypervisorException("MIGRATION_IN_PROGRESS",
                        "VM " + request.vm() + " is already migrating (" + g.migration.id() + ")", null);
            }
            if (migrations.containsKey(id) || reports.containsKey(id)) {
                throw new HypervisorException("MIGRATION_EXISTS", "migration id " + id + " was used before", null);
            }
            long free = settings.hostMemoryBytes() - committedBytes(request.target());
            if (free < g.spec.guestMemoryBytes()) {
                throw new HypervisorException("HOST_NOT_ENOUGH_FREE_MEMORY", "host " + request.target() + " has "
                        + (free >> 20) + " MiB free, VM " + request.vm() + " needs " + g.spec.guestMemoryMiB(), null);
            }
            Path socket = hostDir(request.target()).resolve(g.spec.name() + "." + instances.incrementAndGet()
                    + ".migrate.sock");
            m = new QemuMigration(this, settings, id, request, steering, g, p, socket);
            g.migration = m;
            migrations.put(id, m);
        }
        try {
            workers.execute(m::run);
        } catch (RuntimeException e) {
            synchronized (lock) {
                m.guest().migration = null;
                migrations.remove(id);
            }
            throw new HypervisorException("UNREACHABLE", "pool " + pool + " is shutting down", e);
        }
        return m;
    }

    // ---------------------------------------------------------------- QemuPool

    @Override
    public VmId boot(GuestSpec guest, HostId host) throws HypervisorException {
        ensureOpen();
        if (settings.kernel().isEmpty() || settings.initramfs().isEmpty()) {
            throw new HypervisorException("NO_GUEST_IMAGE",
                    "pool " + pool + " has no kernel and initramfs configured", null);
        }
        VmId id = new VmId(guest.name());
        GuestRecord record;
        synchronized (lock) {
            if (guests.containsKey(id)) {
                throw new HypervisorException("VM_EXISTS", "VM " + id + " already exists in pool " + pool, null);
            }
            if (!settings.hosts().contains(host)) {
                throw new HypervisorException("UNKNOWN_HOST", "no host " + host + " in pool " + pool, null);
            }
            long free = settings.hostMemoryBytes() - committedBytes(host);
            if (free < guest.guestMemoryBytes()) {
                throw new HypervisorException("HOST_NOT_ENOUGH_FREE_MEMORY", "host " + host + " has " + (free >> 20)
                        + " MiB free, VM " + id + " needs " + guest.guestMemoryMiB(), null);
            }
            record = new GuestRecord(id, guest, null);
            guests.put(id, record);
        }
        QemuProcess p;
        try {
            p = startProcess(host, guest, false);
        } catch (HypervisorException e) {
            synchronized (lock) {
                guests.remove(id);
            }
            throw e;
        }
        record.process = p;
        long deadline = System.nanoTime() + settings.bootTimeout().toNanos();
        while (p.tail().count() == 0) {
            p.tail().poll();
            if (!p.alive()) {
                forget(id, p);
                throw new HypervisorException("BOOT_FAILED", p + " exited while booting: " + p.describeDeath(), null);
            }
            if (System.nanoTime() > deadline || closed.get()) {
                String last = p.tail().lastLine();
                forget(id, p);
                throw new HypervisorException("BOOT_FAILED", p + ": no heartbeat within "
                        + settings.bootTimeout().toSeconds() + " s; the serial log's last line: " + last, null);
            }
            sleep(20);
        }
        LOG.info("QEMU pool {}: {} booted on {}", pool, p, host);
        return id;
    }

    private void forget(VmId id, QemuProcess p) {
        stopProcess(p);
        synchronized (lock) {
            guests.remove(id);
        }
    }

    @Override
    public List<Heartbeat> heartbeats(VmId vm) {
        synchronized (lock) {
            GuestRecord g = guests.get(vm);
            return g == null ? List.of() : g.heartbeats(HEARTBEATS_KEPT);
        }
    }

    @Override
    public DirtyRateSample sampleDirtyRate(VmId vm, Duration calcTime) throws HypervisorException {
        ensureOpen();
        QemuProcess p;
        GuestRecord g;
        synchronized (lock) {
            g = guests.get(vm);
            if (g == null) {
                throw new HypervisorException("UNKNOWN_VM", "no VM " + vm + " in pool " + pool, null);
            }
            if (g.migration != null) {
                throw new HypervisorException("MIGRATION_IN_PROGRESS",
                        "VM " + vm + " is migrating; calc-dirty-rate would measure the migration", null);
            }
            p = g.process;
        }
        if (p == null || !p.alive()) {
            throw new HypervisorException("VM_NOT_RUNNING", "VM " + vm + " is not running", null);
        }
        long ms = Math.max(100, calcTime.toMillis());
        p.qmp("calc-dirty-rate", QmpClient.arguments().put("calc-time", ms).put("calc-time-unit", "millisecond")
                .put("sample-pages", settings.dirtyRateSamplePages()).put("mode", "page-sampling"));
        long deadline = System.nanoTime() + Duration.ofMillis(ms).plus(settings.qmpTimeout()).toNanos();
        while (true) {
            sleep(Math.max(20, ms / 4));
            JsonNode r = p.qmp("query-dirty-rate", null);
            String status = r.path("status").asText("");
            if ("measured".equals(status)) {
                DirtyRateSample s = new DirtyRateSample(vm, Instant.now(), Duration.ofMillis(ms),
                        r.path("sample-pages").asInt(settings.dirtyRateSamplePages()),
                        r.path("dirty-rate").asDouble(0));
                synchronized (lock) {
                    g.addSample(Metric.DIRTY_PAGES_PER_SECOND, new GuestRecord.Sample(s.at(), s.pagesPerSecond()),
                            settings.metricsSamples());
                }
                return s;
            }
            if (System.nanoTime() > deadline) {
                throw new HypervisorException("QMP_TIMEOUT", p + ": calc-dirty-rate still '" + status + "' after "
                        + Duration.ofNanos(System.nanoTime() - deadline).plusMillis(ms).toMillis() + " ms", null);
            }
        }
    }

    @Override
    public Optional<QemuMigrationReport> report(MigrationId id) {
        synchronized (lock) {
            return Optional.ofNullable(reports.get(id));
        }
    }

    @Override
    public OptionalLong processId(VmId vm) {
        synchronized (lock) {
            GuestRecord g = guests.get(vm);
            QemuProcess p = g == null ? null : g.process;
            return p == null || !p.alive() ? OptionalLong.empty() : OptionalLong.of(p.pid());
        }
    }

    @Override
    public Set<Long> processIds() {
        return processes.stream().filter(QemuProcess::alive).map(QemuProcess::pid).collect(Collectors.toSet());
    }

    @Override
    public void stop(VmId vm) {
        QemuProcess p;
        QemuMigration m;
        synchronized (lock) {
            GuestRecord g = guests.get(vm);
            if (g == null) {
                return;
            }
            m = g.migration;
            p = g.process;
        }
        if (m != null) {
            m.cancel();
            m.outcomeFuture().join();
        }
        synchronized (lock) {
            GuestRecord g = guests.remove(vm);
            p = g == null ? p : g.process;
        }
        if (p != null) {
            stopProcess(p);
        }
    }

    /**
     * Cancels migrations in pre-copy and waits for the others (each bounded by its own timeouts), stops every
     * QEMU process by its PID, and joins the pool's threads. Idempotent.
     */
    @Deactivate
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        List<QemuMigration> inFlight;
        synchronized (lock) {
            inFlight = new ArrayList<>(migrations.values());
        }
        for (QemuMigration m : inFlight) {
            m.cancel();
        }
        for (QemuMigration m : inFlight) {
            m.outcomeFuture().join();
        }
        metricsThread.shutdownNow();
        workers.shutdownNow();
        for (QemuProcess p : new ArrayList<>(processes)) {
            stopProcess(p);
        }
        tailThread.shutdownNow();
        try {
            metricsThread.awaitTermination(10, TimeUnit.SECONDS);
            workers.awaitTermination(10, TimeUnit.SECONDS);
            tailThread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs anyway
        }
        LOG.info("QEMU pool {} stopped", pool);
    }

    // ---------------------------------------------------------------- package API for migrations

    /** Starts a QEMU process for {@code guest} on {@code host}, registered for stopping by PID. */
    QemuProcess startProcess(HostId host, GuestSpec guest, boolean incoming) throws HypervisorException {
        ensureOpen();
        QemuProcess p = QemuProcess.start(settings, host, hostDir(host), guest, instances.incrementAndGet(),
                incoming, HEARTBEATS_KEPT);
        processes.add(p);
        if (closed.get()) {
            stopProcess(p);
            throw new HypervisorException("UNREACHABLE", "pool " + pool + " is shutting down", null);
        }
        return p;
    }

    /**
     * Called by a migration when it has ended, before its outcome completes: the guest now lives in
     * {@code newProcess} (completed) or stays where it was (the destination is stopped); a lost guest has both
     * processes stopped.
     */
    void migrationEnded(QemuMigration m, QemuProcess newProcess, boolean lost) {
        QemuProcess toStop = null;
        QemuProcess alsoStop = null;
        synchronized (lock) {
            GuestRecord g = m.guest();
            g.migration = null;
            migrations.remove(m.id());
            if (m.report() != null) {
                reports.put(m.id(), m.report());
            }
            QemuProcess old = g.process;
            if (newProcess != null) {
                if (old != null) {
                    remember(g, old.tail());
                }
                g.process = newProcess;
                toStop = old;
            } else {
                toStop = m.destination();
                if (lost && old != null) {
                    remember(g, old.tail());
                    g.process = null;
                    alsoStop = old;
                }
            }
        }
        if (toStop != null) {
            stopProcess(toStop);
        }
        if (alsoStop != null) {
            stopProcess(alsoStop);
        }
    }

    private static void remember(GuestRecord g, HeartbeatTail tail) {
        if (g.pastTails.size() == PAST_TAILS_KEPT) {
            g.pastTails.removeFirst();
        }
        g.pastTails.addLast(tail);
    }

    private void stopProcess(QemuProcess p) {
        p.stop();
        if (!p.alive()) {
            processes.remove(p);
        } else {
            LOG.warn("QEMU pool {}: {} survived SIGKILL", pool, p);
        }
    }

    private Path hostDir(HostId host) {
        return settings.workDir().resolve(host.value());
    }

    private void ensureOpen() throws HypervisorException {
        if (closed.get()) {
            throw new HypervisorException("UNREACHABLE", "QEMU pool " + pool + " is closed", null);
        }
    }

    // ---------------------------------------------------------------- background work

    private void pollTails() {
        for (QemuProcess p : processes) {
            p.tail().poll();
        }
    }

    private void sampleMetrics() {
        List<GuestRecord> all;
        synchronized (lock) {
            all = new ArrayList<>(guests.values());
        }
        Map<HostId, Double> cpuByHost = new LinkedHashMap<>();
        Instant now = Instant.now();
        for (GuestRecord g : all) {
            QemuProcess p = g.process;
            if (p == null || !p.alive()) {
                continue;
            }
            double cpu = p.cpuSeconds();
            long t = System.nanoTime();
            synchronized (lock) {
                if (!Double.isNaN(cpu) && !Double.isNaN(g.lastCpuSeconds) && t > g.lastCpuNanos) {
                    double util = Math.max(0, Math.min(1, (cpu - g.lastCpuSeconds) / ((t - g.lastCpuNanos) / 1e9)));
                    g.addSample(Metric.CPU_UTILISATION, new GuestRecord.Sample(now, util), settings.metricsSamples());
                    cpuByHost.merge(p.host(), util, Double::sum);
                }
                g.lastCpuSeconds = cpu;
                g.lastCpuNanos = t;
            }
            boolean migrating;
            synchronized (lock) {
                migrating = g.migration != null;
            }
            if (!migrating && !closed.get()) {
                try {
                    sampleDirtyRate(g.id, settings.dirtyRateCalcTime());
                } catch (HypervisorException e) {
                    LOG.debug("QEMU pool {}: no dirty-rate sample of {}: {}", pool, g.id, e.getMessage());
                }
            }
        }
        int cpus = Runtime.getRuntime().availableProcessors();
        for (HostId h : settings.hosts()) {
            hostCpu.put(h, cpuByHost.getOrDefault(h, 0.0) / cpus);
        }
    }

    /** Stops, by PID, every QEMU process: the JVM shutdown hook. */
    private void killAll() {
        for (QemuProcess p : processes) {
            ProcessHandle.of(p.pid()).ifPresent(ProcessHandle::destroy);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        for (QemuProcess p : processes) {
            ProcessHandle.of(p.pid()).ifPresent(h -> {
                while (h.isAlive() && System.nanoTime() < deadline) {
                    sleep(20);
                }
                if (h.isAlive()) {
                    h.destroyForcibly();
                }
            });
        }
    }

    /**
     * Stops QEMU processes that an earlier pool on this work directory started and never stopped (its JVM was
     * killed): each PID file names a PID and its QMP socket; the process is stopped only if its command line
     * still contains that socket, so a recycled PID is never touched.
     */
    static void reapStale(Path workDir) {
        try (DirectoryStream<Path> hosts = Files.newDirectoryStream(workDir, Files::isDirectory)) {
            for (Path host : hosts) {
                try (DirectoryStream<Path> pids = Files.newDirectoryStream(host, "*.pid")) {
                    for (Path pidFile : pids) {
                        reap(pidFile);
                    }
                }
            }
        } catch (IOException e) {
            LOG.debug("no stale QEMU processes looked for in {}: {}", workDir, e.getMessage());
        }
    }

    private static void reap(Path pidFile) throws IOException {
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        if (lines.size() >= 2) {
            try {
                long pid = Long.parseLong(lines.get(0).trim());
                String socket = lines.get(1).trim();
                Path cmdline = Path.of("/proc", Long.toString(pid), "cmdline");
                if (Files.exists(cmdline)
                        && new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8).contains(socket)) {
                    ProcessHandle.of(pid).ifPresent(h -> {
                        LOG.warn("stopping stale QEMU process {} of an earlier run ({})", pid, pidFile);
                        h.destroy();
                        try {
                            h.onExit().get(3, TimeUnit.SECONDS);
                        } catch (Exception e) {
                            h.destroyForcibly();
                        }
                    });
                }
            } catch (NumberFormatException e) {
                // not one of ours
            }
        }
        Files.deleteIfExists(pidFile);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "QemuHypervisorAdapter[" + pool + "]";
    }
}
