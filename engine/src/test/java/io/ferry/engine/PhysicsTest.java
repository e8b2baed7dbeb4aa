package io.ferry.engine;

import static io.ferry.engine.Scenarios.GIB;
import static io.ferry.engine.Scenarios.scenario;
import static io.ferry.engine.Scenarios.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.api.MigrationPolicy;
import io.ferry.api.model.MigrationMetrics;
import io.ferry.api.model.Technique;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Scenario tests that pin the physics every comparison stands on (DESIGN.md §4, §9.2): orderings between the
 * techniques, and floors that must hold in every run.
 */
class PhysicsTest {

    private final LiveMigrationEngine engine = new LiveMigrationEngine();

    private MigrationMetrics run(EngineScenario s, MigrationPolicy p) {
        return engine.simulate(s, p, 42).get(0).run().metrics();
    }

    @Test
    void idleVmConvergesInOneRoundWithSmallDowntime() {
        EngineScenario idle = scenario("idle", 4 * GIB, 10, new DirtyingModel.Idle());
        SimulationResult r = engine.simulate(idle, Scenarios.precopy(), 42).get(0);
        MigrationMetrics m = r.run().metrics();
        assertThat(m.rounds()).isEqualTo(1);
        assertThat(m.pagesResent()).isZero();
        // nothing dirty: the pause sends the execution state (1 MiB at 1.25 GB/s = 0.84 ms) plus one RTT
        assertThat(seconds(m.downtime())).isBetween(0.0013, 0.0014);
        assertThat(m.slaViolated()).isFalse();
        // one pass over memory at full speed
        assertThat(seconds(m.totalTime())).isCloseTo(4 * GIB / (10 * Scenarios.GBIT), org.assertj.core.data.Offset
                .offset(0.01));
    }

    @Test
    void moderateWriterConvergesWithinBudgetUnderPreCopy() {
        MigrationMetrics m = run(scenario("moderate", 4 * GIB, 1, new DirtyingModel.Uniform(5_000)),
                Scenarios.precopy());
        assertThat(m.rounds()).isBetween(2, 4);
        assertThat(m.slaViolated()).isFalse();
        assertThat(m.pagesResent()).isPositive();
    }

