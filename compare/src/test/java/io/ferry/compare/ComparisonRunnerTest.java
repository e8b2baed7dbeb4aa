package io.ferry.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.api.MigrationPolicy;
import io.ferry.api.model.LinkSpec;
import io.ferry.api.model.MigrationMetrics;
import io.ferry.engine.DirtyingModel;
import io.ferry.engine.EngineScenario;
import io.ferry.engine.LiveMigrationEngine;
import io.ferry.engine.SimulationResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ComparisonRunnerTest {

    private static final List<EngineScenario> SMOKE = ScenarioSuites.byName("smoke").orElseThrow();
    private static final long SEED = 42;

    private final ComparisonRunner runner = new ComparisonRunner();
    private final ComparisonRunner sequential = new ComparisonRunner(new LiveMigrationEngine(), 1);

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    private static EngineScenario concurrent(int vms) {
        return new EngineScenario("pair", 64L << 20, 4096, 1L << 20,
                new LinkSpec(ScenarioSuites.GIGABIT, ScenarioSuites.RTT, 1), new DirtyingModel.Uniform(20_000),
                Duration.ofMillis(300), vms);
    }

    @Test
    void runWhenSmokeSuiteThenOneRowPerScenarioAndPolicyScenarioMajor() throws InterruptedException {
        Comparison c = runner.run(SMOKE, Policies.all(), SEED);

        assertThat(c.seed()).isEqualTo(SEED);
        assertThat(c.scenarios()).containsExactly("smoke-idle", "smoke-writer", "smoke-hot-set");
        assertThat(c.policies()).containsExactly("precopy", "postcopy", "hybrid");
        assertThat(c.rows()).extracting(r -> r.scenario() + "/" + r.policy()).containsExactly(
                "smoke-idle/precopy", "smoke-idle/postcopy", "smoke-idle/hybrid",
                "smoke-writer/precopy", "smoke-writer/postcopy", "smoke-writer/hybrid",
                "smoke-hot-set/precopy", "smoke-hot-set/postcopy", "smoke-hot-set/hybrid");
        assertThat(c.rows()).allSatisfy(r -> {
            assertThat(r.seed()).isEqualTo(SEED);
            assertThat(r.memoryBytes()).isEqualTo(256L << 20);
            assertThat(r.bandwidthBytesPerSec()).isEqualTo(ScenarioSuites.GIGABIT);
            assertThat(r.concurrentMigrations()).isEqualTo(1);
            assertThat(r.downtimeBudgetMs()).isEqualTo(300.0);
            assertThat(r.totalTimeMs()).isGreaterThanOrEqualTo(r.downtimeMs());
            assertThat(r.bytesSent()).isGreaterThanOrEqualTo(256L << 20);
            assertThat(r.slaViolated()).isEqualTo(r.downtimeMs() > r.downtimeBudgetMs());
            assertThat(r.predicted()).isPresent();
        });
        ResultRow postcopy = c.row("smoke-writer", "postcopy").orElseThrow();
        assertThat(postcopy.technique()).isEqualTo("POST_COPY");
        assertThat(postcopy.rounds()).isZero();
        assertThat(postcopy.postcopyFaults()).isPositive();
        assertThat(c.row("smoke-idle", "precopy").orElseThrow().technique()).isEqualTo("PRE_COPY");
    }

    @Test
    void runWhenRowMatchesEngineThenMetricsAreTheEnginesInMilliseconds() throws InterruptedException {
        MigrationPolicy precopy = Policies.all().get(0);
        EngineScenario writer = SMOKE.get(1);

        ResultRow row = runner.run(List.of(writer), List.of(precopy), SEED).rows().get(0);

        SimulationResult direct = new LiveMigrationEngine().simulate(writer, precopy, SEED).get(0);
        MigrationMetrics m = direct.run().metrics();
        assertThat(row.totalTimeMs()).isEqualTo(m.totalTime().toNanos() / 1e6);
        assertThat(row.downtimeMs()).isEqualTo(m.downtime().toNanos() / 1e6);
        assertThat(row.bytesSent()).isEqualTo(m.bytesSent());
        assertThat(row.pagesSent()).isEqualTo(m.pagesSent());
        assertThat(row.pagesResent()).isEqualTo(m.pagesResent());
        assertThat(row.rounds()).isEqualTo(m.rounds());
        assertThat(row.predicted().orElseThrow().bytesSent())
                .isEqualTo(direct.plan().orElseThrow().predicted().bytesSent());
    }

    @Test
    void runWhenSameSeedTwiceThenIdenticalRows() throws InterruptedException {
        Comparison first = runner.run(SMOKE, Policies.all(), SEED);
        Comparison second = new ComparisonRunner().run(SMOKE, Policies.all(), SEED);

        assertThat(second).isEqualTo(first);
    }

    @Test
    void runWhenSeedChangesThenWritesDiffer() throws InterruptedException {
        List<EngineScenario> writer = List.of(SMOKE.get(1));
        List<MigrationPolicy> postcopy = List.of(Policies.all().get(1));

        ResultRow a = runner.run(writer, postcopy, 1).rows().get(0);
        ResultRow b = runner.run(writer, postcopy, 2).rows().get(0);

        assertThat(a.postcopyFaults()).isNotEqualTo(b.postcopyFaults());
    }

    @Test
    void runWhenSequentialThenListenerHearsEachRunStartAndFinishInOrder() throws InterruptedException {
        List<String> events = new ArrayList<>();
        ComparisonListener listener = new ComparisonListener() {
            @Override
            public void onStart(int index, int total, String scenario, String policy) {
                events.add("start " + index + "/" + total + " " + scenario + " " + policy);
            }

            @Override
            public void onDone(int index, int total, ResultRow row) {
                events.add("done " + index + "/" + total + " " + row.scenario() + " " + row.policy());
            }
        };

        sequential.run(SMOKE.subList(0, 2), Policies.all().subList(0, 2), SEED, listener);

        assertThat(events).containsExactly(
                "start 0/4 smoke-idle precopy", "done 0/4 smoke-idle precopy",
                "start 1/4 smoke-idle postcopy", "done 1/4 smoke-idle postcopy",
                "start 2/4 smoke-writer precopy", "done 2/4 smoke-writer precopy",
                "start 3/4 smoke-writer postcopy", "done 3/4 smoke-writer postcopy");
    }

    @Test
    void runWhenSequentialAndInterruptedThenStopsBeforeTheNextRunAndClearsTheFlag() {
        List<String> started = new ArrayList<>();
        ComparisonListener interruptAfterFirst = new ComparisonListener() {
            @Override
            public void onStart(int index, int total, String scenario, String policy) {
                started.add(scenario + " " + policy);
            }

            @Override
            public void onDone(int index, int total, ResultRow row) {
                Thread.currentThread().interrupt();
            }
        };

        assertThatThrownBy(() -> sequential.run(SMOKE, Policies.all(), SEED, interruptAfterFirst))
                .isInstanceOf(InterruptedException.class)
                .hasMessage("comparison cancelled after 1 of 9 runs");
        assertThat(started).containsExactly("smoke-idle precopy");
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void runOnSeveralThreadsGivesTheSameRowsInTheSameOrderAsOneAfterAnother() throws InterruptedException {
        Comparison parallel = new ComparisonRunner(new LiveMigrationEngine(), 3).run(SMOKE, Policies.all(), SEED);
        assertThat(parallel).isEqualTo(sequential.run(SMOKE, Policies.all(), SEED));
    }

    @Test
    void runOnSeveralThreadsHearsEveryRunOnceAndOneCallAtATime() throws InterruptedException {
        java.util.concurrent.atomic.AtomicInteger inside = new java.util.concurrent.atomic.AtomicInteger();
        java.util.Set<Integer> done = java.util.concurrent.ConcurrentHashMap.newKeySet();
        ComparisonListener listener = new ComparisonListener() {
            @Override
            public void onDone(int index, int total, ResultRow row) {
                assertThat(inside.incrementAndGet()).isEqualTo(1);
                done.add(index);
                inside.decrementAndGet();
            }
        };
        new ComparisonRunner(new LiveMigrationEngine(), 4).run(SMOKE, Policies.all(), SEED, listener);
        assertThat(done).hasSize(SMOKE.size() * Policies.all().size());
    }

    @Test
    void runOnSeveralThreadsWhenInterruptedThenThrowsAndClearsTheFlag() {
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> new ComparisonRunner(new LiveMigrationEngine(), 2).run(SMOKE, Policies.all(), SEED))
                .isInstanceOf(InterruptedException.class).hasMessageMatching("comparison cancelled after \\d+ of 9 runs");
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void runWhenConcurrentMigrationsThenRowAggregatesTheGroup() throws InterruptedException {
        EngineScenario pair = concurrent(2);
        MigrationPolicy precopy = Policies.all().get(0);

        ResultRow row = runner.run(List.of(pair), List.of(precopy), SEED).rows().get(0);

        List<SimulationResult> each = new LiveMigrationEngine().simulate(pair, precopy, SEED);
        List<MigrationMetrics> m = each.stream().map(r -> r.run().metrics()).toList();
        assertThat(row.concurrentMigrations()).isEqualTo(2);
        assertThat(row.totalTimeMs()).isEqualTo(
                Math.max(m.get(0).totalTime().toNanos(), m.get(1).totalTime().toNanos()) / 1e6);
        assertThat(row.downtimeMs()).isEqualTo(
                Math.max(m.get(0).downtime().toNanos(), m.get(1).downtime().toNanos()) / 1e6);
        assertThat(row.bytesSent()).isEqualTo(m.get(0).bytesSent() + m.get(1).bytesSent());
        assertThat(row.pagesSent()).isEqualTo(m.get(0).pagesSent() + m.get(1).pagesSent());
        assertThat(row.pagesResent()).isEqualTo(m.get(0).pagesResent() + m.get(1).pagesResent());
        assertThat(row.rounds()).isEqualTo(Math.max(m.get(0).rounds(), m.get(1).rounds()));
        assertThat(row.slaViolated()).isEqualTo(m.get(0).slaViolated() || m.get(1).slaViolated());
        assertThat(row.predicted().orElseThrow().bytesSent()).isEqualTo(
                each.get(0).plan().orElseThrow().predicted().bytesSent()
                        + each.get(1).plan().orElseThrow().predicted().bytesSent());
    }

    @Test
    void runWhenPolicyCannotPlanThenPredictionIsEmptyAndTheNoteSaysWhy() throws InterruptedException {
        ResultRow row = runner.run(List.of(SMOKE.get(0)), List.of(Policies.unplannable()), SEED).rows().get(0);

        assertThat(row.predicted()).isEmpty();
        assertThat(row.notes()).anySatisfy(n -> assertThat(n).contains("policy could not plan")
                .contains("no model for this VM"));
        assertThat(row.totalTimeMs()).isPositive();
    }

    @Test
    void runWhenPolicyNamesRepeatThenRejected() {
        List<MigrationPolicy> twice = List.of(Policies.all().get(0), Policies.all().get(0));

        assertThatThrownBy(() -> runner.run(SMOKE, twice, SEED))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("policies: \"precopy\" appears twice; names must be distinct");
    }

    @Test
    void runWhenNoScenarioThenRejected() {
        assertThatThrownBy(() -> runner.run(List.of(), Policies.all(), SEED))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("scenarios: at least one is needed");
    }
}
