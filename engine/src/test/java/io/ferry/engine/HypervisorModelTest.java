package io.ferry.engine;

import static io.ferry.engine.Scenarios.GBIT;
import static io.ferry.engine.Scenarios.GIB;
import static io.ferry.engine.Scenarios.MIB;
import static io.ferry.engine.Scenarios.scenario;
import static io.ferry.engine.Scenarios.seconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.ferry.api.MigrationPolicy;
import io.ferry.api.model.Capability;
import io.ferry.api.model.LinkSpec;
import io.ferry.api.model.MigrationMetrics;
import io.ferry.api.model.RoundDecision;
import io.ferry.api.model.Technique;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each departure of {@link HypervisorModel} from the ideal link, alone, with figures computed by hand; and the
 * physical floors that must still hold in every run under a calibrated (QEMU-like) model.
 */
class HypervisorModelTest {

    private static final RoundDecision ROUND = new RoundDecision.PreCopyRound(Optional.empty());
    private static final RoundDecision STOP = new RoundDecision.StopAndCopy();
    private static final double RTT = seconds(Scenarios.RTT);

    private static RunResult run(HypervisorModel model, EngineScenario s, MigrationPolicy p) {
        return new LiveMigrationEngine(new EngineSettings().withHypervisor(model)).simulate(s, p, 42).get(0).run();
    }

    private static ScriptedPolicy stopAfterFirstRound() {
        return new ScriptedPolicy(v -> ROUND, (r, v) -> STOP, Set.of());
    }

    // ------------------------------------------------------------------ wire format

    @Test
    void zeroPagesWhenDetectedThenEachCostsItsHeaderOnly() {
        EngineScenario idle = scenario("idle", 256 * MIB, 1, new DirtyingModel.Idle()).withZeroMemoryBytes(128 * MIB);
        RunResult r = run(HypervisorModel.IDEAL.withWireFormat(0, 9), idle, Scenarios.precopy());
        long half = 128 * MIB / 4096;
        assertThat(r.metrics().bytesSent()).isEqualTo(half * 4096 + half * 9 + MIB);
        assertThat(seconds(r.metrics().totalTime())).isCloseTo((half * 4096 + half * 9 + MIB) / GBIT + RTT,
                within(1e-6));
    }

    @Test
    void zeroPagesWhenNotDetectedThenTheyCostFullPagesAsBefore() {
        EngineScenario zeros = scenario("z", 256 * MIB, 1, new DirtyingModel.Idle()).withZeroMemoryBytes(128 * MIB);
        EngineScenario plain = scenario("z", 256 * MIB, 1, new DirtyingModel.Idle());
        assertThat(run(HypervisorModel.IDEAL, zeros, Scenarios.precopy()).metrics())
                .isEqualTo(run(HypervisorModel.IDEAL, plain, Scenarios.precopy()).metrics());
    }

    @Test
    void zeroPageWhenWrittenThenItCostsAFullPageFromThenOn() {
        // every page the writer touches in the zero half is no longer zero: the pause sends each in full
        EngineScenario s = scenario("w", 256 * MIB, 1, new DirtyingModel.Uniform(20_000))
                .withZeroMemoryBytes(128 * MIB);
        ScriptedPolicy p = stopAfterFirstRound();
        RunResult r = run(HypervisorModel.IDEAL.withWireFormat(0, 9), s, p);
        long pending = p.reports.get(0).pendingPages();
        assertThat(pending).isPositive();
        assertThat(r.pausedBytes()).isEqualTo(pending * 4096 + MIB);
    }

    @Test
    void pageHeaderWhenSetThenEveryPageSentCarriesIt() {
        EngineScenario idle = scenario("idle", 64 * MIB, 1, new DirtyingModel.Idle());
        RunResult r = run(HypervisorModel.IDEAL.withWireFormat(8, -1), idle, Scenarios.precopy());
        assertThat(r.metrics().bytesSent()).isEqualTo(16_384L * 4104 + MIB);
    }

    // ------------------------------------------------------------------ achieved bandwidth and pauses

