package io.ferry.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.api.MigrationPolicy;
import io.ferry.api.model.LinkSpec;
import io.ferry.engine.DirtyingModel;
import io.ferry.engine.EngineScenario;
import io.ferry.engine.LiveMigrationEngine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The runner's memory bound: refuse up front what cannot fit; never run together what does not fit together. */
class ComparisonMemoryLimitTest {

    private static final long MIB = 1L << 20;
    private static final long SEED = 42;
    private final LiveMigrationEngine engine = new LiveMigrationEngine();

    private static EngineScenario scenario(String name, long memory, int vms) {
        return new EngineScenario(name, memory, 4096, MIB, new LinkSpec(ScenarioSuites.GIGABIT, ScenarioSuites.RTT, 1),
                new DirtyingModel.Uniform(20_000), Duration.ofMillis(300), vms);
    }

    @Test
    void runWhenOneRunNeedsMoreThanTheLimitThenRefusedInOneLineBeforeAnyRunStarts() {
        // 64 migrations of 1 TiB: 2^28 pages each, four bitsets of 32 MiB: 8 GiB of page state
        EngineScenario huge = scenario("huge", 1L << 40, 64);
        List<String> started = new ArrayList<>();
        ComparisonRunner runner = new ComparisonRunner(engine, 2, 4L << 30);

        assertThatThrownBy(() -> runner.run(List.of(scenario("small", 64 * MIB, 1), huge), Policies.all(), SEED,
                new ComparisonListener() {
                    @Override
                    public void onStart(int index, int total, String scenario, String policy) {
                        started.add(scenario + "/" + policy);
                    }
                }))
                .isInstanceOf(ComparisonLimitException.class)
                .hasMessageStartingWith("scenario huge with policy precopy needs about 8.0 GiB of heap for the "
                        + "engine's page state (64 concurrent migrations of 1024.0 GiB), more than the comparison's "
                        + "memory limit of 4.0 GiB")
                .message().doesNotContain("\n");
        assertThat(started).isEmpty();
    }

    @Test
    void heapBytesWhenPageOrderingPolicyThenItsStatisticsAndDecisionWorkCount() {
        EngineScenario s = scenario("s", 1L << 30, 4);
        MigrationPolicy precopy = Policies.all().get(0);
        MigrationPolicy hybrid = Policies.all().get(2);
        long pages = (1L << 30) / 4096;

        // four bitsets per migration (and a few bytes for the write stream)
        long bitsets = 4 * pages / 2;
        assertThat(engine.heapBytes(s, precopy)).isBetween(bitsets, bitsets + 1024);
        // + 8 B/page statistics and 4 B/page push order per migration, one decision's work and switch at a time
        long hybridBytes = 4 * (pages / 2 + 12 * pages)
                + (LiveMigrationEngine.DECISION_BYTES_PER_PAGE + LiveMigrationEngine.SWITCH_BYTES_PER_PAGE) * pages;
        assertThat(engine.heapBytes(s, hybrid)).isBetween(hybridBytes, hybridBytes + 1024);
    }

    @Test
    void runWhenRunsFitOnlyOneAtATimeThenTheyNeverOverlapAndGiveTheSameRows() throws InterruptedException {
        List<EngineScenario> scenarios = List.of(scenario("a", 512 * MIB, 8), scenario("b", 512 * MIB, 8),
                scenario("c", 512 * MIB, 8), scenario("d", 512 * MIB, 8));
        MigrationPolicy precopy = Policies.all().get(0);
        long need = engine.heapBytes(scenarios.get(0), precopy);
        // room for one run, not two
        ComparisonRunner tight = new ComparisonRunner(engine, 4, need + need / 2);
        int[] inFlight = new int[2];
        ComparisonListener overlap = new ComparisonListener() {
            @Override
            public void onStart(int index, int total, String scenario, String policy) {
                inFlight[0]++;
                inFlight[1] = Math.max(inFlight[1], inFlight[0]);
            }

            @Override
            public void onDone(int index, int total, ResultRow row) {
                inFlight[0]--;
            }
        };

        Comparison bounded = tight.run(scenarios, List.of(precopy), SEED, overlap);

        assertThat(inFlight[1]).isEqualTo(1);
        assertThat(bounded.rows()).isEqualTo(new ComparisonRunner(engine, 1).run(scenarios, List.of(precopy), SEED)
                .rows());
    }
}
