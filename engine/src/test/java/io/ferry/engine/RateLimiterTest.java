package io.ferry.engine;

import static io.ferry.engine.Scenarios.GBIT;
import static io.ferry.engine.Scenarios.MIB;
import static io.ferry.engine.Scenarios.scenario;
import static io.ferry.engine.Scenarios.seconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ferry.api.MigrationPolicy;
import io.ferry.api.model.RoundDecision;
import io.ferry.api.model.RoundReport;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * QEMU's rate limiter ({@link HypervisorModel#rateWindow}): pre-copy sends each 100 ms period's allowance as a
 * burst and checks the pending rest only at period starts (and after iterations of at most 50 ms), with figures
 * computed by hand; and the convergence edge that a continuous link with a per-round sync cost gets wrong.
 */
class RateLimiterTest {

    private static final RoundDecision ROUND = new RoundDecision.PreCopyRound(Optional.empty());
    private static final RoundDecision STOP = new RoundDecision.StopAndCopy();
    private static final Duration WINDOW = HypervisorModel.QEMU_RATE_WINDOW;

    private static RunResult run(EngineSettings settings, EngineScenario s, MigrationPolicy p) {
        return new LiveMigrationEngine(settings).simulate(s, p, 42).get(0).run();
    }

    private static HypervisorModel windowed(double copyBytesPerSec) {
        return HypervisorModel.IDEAL.withPause(8 * GBIT, Duration.ZERO).withRoundRule(Duration.ofMillis(50), false)
                .withCopyRate(copyBytesPerSec).withRateWindow(WINDOW);
    }

    @Test
    void rateLimitedWhenIdleThenEachPeriodSendsItsAllowanceAndTheRoundEndsAtThePeriodStartWhereTheRestFits() {
        // 1 Gbit/s: 12.5 MB per period = 3052 pages (the last one overshoots); 300 ms fit 37.5 MB = 9155 pages;
        // after n periods 65536 - 3052 n pages are left: n = 19 leaves 7548, the first rest that fits. The host
        // copies 1 GB/s, so each burst takes 12.5 ms and the thread then sleeps out the period
        EngineScenario idle = scenario("idle", 256 * MIB, 1, new DirtyingModel.Idle());
        ScriptedPolicy p = new ScriptedPolicy(v -> ROUND, (r, v) -> STOP, Set.of());
        RunResult r = run(new EngineSettings().withHypervisor(windowed(8 * GBIT)), idle, p);
        RoundReport first = p.reports.get(0);
        assertThat(first.pagesSent()).isEqualTo(19 * 3052);
        assertThat(first.pendingPages()).isEqualTo(65_536 - 19 * 3052);
        assertThat(seconds(first.roundDuration())).isCloseTo(1.9, within(1e-9));
        assertThat(r.pausedBytes()).isEqualTo((65_536L - 19 * 3052) * 4096 + MIB);
    }

    @Test
    void rateLimitedWhenABurstOutlastsAnIterationThenTheRestIsCheckedMidPeriod() {
        // the host copies exactly the cap: a period's 3052 pages take two iterations of 50 ms (1526 pages each),
        // and the check after the first half of period 19 finds 65536 - 18.5 x 3052 = 9074 pages: they fit
        EngineScenario idle = scenario("idle", 256 * MIB, 1, new DirtyingModel.Idle());
        ScriptedPolicy p = new ScriptedPolicy(v -> ROUND, (r, v) -> STOP, Set.of());
        run(new EngineSettings().withHypervisor(windowed(GBIT)), idle, p);
        assertThat(p.reports.get(0).pagesSent()).isEqualTo(37 * 1526);
        assertThat(seconds(p.reports.get(0).roundDuration())).isCloseTo(1.85, within(1e-3));
    }