    @Test
    void liveEfficiencyWhenHalfThenAnIdlePassTakesTwiceAsLong() {
        EngineScenario idle = scenario("idle", 256 * MIB, 1, new DirtyingModel.Idle());
        HypervisorModel half = HypervisorModel.IDEAL.withEfficiency(BandwidthCurve.of(GBIT, 0.5), BandwidthCurve.NONE);
        double t = seconds(run(half, idle, Scenarios.precopy()).metrics().totalTime());
        assertThat(t).isCloseTo((256 * MIB + MIB) / (GBIT / 2) + RTT, within(1e-6));
    }

    @Test
    void efficiencyCurveWhenBetweenTwoCapsThenInterpolatedAndClampedBeyond() {
        BandwidthCurve c = BandwidthCurve.of(100, 1.0, 200, 0.8);
        assertThat(c.at(150, 1)).isCloseTo(0.9, within(1e-12));
        assertThat(c.at(50, 1)).isEqualTo(1.0);
        assertThat(c.at(1000, 1)).isEqualTo(0.8);
        assertThat(BandwidthCurve.NONE.at(150, 7)).isEqualTo(7);
        assertThatThrownBy(() -> BandwidthCurve.of(100, 1.0, 100, 0.8)).hasMessageContaining("two measurements at cap");
        assertThatThrownBy(() -> HypervisorModel.IDEAL.withEfficiency(BandwidthCurve.of(100, 0), BandwidthCurve.NONE))
                .hasMessageContaining("an efficiency must be > 0");
    }

    @Test
    void pauseWhenUnthrottledThenItRunsAtThePauseBandwidthPlusOverhead() {
        EngineScenario heavy = scenario("heavy", 256 * MIB, 1, new DirtyingModel.Uniform(60_000));
        HypervisorModel fast = HypervisorModel.IDEAL.withPause(10e9, Duration.ofMillis(20));
        RunResult r = run(fast, heavy, stopAfterFirstRound());
        assertThat(r.pausedBytes()).isGreaterThan(50 * MIB);
        assertThat(seconds(r.metrics().downtime())).isCloseTo(r.pausedBytes() / 10e9 + RTT + 0.020, within(1e-6));
        // the ideal model throttles the pause like the rest: far longer
        RunResult ideal = run(HypervisorModel.IDEAL, heavy, stopAfterFirstRound());
        assertThat(seconds(ideal.metrics().downtime())).isCloseTo(ideal.pausedBytes() / GBIT + RTT, within(1e-6));
    }

    // ------------------------------------------------------------------ two caps, and the host's copy rate

    private static EngineScenario idleWithCaps(double capBytesPerSec, double postcopyCapBytesPerSec) {
        return new EngineScenario("idle", 256 * MIB, 4096, MIB,
                new LinkSpec(capBytesPerSec, Scenarios.RTT, 1, postcopyCapBytesPerSec), new DirtyingModel.Idle(),
                EngineScenario.DEFAULT_DOWNTIME_BUDGET, 1);
    }

    @Test
    void postcopyWhenTheLinkHasAPostcopyCapOfItsOwnThenThePhaseRunsAtThatCap() {
        // the switch's pause (the execution state) runs at the pre-copy cap in both; only the push differs
        RunResult sameCap = run(HypervisorModel.IDEAL, idleWithCaps(GBIT, GBIT), Scenarios.postcopy());
        RunResult twice = run(HypervisorModel.IDEAL, idleWithCaps(GBIT, 2 * GBIT), Scenarios.postcopy());
        RunResult half = run(HypervisorModel.IDEAL, idleWithCaps(GBIT, GBIT / 2), Scenarios.postcopy());
        assertThat(twice.technique()).isEqualTo(Technique.POST_COPY);
        double push = 256 * MIB / GBIT;
        assertThat(seconds(sameCap.metrics().totalTime()) - seconds(twice.metrics().totalTime()))
                .isCloseTo(push / 2, within(1e-3));
        assertThat(seconds(half.metrics().totalTime()) - seconds(sameCap.metrics().totalTime()))
                .isCloseTo(push, within(1e-3));
        assertThat(twice.metrics().bytesSent()).isEqualTo(sameCap.metrics().bytesSent());
        // a pre-copy never sees the post-copy cap
        assertThat(run(HypervisorModel.IDEAL, idleWithCaps(GBIT, 2 * GBIT), Scenarios.precopy()).metrics())
                .isEqualTo(run(HypervisorModel.IDEAL, idleWithCaps(GBIT, 0), Scenarios.precopy()).metrics());
    }

