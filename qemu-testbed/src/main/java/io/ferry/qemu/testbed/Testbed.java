package io.ferry.qemu.testbed;

import io.ferry.api.HypervisorException;
import io.ferry.api.MigrationHandle;
import io.ferry.api.MigrationPolicy;
import io.ferry.api.model.Capability;
import io.ferry.api.model.DirtyBehaviour;
import io.ferry.api.model.HostId;
import io.ferry.api.model.LinkSpec;
import io.ferry.api.model.MigrationId;
import io.ferry.api.model.MigrationOutcome;
import io.ferry.api.model.MigrationPlan;
import io.ferry.api.model.MigrationRequest;
import io.ferry.api.model.VmId;
import io.ferry.api.model.VmState;
import io.ferry.qemu.DirtyRateSample;
import io.ferry.qemu.GuestSpec;
import io.ferry.qemu.Heartbeat;
import io.ferry.qemu.QemuMigrationReport;
import io.ferry.qemu.QemuPool;
import io.ferry.qemu.QemuPools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A QEMU pool of three hosts on this machine, driven the way a researcher measures: boot a guest, sample its
 * dirty-page rate with {@code calc-dirty-rate}, chain migrations A→B→C→A… under given policies through the real
 * {@link io.ferry.api.HypervisorAdapter}, and after each one check the guest alive with zero corrupted pages where
 * the outcome says it is ({@link #verify}).
 *
 * <p>Cost on a 2-core machine: a boot takes 3-7 s plus the workload's fill; a converging pre-copy 2-7 s; a
 * post-copy 1-3 s; each integrity check waits for one full pass (two {@code checkSeconds}). Run one scenario at a
 * time and keep guests small (256-512 MiB) and the cap low (32-128 MiB/s). Every QEMU process is stopped by its PID
 * at {@link #close()}, and a guest at the end of {@link #run}.
 */
public final class Testbed implements AutoCloseable {

    /** The hosts of a testbed pool. */
    public static final List<String> HOSTS = List.of("host-a", "host-b", "host-c");
    /** Unix socket paths must stay under 108 bytes: a longer work directory is replaced by a short one in /tmp. */
    static final int MAX_WORK_DIR_LENGTH = 60;
    /** Execution state the requests announce (CPU and device state of a small PC guest). */
    static final long EXECUTION_STATE_BYTES = 1L << 20;
    /** How far past its timeouts a migration's outcome may take before the harness gives up on it. */
    static final Duration OUTCOME_GRACE = Duration.ofSeconds(60);

    private final QemuPool pool;
    private final int migrationTimeoutSeconds;
    private final int postcopyTimeoutSeconds;
    private final Map<VmId, GuestSpec> guests = new ConcurrentHashMap<>();
    private final AtomicInteger migrationCount = new AtomicInteger();

    private Testbed(QemuPool pool, int migrationTimeoutSeconds, int postcopyTimeoutSeconds) {
        this.pool = pool;
        this.migrationTimeoutSeconds = migrationTimeoutSeconds;
        this.postcopyTimeoutSeconds = postcopyTimeoutSeconds;
    }

    /**
     * Opens a pool of {@link #HOSTS} running {@code images}, with background metric sampling off (the harness
     * samples when it means to) and the given overrides of the pool's configuration (such as
     * {@code migrationTimeoutSeconds} or {@code bandwidthCapMiBps}).
     *
     * @param workDir where sockets, serial logs and PID files go; replaced by a short directory under /tmp
     *                (named by a hash of it) when too long for Unix socket paths
     */
    public static Testbed open(TestbedImages images, Path workDir, Map<String, ?> overrides) {
        Map<String, Object> p = new LinkedHashMap<>(images.poolProperties());
        p.put("pool.name", "testbed");
        p.put("hosts", String.join(",", HOSTS));
        p.put("workDir", shortWorkDir(workDir).toString());
        p.put("metricsIntervalSeconds", 0);
        p.put("migrationTimeoutSeconds", 30);
        p.put("postcopyTimeoutSeconds", 60);
        p.putAll(overrides);
        QemuPool pool = QemuPools.open(p);
        return new Testbed(pool, Integer.parseInt(p.get("migrationTimeoutSeconds").toString()),
                Integer.parseInt(p.get("postcopyTimeoutSeconds").toString()));
    }

    static Path shortWorkDir(Path workDir) {
        Path abs = workDir.toAbsolutePath().normalize();
        if (abs.toString().length() <= MAX_WORK_DIR_LENGTH) {
            return abs;
        }
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(abs.toString().getBytes(StandardCharsets.UTF_8));
            return Path.of(System.getProperty("java.io.tmpdir"), "ferry-qemu-" + HexFormat.of().formatHex(h, 0, 6));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** @return the pool, for anything the harness does not wrap */
    public QemuPool pool() {
        return pool;
    }

    /** @return host {@code index} of {@link #HOSTS} */
    public static HostId host(int index) {
        return new HostId(HOSTS.get(Math.floorMod(index, HOSTS.size())));
    }

    /**
     * Boots a guest and waits for its first heartbeat.
     *
     * @return the time from starting QEMU to the first heartbeat
     */
    public Duration boot(GuestSpec guest, HostId host) throws HypervisorException {
        long t = System.nanoTime();
        VmId id = pool.boot(guest, host);
        guests.put(id, guest);
        return Duration.ofNanos(System.nanoTime() - t);
    }

    /** Stops a guest's QEMU process by its PID. */
    public void stop(VmId vm) {
        pool.stop(vm);
        guests.remove(vm);
    }

    /** @return {@code count} calc-dirty-rate samples of {@code window} each, one after the other */
    public List<DirtyRateSample> sampleDirtyRate(VmId vm, int count, Duration window) throws HypervisorException {
        List<DirtyRateSample> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(pool.sampleDirtyRate(vm, window));
        }
        return out;
    }

    /**
     * A migration the harness started and has not awaited yet.
     *
     * @param policy        the policy's name
     * @param request       the request
     * @param plan          the policy's prediction
     * @param handle        the adapter's handle (cancel it to test cancellation)
     * @param lastSequence  the guest's newest heartbeat before the start
     * @param startNanos    {@link System#nanoTime()} at the start
     */
    public record InFlight(String policy, MigrationRequest request, MigrationPlan plan, MigrationHandle handle,
            long lastSequence, long startNanos) {
    }

    /**
     * Migrates {@code vm} from where it runs to {@code target} under {@code policy}, waits for the outcome, and
     * checks the guest alive and intact where the outcome left it.
     *
     * @param bandwidthMiBps         the pre-copy cap of the request's link (QEMU's max-bandwidth)
     * @param postcopyBandwidthMiBps the post-copy cap of the request's link (QEMU's max-postcopy-bandwidth); 0:
     *                               none, QEMU's default (unlimited)
     * @param budget                 the SLA budget (QEMU's downtime-limit)
     * @param dirtying               what the policy is told of the guest's dirtying
     * @throws HypervisorException when the pool refuses the migration, or its outcome never comes
     */
    public MeasuredMigration migrate(VmId vm, HostId target, MigrationPolicy policy, double bandwidthMiBps,
            double postcopyBandwidthMiBps, Duration budget, DirtyBehaviour dirtying) throws HypervisorException {
        return await(start(vm, target, policy, bandwidthMiBps, postcopyBandwidthMiBps, budget, dirtying));
    }

    /** {@link #migrate(VmId, HostId, MigrationPolicy, double, double, Duration, DirtyBehaviour)} with both caps one. */
    public MeasuredMigration migrate(VmId vm, HostId target, MigrationPolicy policy, double bandwidthMiBps,
            Duration budget, DirtyBehaviour dirtying) throws HypervisorException {
        return migrate(vm, target, policy, bandwidthMiBps, bandwidthMiBps, budget, dirtying);
    }

    /** Starts a migration as {@link #migrate} does, both caps one, without waiting for it. */
    public InFlight start(VmId vm, HostId target, MigrationPolicy policy, double bandwidthMiBps, Duration budget,
            DirtyBehaviour dirtying) throws HypervisorException {
        return start(vm, target, policy, bandwidthMiBps, bandwidthMiBps, budget, dirtying);
    }

    /** Starts a migration as {@link #migrate} does, without waiting for it. */
    public InFlight start(VmId vm, HostId target, MigrationPolicy policy, double bandwidthMiBps,
            double postcopyBandwidthMiBps, Duration budget, DirtyBehaviour dirtying) throws HypervisorException {
        GuestSpec guest = guests.get(vm);
        if (guest == null) {
            throw new HypervisorException("UNKNOWN_VM", "the testbed did not boot " + vm, null);
        }
        Set<Capability> missing = EnumSet.noneOf(Capability.class);
        missing.addAll(policy.requiredCapabilities());
        missing.removeAll(pool.capabilities());
        if (!missing.isEmpty()) {
            throw new HypervisorException("MISSING_CAPABILITY",
                    "policy " + policy.name() + " needs " + missing + ", which this pool lacks", null);
        }
        HostId source = pool.snapshot().vm(vm).flatMap(VmState::residentOn)
                .orElseThrow(() -> new HypervisorException("VM_NOT_RUNNING", vm + " runs nowhere", null));
        long lastSequence = lastSequence(vm);
        MigrationRequest request = new MigrationRequest(vm, source, target, guest.guestMemoryBytes(), 4096,
                EXECUTION_STATE_BYTES, new LinkSpec(bandwidthMiBps * (1 << 20), Duration.ofNanos(50_000), 1.0,
                        postcopyBandwidthMiBps * (1 << 20)),
                dirtying, budget);
        MigrationPlan plan = policy.plan(request);
        MigrationId id = new MigrationId(pool.pool() + "-" + migrationCount.incrementAndGet() + "-" + vm);
        long t = System.nanoTime();
        MigrationHandle handle = pool.migrate(id, request, policy.steer(request, pool.capabilities()));
        return new InFlight(policy.name(), request, plan, handle, lastSequence, t);
    }

    /** Waits for a started migration's outcome and checks the guest where the outcome left it. */
    public MeasuredMigration await(InFlight f) throws HypervisorException {
        MigrationHandle handle = f.handle();
        MigrationId id = handle.id();
        MigrationOutcome outcome;
        try {
            outcome = handle.outcome().toCompletableFuture().get(
                    migrationTimeoutSeconds + postcopyTimeoutSeconds + OUTCOME_GRACE.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            handle.cancel();
            throw new HypervisorException("OUTCOME_TIMEOUT", id + " gave no outcome past all its timeouts", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            handle.cancel();
            throw new HypervisorException("INTERRUPTED", "interrupted while waiting for " + id, e);
        } catch (ExecutionException e) {
            throw new HypervisorException("OUTCOME_FAILED", id + ": " + e.getCause(), e);
        }
        Duration wall = Duration.ofNanos(System.nanoTime() - f.startNanos());
        QemuMigrationReport report = pool.report(id)
                .orElseThrow(() -> new HypervisorException("NO_REPORT", "no report of " + id, null));
        GuestSpec guest = guests.get(f.request().vm());
        IntegrityVerdict verdict = verify(f.request().vm(), outcome.finalHost(), f.lastSequence(),
                guest == null ? Duration.ofSeconds(10) : verifyTimeout(guest));
        return new MeasuredMigration(f.policy(), f.request(), f.plan(), outcome, report, verdict, wall);
    }

    /** @return how long {@link #verify} may wait for a full integrity pass of {@code guest} */
    static Duration verifyTimeout(GuestSpec guest) {
        return Duration.ofSeconds(2L * guest.checkSeconds() + 10).plusMillis(3L * guest.heartbeatMillis());
    }

    /** @return the sequence number of the newest heartbeat read for {@code vm}, or 0 */
    public long lastSequence(VmId vm) {
        List<Heartbeat> hb = pool.heartbeats(vm);
        return hb.isEmpty() ? 0 : hb.get(hb.size() - 1).sequence();
    }

    /**
     * Waits until {@code vm}'s current QEMU process on {@code host} shows heartbeats numbered after
     * {@code afterSequence}, in increasing order, spanning one full integrity pass that began there (two pass
     * counter increments), or until {@code timeout}; then judges what it saw.
     */
    public IntegrityVerdict verify(VmId vm, HostId host, long afterSequence, Duration timeout) {
        GuestSpec guest = guests.get(vm);
        boolean checks = guest == null || guest.checkSeconds() > 0;
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Heartbeat> fresh = List.of();
        while (true) {
            OptionalLong pid = pool.processId(vm);
            if (pid.isPresent()) {
                fresh = pool.heartbeats(vm).stream()
                        .filter(h -> h.processId() == pid.getAsLong() && h.host().equals(host)
                                && h.sequence() > afterSequence)
                        .toList();
                if (!fresh.isEmpty() && (!checks
                        || fresh.get(fresh.size() - 1).passes() >= fresh.get(0).passes() + 2)) {
                    break;
                }
            }
            if (System.nanoTime() > deadline) {
                break;
            }
            sleep(50);
        }
        if (fresh.isEmpty()) {
            return new IntegrityVerdict(host, false, false, 0, -1, -1, 0, "no heartbeat after #" + afterSequence
                    + " on " + host + " within " + timeout.toMillis() + " ms");
        }
        boolean increasing = true;
        long corrupt = 0;
        double wps = 0;
        for (int i = 0; i < fresh.size(); i++) {
            Heartbeat h = fresh.get(i);
            if (i > 0 && h.sequence() <= fresh.get(i - 1).sequence()) {
                increasing = false;
            }
            corrupt = Math.max(corrupt, h.corruptPages());
            wps += h.writesPerSecond();
        }
        wps /= fresh.size();
        Heartbeat first = fresh.get(0);
        Heartbeat last = fresh.get(fresh.size() - 1);
        boolean fullPass = !checks || last.passes() >= first.passes() + 2;
        String msg = String.format("%d heartbeats #%d..#%d on %s%s, %d integrity pass(es), %d corrupted page(s)",
                fresh.size(), first.sequence(), last.sequence(), host, increasing ? "" : " OUT OF ORDER",
                last.passes() - first.passes(), corrupt);
        return new IntegrityVerdict(host, increasing, fullPass, corrupt, first.sequence(), last.sequence(), wps, msg);
    }

    /**
     * Runs one scenario: boots its guest on {@code bootHost}, takes its dirty-rate samples, then migrates it
     * under each policy in turn to the next host of {@link #HOSTS} (a chain: each migration starts where the
     * previous one left the guest), and stops the guest. A migration that does not complete leaves the guest
     * where it was, and the chain goes on from there.
     */
    public ScenarioResult run(TestbedScenario scenario, HostId bootHost, List<MigrationPolicy> policies)
            throws HypervisorException {
        GuestSpec guest = scenario.guest();
        VmId vm = new VmId(guest.name());
        Duration boot = boot(guest, bootHost);
        try {
            List<DirtyRateSample> samples = sampleDirtyRate(vm, scenario.dirtyRateSamples(),
                    scenario.dirtyRateWindow());
            DirtyBehaviour dirtying = dirtying(guest, samples);
            List<MeasuredMigration> results = new ArrayList<>();
            HostId at = bootHost;
            for (MigrationPolicy policy : policies) {
                HostId next = host(HOSTS.indexOf(at.value()) + 1);
                MeasuredMigration m = migrate(vm, next, policy, scenario.bandwidthMiBps(),
                        scenario.postcopyBandwidthMiBps(), scenario.downtimeBudget(), dirtying);
                results.add(m);
                at = m.outcome().finalHost();
            }
            return new ScenarioResult(scenario, bootHost, boot, samples, results);
        } finally {
            stop(vm);
        }
    }

    /**
     * @return what a policy is told of the guest: the median measured rate when samples exist, else the
     *         workload's nominal write rate as an assumption
     */
    static DirtyBehaviour dirtying(GuestSpec guest, List<DirtyRateSample> samples) {
        long hot = guest.mode() == io.ferry.qemu.WriterMode.SWEEP || guest.mode() == io.ferry.qemu.WriterMode.HOT_COLD
                ? (long) guest.hotSetMiB() * 256 : 0;
        if (!samples.isEmpty()) {
            double[] v = samples.stream().mapToDouble(DirtyRateSample::pagesPerSecond).sorted().toArray();
            return new DirtyBehaviour(v[v.length / 2], hot, DirtyBehaviour.Source.MEASURED);
        }
        double nominal = guest.mode() == io.ferry.qemu.WriterMode.IDLE ? 0 : guest.writesPerSecond();
        return new DirtyBehaviour(nominal, hot, DirtyBehaviour.Source.ASSUMED);
    }

    /** @return the PIDs of QEMU processes still alive (empty after {@link #close()}) */
    public Set<Long> processIds() {
        return pool.processIds();
    }

    /** Stops every guest and QEMU process by its PID. */
    @Override
    public void close() {
        pool.close();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return the report of a migration, for callers holding only its id */
    public Optional<QemuMigrationReport> report(MigrationId id) {
        return pool.report(id);
    }
}
