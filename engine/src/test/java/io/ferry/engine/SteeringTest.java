package io.ferry.engine;

import static io.ferry.engine.Scenarios.GIB;
import static io.ferry.engine.Scenarios.MIB;
import static io.ferry.engine.Scenarios.scenario;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.api.model.Capability;
import io.ferry.api.model.MigrationMetrics;
import io.ferry.api.model.PageOrder;
import io.ferry.api.model.RoundDecision;
import io.ferry.api.model.Technique;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How the engine follows, bounds and survives a policy's decisions. */
class SteeringTest {

    private static final RoundDecision ROUND = new RoundDecision.PreCopyRound(Optional.empty());
    private static final RoundDecision STOP = new RoundDecision.StopAndCopy();

    private final EngineScenario writer = scenario("writer", 256 * MIB, 1, new DirtyingModel.Uniform(20_000));

    @Test
    void afterRoundWhenPolicyThrowsThenStopsAndCopiesAndSaysWhy() {
        ScriptedPolicy p = new ScriptedPolicy(v -> ROUND, (r, v) -> {
            throw new IllegalStateException("boom");
        }, Set.of());
        RunResult run = new LiveMigrationEngine().simulate(writer, p, 1).get(0).run();
        assertThat(run.metrics().rounds()).isEqualTo(1);
        assertThat(run.technique()).isEqualTo(Technique.PRE_COPY);
        assertThat(run.notes()).singleElement().asString().contains("policy failed after round 1")
                .contains("boom").contains("stopping and copying");
    }

    @Test
    void beginWhenPolicyReturnsNullThenStopsAndCopiesAtOnce() {
        ScriptedPolicy p = new ScriptedPolicy(v -> null, (r, v) -> ROUND, Set.of());
        RunResult run = new LiveMigrationEngine().simulate(writer, p, 1).get(0).run();
        assertThat(run.metrics().rounds()).isZero();
        // non-live: all memory moves during the pause
        assertThat(run.metrics().downtime()).isEqualTo(run.metrics().totalTime());
        assertThat(run.notes()).singleElement().asString().contains("no decision begin");
        assertThat(run.fallback()).hasValueSatisfying(why -> assertThat(why).contains("no decision begin"));
    }

    @Test
    void afterRoundWhenSteeringClassesAreGoneThenTheRunIsRecordedAsAFallback() {
        ScriptedPolicy p = new ScriptedPolicy(v -> ROUND, (r, v) -> {
            throw new NoClassDefFoundError("org/apache/commons/math3/ml/clustering/DoublePoint");
        }, Set.of());
        RunResult run = new LiveMigrationEngine().simulate(writer, p, 1).get(0).run();
        assertThat(run.fallback()).hasValueSatisfying(why -> assertThat(why).contains("policy failed after round 1")
                .contains("DoublePoint").contains("stopping and copying"));
    }

    @Test
    void whenThePolicySteersToTheEndOrTheEngineLimitStopsItThenThereIsNoFallback() {
        ScriptedPolicy steered = new ScriptedPolicy(v -> ROUND, (r, v) -> r.round() < 2 ? ROUND : STOP, Set.of());
        assertThat(new LiveMigrationEngine().simulate(writer, steered, 1).get(0).run().fallback()).isEmpty();
        ScriptedPolicy endless = new ScriptedPolicy(v -> ROUND, (r, v) -> ROUND, Set.of());
        EngineSettings settings = new EngineSettings(java.time.Duration.ZERO, 7, java.time.Duration.ofHours(1), 5, 50);
        assertThat(new LiveMigrationEngine(settings).simulate(writer, endless, 1).get(0).run().fallback()).isEmpty();
    }

    @Test
    void afterRoundWhenPolicyNeverStopsThenEngineLimitStopsIt() {
        ScriptedPolicy p = new ScriptedPolicy(v -> ROUND, (r, v) -> ROUND, Set.of());
        EngineSettings settings = new EngineSettings(java.time.Duration.ZERO, 7, java.time.Duration.ofHours(1), 5, 50);
        RunResult run = new LiveMigrationEngine(settings).simulate(writer, p, 1).get(0).run();
        assertThat(run.metrics().rounds()).isEqualTo(7);
        assertThat(run.notes()).singleElement().asString().contains("engine limit reached after round 7");
        assertThat(p.reports).hasSize(6);
    }

    @Test
    void roundReportsCarryWhatHappened() {
        ScriptedPolicy p = new ScriptedPolicy(v -> ROUND, (r, v) -> r.round() < 3 ? ROUND : STOP, Set.of());
        RunResult run = new LiveMigrationEngine().simulate(writer, p, 1).get(0).run();
        assertThat(p.reports).hasSize(3).isEqualTo(run.rounds());
        assertThat(p.reports.get(0).pagesSent()).isEqualTo(256 * MIB / 4096);
        assertThat(p.reports.get(1).pagesSent()).isEqualTo(p.reports.get(0).pendingPages());
        for (var r : p.reports) {
            assertThat(r.dirtyPagesPerSecond()).isPositive().isLessThanOrEqualTo(20_000);
            assertThat(r.bandwidthBytesPerSec()).isCloseTo(Scenarios.GBIT, org.assertj.core.data.Percentage
                    .withPercentage(0.001));
        }
        assertThat(p.reports.get(2).bytesSentTotal()).isLessThan(run.metrics().bytesSent());
    }