    @Test
    void postcopyWhenUncappedAndTheHostsCopyRateIsKnownThenThePhaseRunsAtTheCopyRate() {
        HypervisorModel cpuBound = HypervisorModel.IDEAL.withCopyRate(3 * GBIT);
        RunResult uncapped = run(cpuBound, idleWithCaps(GBIT, 0), Scenarios.postcopy());
        RunResult capped = run(cpuBound, idleWithCaps(GBIT, GBIT), Scenarios.postcopy());
        double push = 256 * MIB;
        assertThat(seconds(capped.metrics().totalTime()) - seconds(uncapped.metrics().totalTime()))
                .isCloseTo(push / GBIT - push / (3 * GBIT), within(1e-3));
        // post-copy's own copy rate, when measured, is the one an uncapped post-copy phase runs at
        RunResult ownRate = run(HypervisorModel.IDEAL.withCopyRates(3 * GBIT, 6 * GBIT), idleWithCaps(GBIT, 0),
                Scenarios.postcopy());
        assertThat(seconds(uncapped.metrics().totalTime()) - seconds(ownRate.metrics().totalTime()))
                .isCloseTo(push / (3 * GBIT) - push / (6 * GBIT), within(1e-3));
        // no copy rate known (the ideal model): an uncapped post-copy runs at the link's bandwidth, as before
        assertThat(run(HypervisorModel.IDEAL, idleWithCaps(GBIT, 0), Scenarios.postcopy()).metrics())
                .isEqualTo(run(HypervisorModel.IDEAL, idleWithCaps(GBIT, GBIT), Scenarios.postcopy()).metrics());
    }

    @Test
    void resumeStallWhenThePostcopyPhaseIsUncappedThenReadAtItsCopyRateNotAtThePreCopyCap() {
        // the stall was measured 1.6 s at a 32 MiB/s post-copy cap and 0.1 s uncapped (at the 600 MiB/s copy rate)
        HypervisorModel m = HypervisorModel.IDEAL.withCopyRate(600 * MIB)
                .withPostcopy(BandwidthCurve.NONE, 100, BandwidthCurve.of(32 * MIB, 1.6, 600 * MIB, 0.1));
        double idealPause = seconds(run(HypervisorModel.IDEAL.withCopyRate(600 * MIB),
                idleWithCaps(32 * MIB, 32 * MIB), Scenarios.postcopy()).metrics().downtime());
        double capped = seconds(run(m, idleWithCaps(32 * MIB, 32 * MIB), Scenarios.postcopy()).metrics().downtime());
        double uncapped = seconds(run(m, idleWithCaps(32 * MIB, 0), Scenarios.postcopy()).metrics().downtime());
        assertThat(capped - idealPause).isCloseTo(1.6, within(1e-6));
        assertThat(uncapped - idealPause).isCloseTo(0.1, within(1e-6));
    }

    @Test
    void liveBandwidthWhenTheCapIsAboveTheHostsCopyRateThenTheMigrationIsCpuBound() {
        // a cap of 100 Gbit/s on a host that copies 0.5 Gbit/s: an idle pass takes what the copy rate gives
        HypervisorModel cpuBound = HypervisorModel.IDEAL.withCopyRate(GBIT / 2);
        double t = seconds(run(cpuBound, idleWithCaps(100 * GBIT, 0), Scenarios.precopy()).metrics().totalTime());
        assertThat(t).isCloseTo((256 * MIB + MIB) / (GBIT / 2) + RTT, within(1e-6));
        // below the copy rate the cap binds, as without one
        assertThat(run(cpuBound, idleWithCaps(GBIT / 4, 0), Scenarios.precopy()).metrics())
                .isEqualTo(run(HypervisorModel.IDEAL, idleWithCaps(GBIT / 4, 0), Scenarios.precopy()).metrics());
        assertThat(cpuBound.liveBandwidth(100 * GBIT)).isEqualTo(GBIT / 2);
        assertThat(cpuBound.postcopyBandwidth(100 * GBIT, 100 * GBIT, 0)).isEqualTo(GBIT / 2);
        assertThatThrownBy(() -> HypervisorModel.IDEAL.withCopyRate(-1))
                .hasMessage("copyRateBytesPerSec = -1.0: must be a finite number >= 0 (0: unbounded)");
    }

