package io.ferry.benchmarks;

import io.ferry.engine.SimulationResult;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;

/**
 * Times a suite the way a user of {@code ./ferry compare} meets it: in a fresh JVM, first run included. The clock
 * starts on the first line of {@code main}, so the JVM's own start is excluded (and printed apart), while loading
 * and initialising the engine's and the policies' classes, building the policies and running the interpreter and
 * the JIT's early tiers are all counted — which the warm figure of {@link SuiteBenchmark} leaves out.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar io.ferry.benchmarks.ColdSuiteRun [suite [seed [runs]]]},
 * by default the {@code standard} suite, seed {@value SuiteRun#DEFAULT_SEED}, one run. Runs after the first show
 * how quickly the same process warms up. Cost: one {@link SuiteRun} per run, plus the class loading of the first.
 *
 * <p>One process gives one cold figure, and a noisy machine spreads it: start it several times and take the median.
 */
public final class ColdSuiteRun {

    private static final String DEFAULT_SUITE = "standard";
    private static final int DEFAULT_RUNS = 1;

    private ColdSuiteRun() {
    }

    /** Runs the suite as the arguments say and prints each run's wall-clock time to standard output. */
    public static void main(String[] args) {
        long start = System.nanoTime();
        String suite = args.length > 0 ? args[0] : DEFAULT_SUITE;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : SuiteRun.DEFAULT_SEED;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : DEFAULT_RUNS;
        if (args.length > 3 || runs < 1) {
            throw new IllegalArgumentException("usage: ColdSuiteRun [suite [seed [runs >= 1]]]");
        }
        run(suite, seed, runs, start, System.out);
        System.out.printf(Locale.ROOT, "JVM start to main: %d ms (not counted)%n",
                ManagementFactory.getRuntimeMXBean().getUptime() - (System.nanoTime() - start) / 1_000_000);
    }

    /**
     * Runs {@code suite} {@code runs} times and prints one line per run; the first run's time is counted from
     * {@code start}, a {@link System#nanoTime()} taken before any of Ferry's classes were touched.
     *
     * @return the results of the last run
     */
    static List<SimulationResult> run(String suite, long seed, int runs, long start, PrintStream out) {
        SuiteRun suiteRun = SuiteRun.of(suite, seed);
        out.printf(Locale.ROOT, "suite %s: %d scenarios x %d policies = %d simulations, seed %d%n", suite,
                suiteRun.scenarios().size(), ShippedPolicies.NAMES.size(), suiteRun.simulations(), seed);
        List<SimulationResult> results = List.of();
        long runStart = start;
        for (int i = 1; i <= runs; i++) {
            results = suiteRun.run();
            long end = System.nanoTime();
            out.printf(Locale.ROOT, "run %d%s: %.1f ms%n", i, i == 1 ? " (cold)" : "", (end - runStart) / 1e6);
            runStart = end;
        }
        return results;
    }
}