    @Test
    void pageViewOfferedOnlyToPoliciesThatUsePageOrder() {
        ScriptedPolicy without = new ScriptedPolicy(v -> ROUND, (r, v) -> STOP, Set.of());
        ScriptedPolicy with = new ScriptedPolicy(v -> ROUND, (r, v) -> STOP, Set.of(Capability.PAGE_ORDER));
        new LiveMigrationEngine().simulate(writer, without, 1);
        new LiveMigrationEngine().simulate(writer, with, 1);
        assertThat(without.viewOffered).containsOnly(false);
        assertThat(with.viewOffered).containsOnly(true);
    }

    @Test
    void preCopyRoundWithPageOrderSendsOnlyThoseAndDefersTheRest() {
        int pages = (int) (256 * MIB / 4096);
        int[] firstHalf = new int[pages / 2];
        for (int i = 0; i < firstHalf.length; i++) {
            firstHalf[i] = i;
        }
        ScriptedPolicy p = new ScriptedPolicy(v -> new RoundDecision.PreCopyRound(Optional.of(new PageOrder(firstHalf))),
                (r, v) -> {
                    // the deferred half is still pending, and the view says so
                    assertThat(v.orElseThrow().isPending(pages - 1)).isTrue();
                    return STOP;
                }, Set.of(Capability.PAGE_ORDER));
        EngineScenario idle = scenario("idle", 256 * MIB, 1, new DirtyingModel.Idle());
        RunResult run = new LiveMigrationEngine().simulate(idle, p, 1).get(0).run();
        assertThat(p.reports.get(0).pagesSent()).isEqualTo(pages / 2);
        assertThat(p.reports.get(0).pendingPages()).isEqualTo(pages - pages / 2);
        // the deferred half goes during the pause
        assertThat(run.pausedBytes()).isEqualTo((long) (pages - pages / 2) * 4096 + MIB);
    }

    @Test
    void pageViewReportsWriteCountsAndTimes() {
        ScriptedPolicy p = new ScriptedPolicy(v -> ROUND, (r, v) -> {
            var view = v.orElseThrow();
            int[] pending = view.pendingPages();
            assertThat(pending).hasSize(view.pendingCount());
            long written = java.util.Arrays.stream(pending).filter(q -> view.writeCount(q) > 0).count();
            assertThat(written).isEqualTo(pending.length);
            assertThat(view.lastWriteSeconds(pending[0])).isBetween(0.0, view.elapsedSeconds());
            return STOP;
        }, Set.of(Capability.PAGE_ORDER));
        new LiveMigrationEngine().simulate(writer, p, 1);
        assertThat(p.reports).hasSize(1);
    }

    @Test
    void hypervisorWithoutRoundControlAppliesItsOwnRuleAndNeverAsks() {
        ScriptedPolicy p = new ScriptedPolicy(v -> {
            throw new AssertionError("a XenServer-like engine never asks");
        }, (r, v) -> {
            throw new AssertionError("a XenServer-like engine never asks");
        }, Set.of());
        SharedLinkSimulation xen = new SharedLinkSimulation(Scenarios.GBIT, EnumSet.of(Capability.PRE_COPY),
                new EngineSettings());
        EngineScenario heavy = scenario("heavy", 256 * MIB, 1, new DirtyingModel.Uniform(60_000));
        int i = xen.start(heavy.request(0), heavy.dirtying(), p.steer(heavy.request(0), Set.of()), 1, false);
        xen.runToCompletion();
        MigrationMetrics m = xen.result(i).metrics();
        assertThat(m.rounds()).isEqualTo(5);
        assertThat(xen.result(i).technique()).isEqualTo(Technique.PRE_COPY);
    }

    @Test
    void postCopyRequestOnEngineWithoutPostCopyIsRefusedAndStopsAndCopies() {
        SharedLinkSimulation sim = new SharedLinkSimulation(Scenarios.GBIT,
                EnumSet.of(Capability.PRE_COPY, Capability.ROUND_CONTROL), new EngineSettings());
        EngineScenario s = scenario("s", 64 * MIB, 1, new DirtyingModel.Idle());
        int i = sim.start(s.request(0), s.dirtying(), Scenarios.postcopy().steer(s.request(0), Set.of()), 1, false);
        sim.runToCompletion();
        assertThat(sim.result(i).technique()).isEqualTo(Technique.PRE_COPY);
        assertThat(sim.result(i).notes()).singleElement().asString().contains("without POST_COPY");
    }

