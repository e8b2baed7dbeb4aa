package io.ferry.benchmarks;

import io.ferry.api.HypervisorAdapter;
import io.ferry.api.model.PoolId;
import io.ferry.controller.AuditRecord;
import io.ferry.controller.ControllerException;
import io.ferry.controller.PluginKind;
import io.ferry.controller.embedded.EmbeddedController;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * Measures swap latency — the time from a change of a pool's policy to the first DECISION made with the new policy
 * — on a running controller, through both ways an operator changes it: {@code select} (what {@code migration:use}
 * calls) and a new pool configuration (what {@code config:property-set} or an edited {@code .cfg} file delivers).
 *
 * <p>The run: the simulated pool of {@link BenchmarkPool} (100 hosts, 2,000 VMs by default) in <b>dry-run</b>, so
 * that every cycle decides about the same moves and the pool stays comparable from one swap to the next; an
 * {@link EmbeddedController} with scheduled cycles every {@code intervalSeconds}; the threshold agent. Each sample
 * waits a seeded random time in [0, interval) — a random moment in the cycle's phase — then switches the policy
 * (pre-copy and hybrid alternately; two swaps through {@code select}, two through configuration, and so on) and
 * waits for the first DECISION record that names the new policy. All times come from one monotonic clock that the
 * controller also stamps its audit records with ({@link MonotonicClock}).
 *
 * <p>Each swap is split in two: <em>waiting</em>, from the change to the start of the cycle that first read it (a
 * change takes effect at the next decision, so this is bounded by the interval, and is uniform in it when changes
 * come at random moments), and the controller's <em>own cost</em>, from that cycle's start to the DECISION record
 * (snapshot of the pool, the agent's whole decision, the guard, the policy's plan, the audit line). The duration of
 * the {@code select} or {@code configure} call itself is printed too.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar io.ferry.benchmarks.SwapLatencyRun [key=value…]} with
 * keys {@code hosts} (100), {@code vms} (2000), {@code seed} (42), {@code intervalSeconds} (1), {@code samples}
 * (100 per path), {@code warmup} (8 swaps, not counted), {@code maxDecisionsPerCycle} (4, the agent's default).
 * Exits 1 when a swap's decision did not come within {@code 10 + 3 × interval} seconds or came from a cycle that
 * read the selection before the change.
 *
 * <p>Cost: about {@code (2 × samples + warmup) × (interval + own cost)} seconds: some 4 minutes with the defaults,
 * some 9 minutes with {@code intervalSeconds=5 samples=50}.
 */
public final class SwapLatencyRun {

    /** How often the run looks for the new policy's first DECISION; the figure comes from the record's time. */
    static final Duration POLL = Duration.ofMillis(5);
    /** Audit records the run searches for that DECISION, newest first. */
    static final int SEARCH = 2_000;
    /** Audit records kept in memory. */
    static final int HISTORY = 100_000;

    private static final Set<String> KEYS = Set.of("hosts", "vms", "seed", "intervalSeconds", "samples", "warmup",
            "maxDecisionsPerCycle");

    /**
     * What to run.
     *
     * @param hosts                hosts in the pool
     * @param vms                  VMs in the pool
     * @param seed                 the pool's seed and the moments of the swaps
     * @param intervalSeconds      seconds between cycles
     * @param samples              swaps measured per path
     * @param warmup               swaps made first and not counted
     * @param maxDecisionsPerCycle the agent's cap per cycle
     */
    record Options(int hosts, int vms, long seed, int intervalSeconds, int samples, int warmup,
            int maxDecisionsPerCycle) {

        static Options parse(String[] args) {
            RunArguments a = new RunArguments(args, KEYS);
            return new Options(a.integer("hosts", BenchmarkPool.HOSTS, 2, 1000),
                    a.integer("vms", BenchmarkPool.VMS, 1, 10_000), a.longValue("seed", BenchmarkPool.SEED),
                    a.integer("intervalSeconds", 1, 1, 3600), a.integer("samples", 100, 1, 100_000),
                    a.integer("warmup", 8, 0, 100_000), a.integer("maxDecisionsPerCycle", 4, 1, 1000));
        }
    }

    /**
     * The figures of one path, in milliseconds.
     *
     * @param latency change → first DECISION with the new policy
     * @param waiting change → start of the cycle that made it
     * @param own     that cycle's start → the DECISION record
     * @param call    the {@code select} or {@code configure} call
     */
    record PathFigures(List<Double> latency, List<Double> waiting, List<Double> own, List<Double> call) {
        PathFigures() {
            this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        }
    }

    /**
     * The run's result.
     *
     * @param byPath   figures per path
     * @param failures one line per swap whose decision did not come or came from the wrong cycle
     */
    record Result(Map<DecisionLedger.Path, PathFigures> byPath, List<String> failures) {
    }

    private SwapLatencyRun() {
    }

    /** Runs as the arguments say, prints the table, and exits 1 when a swap failed (2 on bad arguments). */
    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Result result = run(options, System.out);
        System.exit(result.failures().isEmpty() ? 0 : 1);
    }

    /** Runs the scenario and prints its parameters and the table to {@code out}. */
    static Result run(Options o, PrintStream out) throws IOException, InterruptedException, ControllerException {
        out.printf(Locale.ROOT, "swap latency: pool %s of %d hosts, %d VMs, seed %d, dry-run; intervalSeconds %d; "
                + "%d swaps per path (+%d warm-up); agent maxDecisionsPerCycle %d%n", BenchmarkPool.NAME, o.hosts(),
                o.vms(), o.seed(), o.intervalSeconds(), o.samples(), o.warmup(), o.maxDecisionsPerCycle());
        out.println("load average at start: " + Percentiles.loadAverage());
        PoolId pool = new PoolId(BenchmarkPool.NAME);
        Path auditDirectory = Files.createTempDirectory("ferry-swap-latency");
        MonotonicClock clock = new MonotonicClock();
        Map<DecisionLedger.Path, PathFigures> byPath = new EnumMap<>(DecisionLedger.Path.class);
        List<String> failures = new ArrayList<>();
        Duration timeout = Duration.ofSeconds(10 + 3L * o.intervalSeconds());
        try (EmbeddedController controller = new EmbeddedController(auditDirectory, true, clock,
                SwapUnderLoadRun.THREADS, SwapUnderLoadRun.AUDIT_MAX_BYTES, SwapUnderLoadRun.AUDIT_FILES, HISTORY);
                Plugins.OpenPool opened = BenchmarkPool.start(BenchmarkPool.simulator(o.hosts(), o.vms(),
                        o.seed(), 1, 0))) {
            HypervisorAdapter simulator = opened.adapter();
            RecordingAdapter adapter = new RecordingAdapter(simulator, clock);
            BenchmarkPool.installPolicies(controller);
            controller.addAgent(BenchmarkPool.thresholdAgent(o.maxDecisionsPerCycle()));
            Map<String, Object> settings = BenchmarkPool.settings(BenchmarkPool.PRECOPY, o.intervalSeconds(), true);
            controller.configure(BenchmarkPool.NAME, settings);
            Instant attached = clock.instant();
            controller.addAdapter(adapter);
            if (firstDecision(controller, pool, BenchmarkPool.PRECOPY, attached, timeout).isEmpty()) {
                failures.add("no DECISION within " + timeout.toSeconds() + " s of attaching the pool: the agent finds "
                        + "nothing to move in this pool");
            }
            Random random = new Random(o.seed());
            String current = BenchmarkPool.PRECOPY;
            for (int i = 0; failures.isEmpty() && i < o.warmup() + 2 * o.samples(); i++) {
                Thread.sleep(random.nextInt(o.intervalSeconds() * 1000));
                String next = current.equals(BenchmarkPool.PRECOPY) ? BenchmarkPool.HYBRID : BenchmarkPool.PRECOPY;
                DecisionLedger.Path path = (i / 2) % 2 == 0 ? DecisionLedger.Path.SELECT
                        : DecisionLedger.Path.CONFIGURE;
                Instant before = clock.instant();
                if (path == DecisionLedger.Path.SELECT) {
                    controller.select(pool, PluginKind.POLICY, next);
                } else {
                    Map<String, Object> changed = new LinkedHashMap<>(settings);
                    changed.put("policy", next);
                    controller.configure(BenchmarkPool.NAME, changed);
                }
                Instant after = clock.instant();
                current = next;
                Optional<AuditRecord> decision = firstDecision(controller, pool, next, before, timeout);
                if (decision.isEmpty()) {
                    failures.add("swap " + i + " to " + next + " through " + path + ": no DECISION with it within "
                            + timeout.toSeconds() + " s");
                    continue;
                }
                Instant made = decision.get().time();
                Optional<RecordingAdapter.Cycle> cycle = adapter.cycles().stream()
                        .filter(c -> !c.snapshot().isAfter(made)).reduce((x, y) -> y);
                if (cycle.isEmpty() || cycle.get().snapshot().isBefore(before)) {
                    failures.add("swap " + i + " to " + next + " through " + path + ": its first DECISION came from a "
                            + "cycle that read the selection before the change");
                    continue;
                }
                if (i >= o.warmup()) {
                    PathFigures f = byPath.computeIfAbsent(path, p -> new PathFigures());
                    f.latency().add(ms(before, made));
                    f.waiting().add(ms(before, cycle.get().start()));
                    f.own().add(ms(cycle.get().start(), made));
                    f.call().add(ms(before, after));
                }
            }
        }
        out.println("load average at end: " + Percentiles.loadAverage());
        print(byPath, out);
        failures.forEach(f -> out.println("FAILED: " + f));
        SwapUnderLoadRun.deleteRecursively(auditDirectory);
        return new Result(byPath, failures);
    }

    /**
     * @return the oldest DECISION naming {@code policy} recorded at or after {@code since}, waiting up to
     *         {@code timeout} for it
     */
    private static Optional<AuditRecord> firstDecision(EmbeddedController controller, PoolId pool, String policy,
            Instant since, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        do {
            Optional<AuditRecord> found = controller.history(Optional.of(pool), SEARCH).stream()
                    .filter(r -> r.type() == AuditRecord.Type.DECISION && r.policy().equals(policy)
                            && !r.time().isBefore(since))
                    .findFirst();
            if (found.isPresent()) {
                return found;
            }
            Thread.sleep(POLL.toMillis());
        } while (System.nanoTime() < deadline);
        return Optional.empty();
    }

    private static double ms(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e6;
    }

    private static void print(Map<DecisionLedger.Path, PathFigures> byPath, PrintStream out) {
        out.println("path       measure (ms)                               n      min      p50      p90      max");
        for (Map.Entry<DecisionLedger.Path, PathFigures> e : byPath.entrySet()) {
            String path = e.getKey().name().toLowerCase(Locale.ROOT);
            PathFigures f = e.getValue();
            row(out, path, "change -> first DECISION with new policy", f.latency(), 1);
            row(out, path, "  waiting: change -> start of that cycle", f.waiting(), 1);
            row(out, path, "  own cost: cycle start -> that DECISION", f.own(), 1);
            row(out, path, "the " + path + " call itself", f.call(), 3);
        }
    }

    private static void row(PrintStream out, String path, String measure, List<Double> values, int digits) {
        out.printf(Locale.ROOT, "%-10s %-40s %s%n", path, measure, Percentiles.of(values).row(digits));
    }
}
