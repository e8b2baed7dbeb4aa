package io.ferry.benchmarks;

import io.ferry.api.MigrationPolicy;
import io.ferry.api.model.LinkSpec;
import io.ferry.compare.ScenarioSuites;
import io.ferry.engine.DirtyingModel;
import io.ferry.engine.EngineScenario;
import io.ferry.engine.LiveMigrationEngine;
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
 * Measures how long the page-level engine takes to simulate one live migration: a 4 GiB VM with 4 KiB pages whose
 * guest writes 20,000 pages/s uniformly over its memory, moving over a 1 or 10 Gbit/s link with a 0.5 ms RTT, 1 MiB
 * of execution state and a 300 ms downtime budget, under each shipped policy. The project's target is a median
 * (JMH's {@code p0.50}) of at most 10 ms for pre-copy.
 *
 * <p>One operation is one {@link LiveMigrationEngine#simulate} call: the policy's plan, its steering, every round,
 * the pause and, for post-copy and hybrid, the faults and the push, until the last page is on the target. Building
 * the scenario, the policy and the engine is set-up, outside the measurement.
 *
 * <p>The seed is fixed ({@link #seed}, {@value SuiteRun#DEFAULT_SEED} unless {@code -p seed=N}), so every operation
 * does exactly the same work — the same writes to the same pages, the same rounds, the same pages sent — and the
 * spread of the samples is the machine's, not the scenario's. Another seed changes only which pages the uniform
 * writer hits, not how many, so the figure barely moves; pass {@code -p seed=N} to check.
 *
 * <p>Cost of a run with the defaults: 6 parameter combinations, each 5 warm-up and 5 measured iterations of 1 s,
 * about 70 s in one fork. The simulation holds about 9 bytes of heap per page (some 10 MB for 4 GiB).
 *
 * <p>Not the figure for a whole comparison ({@link SuiteBenchmark}) nor for a user's first run, which includes
 * class loading and the JIT's warm-up ({@link ColdSuiteRun}).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class EngineBenchmark {

    /** The link's bandwidth in Gbit/s. */
    @Param({"1", "10"})
    double linkGbits;

    /** The policy, one of {@link ShippedPolicies#NAMES}. */
    @Param({"precopy", "postcopy", "hybrid"})
    String policy;

    /** The VM's memory in MiB; the tests pass a small one. */
    @Param("4096")
    long memoryMib;

    /** The uniform writer's page writes per second. */
    @Param("20000")
    double pagesPerSecond;

    /** The simulation's seed, the same for every operation. */
    @Param("" + SuiteRun.DEFAULT_SEED)
    long seed;

    private EngineScenario scenario;
    private MigrationPolicy migrationPolicy;
    private LiveMigrationEngine engine;

    /** Builds the scenario, the policy and the engine once per parameter combination. */
    @Setup
    public void setUp() {
        scenario = scenario(memoryMib << 20, linkGbits, pagesPerSecond);
        migrationPolicy = ShippedPolicies.byName(policy);
        engine = new LiveMigrationEngine();
    }

    /** @return the one migration's result, which JMH consumes so the simulation cannot be optimised away */
    @Benchmark
    public List<SimulationResult> migrateOneVm() {
        return engine.simulate(scenario, migrationPolicy, seed);
    }

    /**
     * @return one VM of {@code memoryBytes} with the default page size, execution state and downtime budget and a
     *         uniform writer, on a link of {@code gbits} with the suites' RTT and no compression
     */
    static EngineScenario scenario(long memoryBytes, double gbits, double pagesPerSecond) {
        return new EngineScenario("uniform-" + (int) pagesPerSecond + "-" + gbits + "gbit", memoryBytes,
                EngineScenario.DEFAULT_PAGE_SIZE, EngineScenario.DEFAULT_EXECUTION_STATE_BYTES,
                new LinkSpec(gbits * ScenarioSuites.GIGABIT, ScenarioSuites.RTT, 1),
                new DirtyingModel.Uniform(pagesPerSecond), EngineScenario.DEFAULT_DOWNTIME_BUDGET, 1);
    }
}
