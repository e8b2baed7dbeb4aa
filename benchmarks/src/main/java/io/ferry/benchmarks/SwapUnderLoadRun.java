package io.ferry.benchmarks;

import io.ferry.api.HypervisorAdapter;
import io.ferry.api.HypervisorException;
import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.PoolId;
import io.ferry.controller.AuditRecord;
import io.ferry.controller.ControllerException;
import io.ferry.controller.PluginKind;
import io.ferry.controller.PoolStatus;
import io.ferry.controller.embedded.EmbeddedController;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Checks that swapping the policy never loses or duplicates a decision while the controller works a loaded pool
 * (DESIGN.md §5), and prints the accounting. Not a timing benchmark: it prints counts, and exits non-zero when any
 * check of {@link DecisionLedger} fails.
 *
 * <p>The run: the simulated pool of {@link BenchmarkPool} (100 hosts, 2,000 VMs by default), <b>not</b> in dry-run,
 * so the hypervisor really migrates (page by page in the simulator, {@code timeScale} times faster than real time so
 * that migrations end within seconds; some fail on purpose, {@code failureRate}); an {@link EmbeddedController}
 * with scheduled cycles every {@code intervalSeconds}; the threshold agent allowed {@code maxDecisionsPerCycle} and
 * the guard {@code maxConcurrentPerPool}/{@code maxConcurrentPerHost} migrations at once, and a VM that moved (or
 * failed to) left alone for {@code cooldownSeconds} ({@code failureBackoffSeconds}): with the defaults of 600 and
 * 300 s the agent, which is stateless, proposes mostly VMs in cooldown after the first minute, and the run would
 * execute few migrations while it swaps. For {@code seconds}, the
 * main thread swaps the policy between pre-copy and hybrid every {@code swapMinMillis} to {@code swapMaxMillis}
 * (seeded), alternately through {@code select} and through a new configuration, two swaps each. Then the agent is
 * uninstalled (no new decisions), every migration in flight is let finish, and everything is accounted for.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar io.ferry.benchmarks.SwapUnderLoadRun [key=value…]}
 * with keys {@code hosts} (100), {@code vms} (2000), {@code seed} (42), {@code timeScale} (20),
 * {@code intervalSeconds} (1), {@code seconds} (180), {@code swapMinMillis} (200), {@code swapMaxMillis} (500),
 * {@code failureRate} (0.05), {@code maxDecisionsPerCycle} (16), {@code maxConcurrentPerPool} (16),
 * {@code maxConcurrentPerHost} (2), {@code cooldownSeconds} (60), {@code failureBackoffSeconds} (60),
 * {@code drainSeconds} (120).
 *
 * <p>Cost: {@code seconds} plus the drain, two controller threads and the simulator's two, and the whole audit
 * history in memory (about a kilobyte per record; some 40,000 records for the defaults).
 */
public final class SwapUnderLoadRun {

    /** Audit records kept in memory: the ledger reads the whole run's history from there. */
    static final int HISTORY = 1_000_000;
    /** The audit file rotates at this size; the ledger never reads the files. */
    static final long AUDIT_MAX_BYTES = 64L << 20;
    /** Audit files kept. */
    static final int AUDIT_FILES = 3;
    /** Threads of the controller: the Karaf component's default. */
    static final int THREADS = 2;
    /** How often the drain looks whether every outcome has arrived. */
    static final Duration POLL = Duration.ofMillis(50);

    private static final Set<String> KEYS = Set.of("hosts", "vms", "seed", "timeScale", "intervalSeconds", "seconds",
            "swapMinMillis", "swapMaxMillis", "failureRate", "maxDecisionsPerCycle", "maxConcurrentPerPool",
            "maxConcurrentPerHost", "cooldownSeconds", "failureBackoffSeconds", "drainSeconds");

    /**
     * What to run.
     *
     * @param hosts                hosts in the pool
     * @param vms                  VMs in the pool
     * @param seed                 the pool's seed and the swaps' timing
     * @param timeScale            simulated seconds per wall-clock second
     * @param intervalSeconds      seconds between cycles
     * @param seconds              how long to swap
     * @param swapMinMillis        shortest pause between swaps
     * @param swapMaxMillis        longest pause between swaps
     * @param failureRate          share of migrations the simulator fails in pre-copy
     * @param maxDecisionsPerCycle the agent's cap per cycle
     * @param maxConcurrentPerPool the guard's limit per pool
     * @param maxConcurrentPerHost the guard's limit per host
     * @param cooldownSeconds      how long the guard leaves a VM that moved alone
     * @param backoffSeconds       how long the guard leaves a VM whose migration failed alone
     * @param drainSeconds         longest wait for the migrations in flight at the end
     */
    record Options(int hosts, int vms, long seed, double timeScale, int intervalSeconds, int seconds,
            int swapMinMillis, int swapMaxMillis, double failureRate, int maxDecisionsPerCycle,
            int maxConcurrentPerPool, int maxConcurrentPerHost, int cooldownSeconds, int backoffSeconds,
            int drainSeconds) {

        static Options parse(String[] args) {
            RunArguments a = new RunArguments(args, KEYS);
            int swapMin = a.integer("swapMinMillis", 200, 1, 60_000);
            return new Options(a.integer("hosts", BenchmarkPool.HOSTS, 2, 1000),
                    a.integer("vms", BenchmarkPool.VMS, 1, 10_000), a.longValue("seed", BenchmarkPool.SEED),
                    a.number("timeScale", 20, 0.001, 3600), a.integer("intervalSeconds", 1, 1, 3600),
                    a.integer("seconds", 180, 1, 86_400), swapMin,
                    a.integer("swapMaxMillis", 500, swapMin, 600_000), a.number("failureRate", 0.05, 0, 1),
                    a.integer("maxDecisionsPerCycle", 16, 1, 1000), a.integer("maxConcurrentPerPool", 16, 1, 64),
                    a.integer("maxConcurrentPerHost", 2, 1, 16), a.integer("cooldownSeconds", 60, 0, 86_400),
                    a.integer("failureBackoffSeconds", 60, 0, 86_400), a.integer("drainSeconds", 120, 1, 86_400));
        }
    }

