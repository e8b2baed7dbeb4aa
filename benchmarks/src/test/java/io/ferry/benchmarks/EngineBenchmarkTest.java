package io.ferry.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.api.model.MigrationMetrics;
import io.ferry.api.model.Technique;
import io.ferry.engine.EngineScenario;
import io.ferry.engine.SimulationResult;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Runs the benchmark's body once on a small VM and checks the simulation it measures did the whole migration. */
class EngineBenchmarkTest {

    private static final long SMALL_VM_MIB = 64;

    @ParameterizedTest
    @CsvSource({"precopy, 1", "precopy, 10", "postcopy, 1", "postcopy, 10", "hybrid, 1", "hybrid, 10"})
    void migrateOneVmWhenSmallVmThenMigrationRespectsPhysicalFloors(String policy, double gbits) {
        EngineBenchmark benchmark = benchmark(policy, gbits);

        List<SimulationResult> results = benchmark.migrateOneVm();

        assertThat(results).singleElement().satisfies(result -> {
            assertThat(result.policy()).isEqualTo(policy);
            assertThat(result.plan()).as("the policy planned the migration").isPresent();
            MigrationMetrics metrics = result.run().metrics();
            double bandwidth = gbits * 1e9 / 8;
            long memory = SMALL_VM_MIB << 20;
            assertThat(metrics.totalTime().toNanos()).as("total time >= memory / bandwidth")
                    .isGreaterThanOrEqualTo((long) Math.floor(memory / bandwidth * 1e9));
            assertThat(metrics.downtime().toNanos()).as("downtime >= execution state / bandwidth")
                    .isGreaterThanOrEqualTo(
                            (long) Math.floor(EngineScenario.DEFAULT_EXECUTION_STATE_BYTES / bandwidth * 1e9));
            assertThat(metrics.pagesSent()).as("every page reached the target")
                    .isGreaterThanOrEqualTo(memory / EngineScenario.DEFAULT_PAGE_SIZE);
        });
    }

    @ParameterizedTest
    @CsvSource({"precopy, PRE_COPY", "postcopy, POST_COPY"})
    void migrateOneVmWhenSinglePolicyThenItsTechniqueRuns(String policy, Technique technique) {
        assertThat(benchmark(policy, 1).migrateOneVm().get(0).run().technique()).isEqualTo(technique);
    }

    @ParameterizedTest
    @CsvSource({"precopy", "postcopy", "hybrid"})
    void migrateOneVmWhenCalledTwiceThenSameResult(String policy) {
        EngineBenchmark benchmark = benchmark(policy, 1);

        assertThat(benchmark.migrateOneVm().get(0).run().metrics())
                .as("a fixed seed makes every operation the same work")
                .isEqualTo(benchmark.migrateOneVm().get(0).run().metrics());
    }

    private static EngineBenchmark benchmark(String policy, double gbits) {
        EngineBenchmark benchmark = new EngineBenchmark();
        benchmark.linkGbits = gbits;
        benchmark.policy = policy;
        benchmark.memoryMib = SMALL_VM_MIB;
        benchmark.pagesPerSecond = 20_000;
        benchmark.seed = SuiteRun.DEFAULT_SEED;
        benchmark.setUp();
        return benchmark;
    }
}