    @Test
    void heavyWriterHitsPreCopyRoundLimitAndPostCopyBoundsDowntime() {
        EngineScenario heavy = scenario("heavy", 4 * GIB, 1, new DirtyingModel.Uniform(50_000));
        MigrationMetrics pre = run(heavy, Scenarios.precopy());
        MigrationMetrics post = run(heavy, Scenarios.postcopy());
        MigrationMetrics hybrid = run(heavy, Scenarios.hybrid());

        assertThat(pre.rounds()).isEqualTo(5);
        assertThat(pre.slaViolated()).isTrue();
        assertThat(pre.downtime()).isGreaterThan(post.downtime().multipliedBy(100));
        assertThat(post.slaViolated()).isFalse();

        // hybrid: downtime near post-copy's, fewer faults than pure post-copy, less data than pure pre-copy
        assertThat(seconds(hybrid.downtime())).isLessThanOrEqualTo(seconds(post.downtime()) * 1.5);
        assertThat(hybrid.postcopyFaults()).isLessThan(post.postcopyFaults());
        assertThat(hybrid.bytesSent()).isLessThan(pre.bytesSent());
        assertThat(hybrid.rounds()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void heavyWriterUnderHybridRunsAsHybrid() {
        EngineScenario heavy = scenario("heavy", 4 * GIB, 1, new DirtyingModel.Uniform(50_000));
        assertThat(engine.simulate(heavy, Scenarios.hybrid(), 42).get(0).run().technique())
                .isEqualTo(Technique.HYBRID);
    }

    @Test
    void writeHeavyVmHasShorterDowntimeUnderPostCopyThanPreCopy() {
        EngineScenario s = scenario("writer", GIB, 1, new DirtyingModel.HotSet(200_000, 65_536, 0.5, 0));
        assertThat(run(s, Scenarios.postcopy()).downtime()).isLessThan(run(s, Scenarios.precopy()).downtime());
    }

    @Test
    void postCopyOfIdleVmNeverFaults() {
        MigrationMetrics m = run(scenario("idle", GIB, 1, new DirtyingModel.Idle()), Scenarios.postcopy());
        assertThat(m.postcopyFaults()).isZero();
        assertThat(m.faultStallTime()).isZero();
        assertThat(m.rounds()).isZero();
        assertThat(m.degradedTime()).isEqualTo(m.totalTime().minus(m.downtime()));
    }

    @Test
    void postCopyFaultsStallTheGuestAndAreCounted() {
        MigrationMetrics m = run(scenario("writer", GIB, 1, new DirtyingModel.Uniform(20_000)), Scenarios.postcopy());
        assertThat(m.postcopyFaults()).isPositive();
        // each fault blocks at least one RTT
        assertThat(seconds(m.faultStallTime())).isGreaterThanOrEqualTo(m.postcopyFaults() * 0.0005);
        assertThat(m.faultStallTime()).isLessThanOrEqualTo(m.degradedTime());
        // post-copy sends each page exactly once
        assertThat(m.pagesSent()).isEqualTo(GIB / 4096);
        assertThat(m.pagesResent()).isZero();
    }

    @Test
    void compressionHalvesWireTimeOfIdleVm() {
        EngineScenario plain = scenario("plain", GIB, 1, new DirtyingModel.Idle());
        EngineScenario compressed = new EngineScenario("half", GIB, 4096, Scenarios.MIB,
                new io.ferry.api.model.LinkSpec(Scenarios.GBIT, Scenarios.RTT, 0.5), new DirtyingModel.Idle(),
                java.time.Duration.ofMillis(300), 1);
        double t1 = seconds(run(plain, Scenarios.precopy()).totalTime());
        double t2 = seconds(run(compressed, Scenarios.precopy()).totalTime());
        assertThat(t2).isCloseTo(t1 / 2, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void concurrentMigrationsShareTheLink() {
        EngineScenario one = scenario("one", GIB, 1, new DirtyingModel.Idle(), 1);
        EngineScenario four = scenario("four", GIB, 1, new DirtyingModel.Idle(), 4);
        double alone = seconds(run(one, Scenarios.precopy()).totalTime());
        List<SimulationResult> together = engine.simulate(four, Scenarios.precopy(), 42);
        assertThat(together).hasSize(4);
        for (SimulationResult r : together) {
            assertThat(seconds(r.run().metrics().totalTime())).isCloseTo(4 * alone,
                    org.assertj.core.data.Offset.offset(0.05));
        }
    }

    static Stream<Arguments> everyScenarioAndPolicy() {
        List<EngineScenario> scenarios = List.of(
                scenario("idle", GIB, 10, new DirtyingModel.Idle()),
                scenario("uniform", GIB, 1, new DirtyingModel.Uniform(20_000)),
                scenario("heavy", GIB, 1, new DirtyingModel.Uniform(60_000)),
                scenario("hot", GIB, 1, new DirtyingModel.HotSet(100_000, 4096, 0.99, 1000)),
                scenario("phased", GIB, 1, new DirtyingModel.Phased(List.of(
                        new DirtyingModel.Phase(1, new DirtyingModel.Idle()),
                        new DirtyingModel.Phase(0.5, new DirtyingModel.Uniform(90_000))))),
                scenario("replay", GIB, 1, new DirtyingModel.Replay(0.25, new double[] {0, 10_000, 70_000, 500}, 0)),
                scenario("shared", 512 * Scenarios.MIB, 10, new DirtyingModel.Uniform(30_000), 3));
        List<MigrationPolicy> policies = List.of(Scenarios.precopy(), Scenarios.postcopy(), Scenarios.hybrid());
        return scenarios.stream().flatMap(s -> policies.stream().map(p -> Arguments.of(s, p)));
    }

    @ParameterizedTest(name = "{0} under {1}")
    @MethodSource("everyScenarioAndPolicy")
    void floorsHoldInEveryRun(EngineScenario scenario, MigrationPolicy policy) {
        double bandwidth = scenario.link().bandwidthBytesPerSec();
        double memoryWire = scenario.memoryBytes() * scenario.link().compressionRatio();
        for (SimulationResult r : engine.simulate(scenario, policy, 7)) {
            MigrationMetrics m = r.run().metrics();
            // every page crosses the link at least once, and the link is never faster than its bandwidth
            assertThat(seconds(m.totalTime())).isGreaterThanOrEqualTo(memoryWire / bandwidth * (1 - 1e-9));
            assertThat(m.pagesSent()).isGreaterThanOrEqualTo(scenario.memoryBytes() / scenario.pageSizeBytes());
            // the pause lasts at least as long as sending what is sent during it, plus the hand-over RTT
            assertThat(seconds(m.downtime())).isGreaterThanOrEqualTo(
                    r.run().pausedBytes() / bandwidth + seconds(scenario.link().rtt()) - 1e-9);
            assertThat(m.downtime()).isLessThanOrEqualTo(m.totalTime());
            assertThat(m.degradedTime()).isLessThanOrEqualTo(m.totalTime());
            assertThat(m.slaViolated()).isEqualTo(m.downtime().compareTo(scenario.downtimeBudget()) > 0);
            assertThat(r.run().notes()).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0} under {1}")
    @MethodSource("everyScenarioAndPolicy")
    void sameSeedGivesIdenticalResults(EngineScenario scenario, MigrationPolicy policy) {
        assertThat(engine.simulate(scenario, policy, 11)).isEqualTo(engine.simulate(scenario, policy, 11));
    }

    @Test
    void differentSeedsDrawDifferentPages() {
        EngineScenario s = scenario("uniform", GIB, 1, new DirtyingModel.Uniform(20_000));
        assertThat(engine.simulate(s, Scenarios.precopy(), 1).get(0).run().metrics().pagesResent())
                .isNotEqualTo(engine.simulate(s, Scenarios.precopy(), 2).get(0).run().metrics().pagesResent());
    }
}