    // ------------------------------------------------------------------ QEMU's round rule

    @Test
    void earlySyncWhenTheRestFitsTheBudgetThenTheHighestPagesStayPending() {
        // 1 Gbit/s x 300 ms = 37.5 MB fit: floor(3.75e7 / 4096) = 9155 pages; the crossing iteration (50 ms)
        // still sends 6.25e6 / 4096 = 1525 of them: 7630 stay pending
        EngineScenario idle = scenario("idle", 256 * MIB, 1, new DirtyingModel.Idle());
        ScriptedPolicy p = stopAfterFirstRound();
        RunResult r = run(HypervisorModel.IDEAL.withRoundRule(Duration.ofMillis(50), false), idle, p);
        assertThat(p.reports.get(0).pagesSent()).isEqualTo(65_536 - 7_630);
        assertThat(p.reports.get(0).pendingPages()).isEqualTo(7_630);
        assertThat(r.pausedBytes()).isEqualTo(7_630L * 4096 + MIB);
    }

    @Test
    void earlySyncWhenTheTailIsZeroPagesThenTheCrossingIterationSendsItAll() {
        EngineScenario idle = scenario("idle", 256 * MIB, 1, new DirtyingModel.Idle()).withZeroMemoryBytes(64 * MIB);
        ScriptedPolicy p = stopAfterFirstRound();
        run(HypervisorModel.IDEAL.withWireFormat(8, 9).withRoundRule(Duration.ofMillis(50), false), idle, p);
        assertThat(p.reports.get(0).pagesSent()).isEqualTo(65_536);
        assertThat(p.reports.get(0).pendingPages()).isZero();
    }

    @Test
    void ownConvergenceWhenThePendingPagesFitThenTheHypervisorStopsWithoutAskingThePolicy() {
        EngineScenario slow = scenario("slow", 256 * MIB, 1, new DirtyingModel.HotSet(100_000, 10, 0, 0));
        ScriptedPolicy never = new ScriptedPolicy(v -> ROUND, (r, v) -> ROUND, Set.of());
        RunResult own = run(HypervisorModel.IDEAL.withRoundRule(Duration.ZERO, true), slow, never);
        assertThat(never.reports).isEmpty();
        assertThat(own.metrics().rounds()).isEqualTo(1);
        assertThat(own.notes()).isEmpty();
        // without it the policy keeps the rounds going until the engine's limit
        ScriptedPolicy again = new ScriptedPolicy(v -> ROUND, (r, v) -> ROUND, Set.of());
        RunResult ideal = new LiveMigrationEngine(new EngineSettings(Duration.ZERO, 9, Duration.ofHours(1), 5, 50))
                .simulate(slow, again, 42).get(0).run();
        assertThat(ideal.metrics().rounds()).isEqualTo(9);
    }

    // ------------------------------------------------------------------ post-copy

    @Test
    void faultLatencyWhenSetThenEveryFaultBlocksTheGuestThatMuchLonger() {
        EngineScenario writer = scenario("w", GIB, 1, new DirtyingModel.Uniform(20_000));
        HypervisorModel slowFaults = HypervisorModel.IDEAL.withPostcopy(BandwidthCurve.of(GBIT, 0.005), 0,
                BandwidthCurve.NONE);
        MigrationMetrics m = run(slowFaults, writer, Scenarios.postcopy()).metrics();
        MigrationMetrics ideal = run(HypervisorModel.IDEAL, writer, Scenarios.postcopy()).metrics();
        assertThat(m.postcopyFaults()).isPositive();
        assertThat(seconds(m.faultStallTime())).isGreaterThanOrEqualTo(m.postcopyFaults() * (RTT + 0.005));
        // the guest waits so long on each fault that it touches far fewer pages before they arrive
        assertThat(m.postcopyFaults()).isLessThan(ideal.postcopyFaults());
        assertThat(seconds(m.faultStallTime())).isGreaterThan(seconds(ideal.faultStallTime()));
    }

