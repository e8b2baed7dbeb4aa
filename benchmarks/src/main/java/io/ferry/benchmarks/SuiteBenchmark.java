package io.ferry.benchmarks;

import io.ferry.engine.SimulationResult;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Measures the engine work behind {@code ./ferry compare --suite standard} once the JVM is warm: one operation is the
 * whole {@code standard} suite (7 scenarios, 10 migrations) under the three shipped policies, 21 simulations one
 * after the other on one thread with the same seed ({@link SuiteRun}). The project's target is under 2 s; a user's
 * first, cold run is slower and is what {@link ColdSuiteRun} measures.
 *
 * <p>The seed is fixed for the same reason as in {@link EngineBenchmark}: every operation does the same work.
 * Looking the suite up and building the policies is set-up, outside the measurement.
 *
 * <p>Cost of a run with the defaults: 5 warm-up and 10 measured iterations of 2 s each, about 35 s in one fork;
 * each iteration finishes the operation in progress, so it may run over by up to one operation.
 *
 * <p>Not what a user waits for on the first run of a fresh JVM: that is {@link ColdSuiteRun}'s figure, about twice
 * this one.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class SuiteBenchmark {

    /** The suite's name; the tests pass {@code smoke}. */
    @Param("standard")
    String suite;

    /** The seed of every simulation, the same for every operation. */
    @Param("" + SuiteRun.DEFAULT_SEED)
    long seed;

    private SuiteRun run;

    /** Looks the suite up and builds the three policies once. */
    @Setup
    public void setUp() {
        run = SuiteRun.of(suite, seed);
    }

    /** @return every simulation's result, which JMH consumes so no simulation can be optimised away */
    @Benchmark
    public List<SimulationResult> wholeSuiteThreePolicies() {
        return run.run();
    }
}