    @Test
    void rateLimitedWhenTheHostCopiesFastThenEveryBurstIsFollowedByAWaitAndTheAverageIsTheCap() {
        EngineScenario idle = scenario("idle", 256 * MIB, 1, new DirtyingModel.Idle());
        ScriptedPolicy slow = new ScriptedPolicy(v -> ROUND, (r, v) -> STOP, Set.of());
        ScriptedPolicy fast = new ScriptedPolicy(v -> ROUND, (r, v) -> STOP, Set.of());
        run(new EngineSettings().withHypervisor(windowed(2 * GBIT)), idle, slow);
        run(new EngineSettings().withHypervisor(windowed(40 * GBIT)), idle, fast);
        // how fast a burst goes does not change how much a period allows
        assertThat(fast.reports.get(0).pagesSent()).isEqualTo(slow.reports.get(0).pagesSent());
        assertThat(fast.reports.get(0).roundDuration()).isEqualTo(slow.reports.get(0).roundDuration());
        assertThat(fast.reports.get(0).bandwidthBytesPerSec()).isCloseTo(GBIT, within(0.001 * GBIT));
    }

    @Test
    void cpuBoundWhenTheCapExceedsTheHostsCopySpeedThenTheLinkMovesAtTheCopySpeed() {
        // a 10 Gbit/s cap on a host that copies 200 MB/s: no period's allowance is ever used up
        EngineScenario idle = scenario("idle", 256 * MIB, 10, new DirtyingModel.Idle());
        ScriptedPolicy p = new ScriptedPolicy(v -> ROUND, (r, v) -> STOP, Set.of());
        run(new EngineSettings().withHypervisor(windowed(200e6)), idle, p);
        assertThat(p.reports.get(0).bandwidthBytesPerSec()).isCloseTo(200e6, within(0.01 * 200e6));
        // the budget it converges against is what the host copies, not the cap: 300 ms x 200 MB/s = 14648 pages
        assertThat(p.reports.get(0).pendingPages()).isLessThanOrEqualTo(14_648);
    }

    @Test
    void convergenceEdgeWhenAWriterDirtiesLessThanAPeriodSendsThenPreCopyConvergesWhereACostPerRoundNeverDoes() {
        // 18 k uniform writes/s over 256 MiB against 128 MiB/s: QEMU 10 converges in 6-10 rounds (4-5 s); with a
        // 61 ms sync per round and the round's tail cut 50 ms early the continuous model runs to its limit
        EngineScenario edge = new EngineScenario("edge", 512 * MIB, 4096, MIB,
                new io.ferry.api.model.LinkSpec(128 * MIB, Duration.ofNanos(50_000), 1.0),
                new DirtyingModel.HotSet(18_000, 65_536, 0, 0), Duration.ofMillis(300), 1, 200 * MIB);
        ScriptedPolicy never = new ScriptedPolicy(v -> ROUND, (r, v) -> ROUND, Set.of());
        EngineSettings limit = new EngineSettings(Duration.ZERO, 1000, Duration.ofSeconds(30), 5, 50);
        HypervisorModel own = windowed(400 * MIB).withRoundRule(Duration.ofMillis(50), true);
        RunResult windowed = run(limit.withHypervisor(own), edge, never);
        assertThat(windowed.notes()).isEmpty();
        assertThat(windowed.metrics().rounds()).isBetween(3, 15);
        assertThat(seconds(windowed.metrics().totalTime())).isLessThan(10);
        HypervisorModel continuous = HypervisorModel.IDEAL.withPause(8 * GBIT, Duration.ZERO)
                .withRoundRule(Duration.ofMillis(50), true);
        RunResult costly = run(limit.withRoundSyncCost(Duration.ofMillis(61)).withHypervisor(continuous), edge,
                new ScriptedPolicy(v -> ROUND, (r, v) -> ROUND, Set.of()));
        assertThat(costly.notes()).anyMatch(n -> n.startsWith("engine limit reached"));
    }

    @Test
    void windowedWhenRunTwiceThenIdentical() {
        EngineScenario s = scenario("u", 128 * MIB, 1, new DirtyingModel.Uniform(20_000), 2).withZeroMemoryBytes(32 * MIB);
        EngineSettings settings = new EngineSettings().withHypervisor(windowed(GBIT).withWireFormat(8, 9));
        for (MigrationPolicy p : java.util.List.of(Scenarios.precopy(), Scenarios.postcopy(), Scenarios.hybrid())) {
            assertThat(new LiveMigrationEngine(settings).simulate(s, p, 9))
                    .isEqualTo(new LiveMigrationEngine(settings).simulate(s, p, 9));
        }
    }
}