    @Test
    void resumeWhenEverythingIsMissingThenTheGuestWaitsTheWholeStallAndItIsPartOfItsPause() {
        EngineScenario idle = scenario("idle", 256 * MIB, 1, new DirtyingModel.Idle());
        HypervisorModel resume = HypervisorModel.IDEAL.withPostcopy(BandwidthCurve.NONE, 100,
                BandwidthCurve.of(GBIT, 0.5));
        RunResult r = run(resume, idle, Scenarios.postcopy());
        RunResult ideal = run(HypervisorModel.IDEAL, idle, Scenarios.postcopy());
        assertThat(r.technique()).isEqualTo(Technique.POST_COPY);
        assertThat(r.metrics().postcopyFaults()).isEqualTo(100);
        assertThat(seconds(r.metrics().downtime())).isCloseTo(seconds(ideal.metrics().downtime()) + 0.5, within(1e-6));
        // the resume pages cross the link like every other: same bytes, and the push goes on during the wait
        assertThat(r.metrics().bytesSent()).isEqualTo(ideal.metrics().bytesSent());
        assertThat(r.metrics().totalTime()).isEqualTo(ideal.metrics().totalTime());
    }

    @Test
    void resumeWhenPreCopyAlreadySentMostPagesThenOnlyTheMissingShareIsWaitedFor() {
        // a writer over the first half of memory: after one round, about half the (evenly spread) resume set is
        // missing again
        EngineScenario half = scenario("half", 256 * MIB, 1, new DirtyingModel.HotSet(200_000, 32_768, 0, 0));
        HypervisorModel resume = HypervisorModel.IDEAL.withPostcopy(BandwidthCurve.NONE, 100,
                BandwidthCurve.of(GBIT, 1.0));
        ScriptedPolicy switchAfterOne = new ScriptedPolicy(v -> ROUND,
                (r, v) -> new RoundDecision.SwitchToPostCopy(Optional.empty(), 0), Set.of());
        RunResult r = run(resume, half, switchAfterOne);
        RunResult ideal = run(HypervisorModel.IDEAL, half, new ScriptedPolicy(v -> ROUND,
                (rr, v) -> new RoundDecision.SwitchToPostCopy(Optional.empty(), 0), Set.of()));
        assertThat(r.technique()).isEqualTo(Technique.HYBRID);
        double wait = seconds(r.metrics().downtime()) - seconds(ideal.metrics().downtime());
        assertThat(wait).isBetween(0.40, 0.50);
        assertThat(wait * 100).isCloseTo(Math.rint(wait * 100), within(1e-6));
    }

    // ------------------------------------------------------------------ mixed writers

    @Test
    void mixedWhenTwoHotSetsThenBothAreWrittenAndTheRatesAdd() {
        DirtyingModel mixed = new DirtyingModel.Mixed(List.of(new DirtyingModel.HotSet(2_000, 10, 0, 0),
                new DirtyingModel.HotSet(2_000, 10, 0, 1_000)));
        assertThat(mixed.meanPagesPerSecond()).isEqualTo(4_000);
        assertThat(mixed.hotPages()).isEqualTo(20);
        int[][] pending = new int[1][];
        ScriptedPolicy p = new ScriptedPolicy(v -> ROUND, (r, v) -> {
            pending[0] = v.orElseThrow().pendingPages();
            return STOP;
        }, Set.of(Capability.PAGE_ORDER));
        EngineScenario s = scenario("mixed", 64 * MIB, 1, mixed);
        new LiveMigrationEngine().simulate(s, p, 42);
        assertThat(Arrays.stream(pending[0]).boxed().toList()).hasSize(20)
                .allMatch(q -> q < 10 || (q >= 1_000 && q < 1_010));
        assertThat(new LiveMigrationEngine().simulate(s, Scenarios.hybrid(), 5))
                .isEqualTo(new LiveMigrationEngine().simulate(s, Scenarios.hybrid(), 5));
    }

    @Test
    void mixedWhenNestedOrEmptyThenRefusedWithOneLine() {
        DirtyingModel one = new DirtyingModel.Mixed(List.of(new DirtyingModel.Idle()));
        assertThatThrownBy(() -> new DirtyingModel.Mixed(List.of(one)))
                .hasMessage("mixed part: a part must not itself be mixed");
        assertThatThrownBy(() -> new DirtyingModel.Mixed(List.of()))
                .hasMessage("parts: a mixed model needs at least one part");
    }