    private SwapUnderLoadRun() {
    }

    /** Runs as the arguments say, prints the accounting, and exits 1 when a check failed (2 on bad arguments). */
    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        DecisionLedger.Report report = run(options, System.out);
        System.exit(report.ok() ? 0 : 1);
    }

    /**
     * Runs the scenario and prints its parameters, progress and accounting to {@code out}.
     *
     * @return the accounting
     */
    static DecisionLedger.Report run(Options o, PrintStream out)
            throws IOException, InterruptedException, ControllerException, HypervisorException {
        out.printf(Locale.ROOT, "swap under load: pool %s of %d hosts, %d VMs, seed %d, timeScale %s, not dry-run; "
                + "intervalSeconds %d; swaps every %d-%d ms for %d s; failureRate %s; agent maxDecisionsPerCycle %d; "
                + "guard maxConcurrentPerPool %d, maxConcurrentPerHost %d, cooldownSeconds %d, "
                + "failureBackoffSeconds %d%n", BenchmarkPool.NAME, o.hosts(), o.vms(), o.seed(), o.timeScale(),
                o.intervalSeconds(), o.swapMinMillis(), o.swapMaxMillis(), o.seconds(), o.failureRate(),
                o.maxDecisionsPerCycle(), o.maxConcurrentPerPool(), o.maxConcurrentPerHost(), o.cooldownSeconds(),
                o.backoffSeconds());
        out.println("load average at start: " + Percentiles.loadAverage());
        PoolId pool = new PoolId(BenchmarkPool.NAME);
        Path auditDirectory = Files.createTempDirectory("ferry-swap-under-load");
        MonotonicClock clock = new MonotonicClock();
        DecisionLedger.Report report;
        try (EmbeddedController controller = new EmbeddedController(auditDirectory, true, clock, THREADS,
                AUDIT_MAX_BYTES, AUDIT_FILES, HISTORY);
                Plugins.OpenPool opened = BenchmarkPool.start(BenchmarkPool.simulator(o.hosts(), o.vms(),
                        o.seed(), o.timeScale(), o.failureRate()))) {
            HypervisorAdapter simulator = opened.adapter();
            RecordingAdapter adapter = new RecordingAdapter(simulator, clock);
            ClusterSnapshot first = simulator.snapshot();
            BenchmarkPool.installPolicies(controller);
            CountingAgent agent = new CountingAgent(BenchmarkPool.thresholdAgent(o.maxDecisionsPerCycle()), clock);
            controller.addAgent(agent);
            Map<String, Object> settings = BenchmarkPool.settings(BenchmarkPool.PRECOPY, o.intervalSeconds(), false);
            settings.put("maxConcurrentPerPool", o.maxConcurrentPerPool());
            settings.put("maxConcurrentPerHost", o.maxConcurrentPerHost());
            settings.put("cooldownSeconds", o.cooldownSeconds());
            settings.put("failureBackoffSeconds", o.backoffSeconds());
            controller.configure(BenchmarkPool.NAME, settings);
            controller.addAdapter(adapter);

            List<DecisionLedger.Swap> swaps = swap(controller, pool, settings, o, clock, out);

            controller.removeAgent(agent.name());
            Instant stopped = clock.instant();
            boolean drained = drain(controller, pool, adapter, stopped, Duration.ofSeconds(o.drainSeconds()));
            ClusterSnapshot last = simulator.snapshot();
            PoolStatus.Counters counters = controller.pool(pool).orElseThrow().counters();
            List<AuditRecord> records = controller.history(Optional.of(pool), HISTORY);
            report = DecisionLedger.account(new DecisionLedger.Run(BenchmarkPool.PRECOPY, swaps, adapter.cycles(),
                    agent.proposals(), adapter.migrateCalls(), records, first, last, counters));
            List<String> extra = new ArrayList<>(report.problems());
            if (!drained) {
                extra.add("drain: migrations still in flight after " + o.drainSeconds() + " s");
            }
            if (records.size() >= HISTORY) {
                extra.add("history: the run made " + records.size() + " records or more, the in-memory history "
                        + "holds " + HISTORY + "; the oldest are not accounted for");
            }
            if (!extra.equals(report.problems())) {
                report = withProblems(report, extra);
            }
            out.printf(Locale.ROOT, "audit records: %d in memory; audit log %s%n", records.size(),
                    controller.auditFile());
            printRefusals(records, out);
        }
        out.println("load average at end: " + Percentiles.loadAverage());
        report.print(out);
        if (report.ok()) {
            deleteRecursively(auditDirectory);
        } else {
            out.println("audit log kept in " + auditDirectory);
        }
        return report;
    }

    /** Swaps the policy at seeded random moments for {@code o.seconds()}, alternating the path every two swaps. */
    private static List<DecisionLedger.Swap> swap(EmbeddedController controller, PoolId pool,
            Map<String, Object> settings, Options o, MonotonicClock clock, PrintStream out)
            throws InterruptedException, ControllerException {
        Random random = new Random(o.seed());
        List<DecisionLedger.Swap> swaps = new ArrayList<>();
        String current = BenchmarkPool.PRECOPY;
        long start = System.nanoTime();
        long end = start + Duration.ofSeconds(o.seconds()).toNanos();
        long nextReport = start + Duration.ofSeconds(30).toNanos();
        for (int i = 0; System.nanoTime() < end; i++) {
            Thread.sleep(o.swapMinMillis() + random.nextInt(o.swapMaxMillis() - o.swapMinMillis() + 1));
            String next = current.equals(BenchmarkPool.PRECOPY) ? BenchmarkPool.HYBRID : BenchmarkPool.PRECOPY;
            DecisionLedger.Path path = (i / 2) % 2 == 0 ? DecisionLedger.Path.SELECT : DecisionLedger.Path.CONFIGURE;
            Instant before = clock.instant();
            if (path == DecisionLedger.Path.SELECT) {
                controller.select(pool, PluginKind.POLICY, next);
            } else {
                Map<String, Object> changed = new LinkedHashMap<>(settings);
                changed.put("policy", next);
                controller.configure(BenchmarkPool.NAME, changed);
            }
            swaps.add(new DecisionLedger.Swap(before, clock.instant(), next, path));
            current = next;
            if (System.nanoTime() >= nextReport) {
                PoolStatus.Counters c = controller.pool(pool).orElseThrow().counters();
                out.printf(Locale.ROOT, "  %3d s: %d swaps, %d cycles, %d decisions, %d started, %d ended, "
                        + "load %s%n", Duration.ofNanos(System.nanoTime() - start).toSeconds(), swaps.size(),
                        c.cycles(), c.decisions(), c.started(), c.completed() + c.failed() + c.cancelled(),
                        Percentiles.loadAverage());
                nextReport += Duration.ofSeconds(30).toNanos();
            }
        }
        return swaps;
    }

    /**
     * Waits until a cycle has started after {@code stopped} (so the last cycle that could decide has ended: cycles
     * of a pool never overlap), every migration the adapter started has an outcome, and the controller has
     * recorded them all.
     *
     * @return whether that happened within {@code limit}
     */
    private static boolean drain(EmbeddedController controller, PoolId pool, RecordingAdapter adapter,
            Instant stopped, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            PoolStatus status = controller.pool(pool).orElseThrow();
            PoolStatus.Counters c = status.counters();
            boolean cycledSince = status.lastCycle().filter(t -> t.isAfter(stopped)).isPresent();
            if (cycledSince && adapter.inFlight() == 0 && status.inFlight().isEmpty()
                    && c.completed() + c.failed() + c.cancelled() == c.started()) {
                return true;
            }
            Thread.sleep(POLL.toMillis());
        }
        return false;
    }

    /** Prints why the guard refused, most frequent reasons first, with names and numbers folded into '#'. */
    private static void printRefusals(List<AuditRecord> records, PrintStream out) {
        Map<String, Long> reasons = new java.util.TreeMap<>();
        for (AuditRecord r : records) {
            if (r.type() == AuditRecord.Type.REFUSED && r.migration().isEmpty()) {
                reasons.merge(r.detail().replaceAll("[0-9][0-9TZ:.+-]*", "#"), 1L, Long::sum);
            }
        }
        out.println("guard refusals by reason:");
        reasons.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(5)
                .forEach(e -> out.printf(Locale.ROOT, "  %6d  %s%n", e.getValue(), e.getKey()));
    }

    private static DecisionLedger.Report withProblems(DecisionLedger.Report r, List<String> problems) {
        return new DecisionLedger.Report(r.cycles(), r.proposed(), r.decisions(), r.refusedByGuard(), r.planErrors(),
                r.refusedByHypervisor(), r.started(), r.outcomes(), r.noOutcome(), r.swaps(), r.ambiguousCycles(),
                r.windows(), r.lost(), r.duplicated(), r.policyMismatches(), r.vmsChecked(), List.copyOf(problems));
    }

    static void deleteRecursively(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