    @Test
    void steppingInSmallIncrementsGivesTheSameOutcomeAsRunningThrough() {
        EngineScenario heavy = scenario("heavy", 256 * MIB, 1, new DirtyingModel.Uniform(40_000));
        var policy = Scenarios.hybrid();
        RunResult through = new LiveMigrationEngine().simulate(heavy, policy, 5).get(0).run();

        SharedLinkSimulation sim = new SharedLinkSimulation(Scenarios.GBIT, LiveMigrationEngine.CAPABILITIES,
                new EngineSettings());
        int i = sim.start(heavy.request(0), heavy.dirtying(), policy.steer(heavy.request(0), Set.of()),
                LiveMigrationEngine.seedOf(5, 0), true);
        double t = 0;
        double lastFraction = -1;
        while (!sim.done(i)) {
            t += 0.05;
            sim.advanceTo(t);
            var progress = sim.progress(i);
            assertThat(progress.fraction()).isBetween(0.0, 1.0);
            lastFraction = progress.fraction();
        }
        assertThat(lastFraction).isEqualTo(1.0);
        MigrationMetrics stepped = sim.result(i).metrics();
        assertThat(stepped.rounds()).isEqualTo(through.metrics().rounds());
        assertThat(stepped.bytesSent()).isEqualTo(through.metrics().bytesSent());
        assertThat(Scenarios.seconds(stepped.totalTime()))
                .isCloseTo(Scenarios.seconds(through.metrics().totalTime()), org.assertj.core.data.Offset.offset(1e-6));
        assertThat(stepped.postcopyFaults()).isCloseTo(through.metrics().postcopyFaults(),
                org.assertj.core.data.Percentage.withPercentage(1));
    }

    @Test
    void cancelDuringPreCopyLeavesTheVmOnItsSourceAndFreesTheLink() {
        SharedLinkSimulation sim = new SharedLinkSimulation(Scenarios.GBIT, LiveMigrationEngine.CAPABILITIES,
                new EngineSettings());
        EngineScenario s = scenario("s", GIB / 4, 1, new DirtyingModel.Uniform(1_000));
        int a = sim.start(s.request(0), s.dirtying(), Scenarios.precopy().steer(s.request(0), Set.of()), 1, false);
        int b = sim.start(s.request(1), s.dirtying(), Scenarios.precopy().steer(s.request(1), Set.of()), 2, false);
        sim.advanceTo(0.5);
        assertThat(sim.cancel(a)).isTrue();
        assertThat(sim.cancel(a)).isFalse();
        sim.runToCompletion();
        RunResult cancelled = sim.result(a);
        assertThat(cancelled.cancelled()).isTrue();
        assertThat(cancelled.end()).isEqualTo(0.5);
        assertThat(cancelled.notes()).singleElement().asString().contains("stays on its source");
        assertThat(sim.result(b).cancelled()).isFalse();
        // b had half the link until 0.5 s, then all of it
        assertThat(sim.result(b).metrics().totalTime()).isLessThan(java.time.Duration.ofMillis(2600));
    }

    @Test
    void cancelAfterSwitchToPostCopyIsRefused() {
        SharedLinkSimulation sim = new SharedLinkSimulation(Scenarios.GBIT, LiveMigrationEngine.CAPABILITIES,
                new EngineSettings());
        EngineScenario s = scenario("s", GIB / 4, 1, new DirtyingModel.Uniform(1_000));
        int a = sim.start(s.request(0), s.dirtying(), Scenarios.postcopy().steer(s.request(0), Set.of()), 1, false);
        sim.advanceTo(0.5);
        assertThat(sim.cancel(a)).isFalse();
        sim.runToCompletion();
        assertThat(sim.result(a).cancelled()).isFalse();
        assertThat(sim.result(a).technique()).isEqualTo(Technique.POST_COPY);
    }

    @Test
    void migrationStartedLaterSharesTheLinkFromThen() {
        SharedLinkSimulation sim = new SharedLinkSimulation(Scenarios.GBIT, LiveMigrationEngine.CAPABILITIES,
                new EngineSettings());
        EngineScenario idle = scenario("idle", GIB / 4, 1, new DirtyingModel.Idle());
        var steering = Scenarios.precopy().steer(idle.request(0), Set.of());
        int a = sim.start(idle.request(0), idle.dirtying(), steering, 1, false);
        double alone = (GIB / 4) / Scenarios.GBIT;
        sim.advanceTo(alone / 2);
        int b = sim.start(idle.request(1), idle.dirtying(), Scenarios.precopy().steer(idle.request(1), Set.of()), 2,
                false);
        sim.runToCompletion();
        // a: half its memory alone, the other half and its 1 MiB of state at half speed, then one RTT;
        // b: starts at alone/2, shares, then finishes alone: the link is busy throughout (but for a's RTT)
        double state = MIB / Scenarios.GBIT;
        double rtt = Scenarios.seconds(Scenarios.RTT);
        assertThat(sim.result(a).end()).isCloseTo(alone * 1.5 + 2 * state + rtt,
                org.assertj.core.data.Offset.offset(1e-6));
        assertThat(sim.result(b).start()).isCloseTo(alone / 2, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(sim.result(b).end()).isBetween(2 * (alone + state) + rtt, 2 * (alone + state) + 2 * rtt + 1e-6);
    }
}