    @Test
    void mixedWhenPostCopyThenEachWritersFaultsCount() {
        DirtyingModel mixed = new DirtyingModel.Mixed(List.of(new DirtyingModel.HotSet(50_000, 1_000, 0, 0),
                new DirtyingModel.HotSet(50_000, 1_000, 0, 30_000)));
        MigrationMetrics m = new LiveMigrationEngine().simulate(scenario("m", 256 * MIB, 1, mixed),
                Scenarios.postcopy(), 42).get(0).run().metrics();
        MigrationMetrics single = new LiveMigrationEngine().simulate(scenario("s", 256 * MIB, 1,
                new DirtyingModel.HotSet(50_000, 1_000, 0, 0)), Scenarios.postcopy(), 42).get(0).run().metrics();
        assertThat(m.postcopyFaults()).isGreaterThan(single.postcopyFaults());
        assertThat(m.pagesSent()).isEqualTo(65_536);
    }

    // ------------------------------------------------------------------ floors under a calibrated model

    /** A model like the qemu-tcg profile's: every departure switched on. */
    static final HypervisorModel QEMU_LIKE = HypervisorModel.IDEAL
            .withEfficiency(BandwidthCurve.of(0.5 * GBIT, 1.05, 2 * GBIT, 0.95), BandwidthCurve.of(GBIT, 1.08))
            .withPause(8 * GBIT, Duration.ofMillis(40))
            .withWireFormat(8, 9)
            .withRoundRule(Duration.ofMillis(50), true)
            .withPostcopy(BandwidthCurve.of(0.5 * GBIT, 0.006, 2 * GBIT, 0.0025), 128,
                    BandwidthCurve.of(0.5 * GBIT, 0.9, 2 * GBIT, 0.3));

    static Stream<Arguments> calibratedRuns() {
        List<EngineScenario> scenarios = List.of(
                scenario("idle", 512 * MIB, 1, new DirtyingModel.Idle()).withZeroMemoryBytes(200 * MIB),
                scenario("uniform", 512 * MIB, 1, new DirtyingModel.HotSet(40_000, 65_536, 0, 0))
                        .withZeroMemoryBytes(190 * MIB),
                scenario("sweep", 512 * MIB, 1, new DirtyingModel.Mixed(List.of(
                        new DirtyingModel.HotSet(1_500_000, 4_096, 0, 0),
                        new DirtyingModel.HotSet(1_000, 256, 0, 70_000)))).withZeroMemoryBytes(190 * MIB),
                scenario("bursty", 256 * MIB, 1, new DirtyingModel.Phased(List.of(
                        new DirtyingModel.Phase(1, new DirtyingModel.Uniform(1_000)),
                        new DirtyingModel.Phase(0.5, new DirtyingModel.Uniform(60_000))))).withZeroMemoryBytes(64 * MIB),
                scenario("shared", 256 * MIB, 1, new DirtyingModel.Uniform(5_000), 2).withZeroMemoryBytes(100 * MIB));
        List<MigrationPolicy> policies = List.of(Scenarios.precopy(), Scenarios.postcopy(), Scenarios.hybrid());
        return scenarios.stream().flatMap(s -> policies.stream().map(p -> Arguments.of(s, p)));
    }

    @ParameterizedTest(name = "{0} under {1}")
    @MethodSource("calibratedRuns")
    void floorsWhenCalibratedThenStillHoldInEveryRun(EngineScenario scenario, MigrationPolicy policy) {
        EngineSettings settings = new EngineSettings().withHypervisor(QEMU_LIKE);
        long pages = scenario.memoryBytes() / scenario.pageSizeBytes();
        long zeros = scenario.zeroPages();
        // every page crosses at least once, a zero page at least as its header
        double minBytes = (pages - zeros) * (scenario.pageSizeBytes() + 8.0) + zeros * 9.0;
        double share = scenario.request(0).link().bandwidthBytesPerSec();
        double fastest = Math.max(QEMU_LIKE.pauseBandwidth(share),
                Math.max(QEMU_LIKE.liveBandwidth(share), QEMU_LIKE.postcopyBandwidth(share)))
                * scenario.concurrentMigrations();
        for (SimulationResult r : new LiveMigrationEngine(settings).simulate(scenario, policy, 7)) {
            MigrationMetrics m = r.run().metrics();
            assertThat((double) m.bytesSent()).isGreaterThanOrEqualTo(minBytes * (1 - 1e-9));
            assertThat(m.pagesSent()).isGreaterThanOrEqualTo(pages);
            assertThat(seconds(m.totalTime())).isGreaterThanOrEqualTo(minBytes / fastest * (1 - 1e-9));
            // a pause lasts at least its bytes at the unthrottled speed, one RTT and the fixed overhead
            assertThat(seconds(m.downtime())).isGreaterThanOrEqualTo(
                    r.run().pausedBytes() / QEMU_LIKE.pauseBandwidth(share) + RTT + 0.040 - 1e-9);
            assertThat(m.downtime()).isLessThanOrEqualTo(m.totalTime());
            assertThat(m.degradedTime()).isLessThanOrEqualTo(m.totalTime());
            assertThat(r.run().notes()).isEmpty();
        }
        assertThat(new LiveMigrationEngine(settings).simulate(scenario, policy, 7))
                .isEqualTo(new LiveMigrationEngine(settings).simulate(scenario, policy, 7));
    }

    @Test
    void idealModelWhenSetExplicitlyThenIdenticalToTheDefaults() {
        EngineScenario s = scenario("w", 256 * MIB, 1, new DirtyingModel.Uniform(40_000));
        for (MigrationPolicy p : List.of(Scenarios.precopy(), Scenarios.postcopy(), Scenarios.hybrid())) {
            assertThat(new LiveMigrationEngine(new EngineSettings().withHypervisor(HypervisorModel.IDEAL))
                    .simulate(s, p, 3)).isEqualTo(new LiveMigrationEngine().simulate(s, p, 3));
        }
        assertThat(Arrays.asList(new EngineSettings().hypervisor())).containsExactly(HypervisorModel.IDEAL);
    }

    @Test
    void capabilitiesWhenTheHypervisorOffersNoPageOrderThenNoPolicyGetsAPageView() {
        java.util.Set<Capability> qemu = java.util.EnumSet.allOf(Capability.class);
        qemu.remove(Capability.PAGE_ORDER);
        ScriptedPolicy p = new ScriptedPolicy(v -> ROUND, (r, v) -> STOP, Set.of(Capability.PAGE_ORDER));
        LiveMigrationEngine engine = new LiveMigrationEngine(new EngineSettings(), qemu);
        engine.simulate(scenario("w", 64 * MIB, 1, new DirtyingModel.Uniform(1_000)), p, 1);
        assertThat(p.viewOffered).containsOnly(false);
        assertThat(engine.capabilities()).isEqualTo(qemu);
        assertThatThrownBy(() -> new LiveMigrationEngine(new EngineSettings(), Set.of(Capability.POST_COPY)))
                .hasMessageContaining("must include PRE_COPY");
    }

    @Test
    void modelWhenOutOfRangeThenOneLineNamingTheParameter() {
        assertThatThrownBy(() -> HypervisorModel.IDEAL.withWireFormat(8, -2))
                .hasMessage("zeroPageBytes = -2: must be in [0, 4096], or -1 (zero pages not detected)");
        assertThatThrownBy(() -> HypervisorModel.IDEAL.withPause(-1, Duration.ZERO))
                .hasMessage("pauseBandwidthBytesPerSec = -1.0: must be a finite number >= 0 (0: the link's share)");
        assertThatThrownBy(() -> scenario("z", 64 * MIB, 1, new DirtyingModel.Idle()).withZeroMemoryBytes(65 * MIB))
                .hasMessage("zeroMemoryBytes = 68157440: must be in [0, 67108864] (the memory)");
        assertThatThrownBy(() -> new EngineScenario("s", 64 * MIB, 4096, MIB, new LinkSpec(GBIT, Scenarios.RTT, 1),
                new DirtyingModel.Idle(), Duration.ofMillis(300), 1, -1))
                .hasMessageStartingWith("zeroMemoryBytes = -1");
    }
}
