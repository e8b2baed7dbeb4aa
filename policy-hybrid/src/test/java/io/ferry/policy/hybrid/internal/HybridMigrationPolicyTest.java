package io.ferry.policy.hybrid.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.api.MigrationSteering;
import io.ferry.api.PageView;
import io.ferry.api.Predictor;
import io.ferry.api.model.DirtyBehaviour;
import io.ferry.api.model.Forecast;
import io.ferry.api.model.HostId;
import io.ferry.api.model.LinkSpec;
import io.ferry.api.model.Metric;
import io.ferry.api.model.MetricWindow;
import io.ferry.api.model.MigrationRequest;
import io.ferry.api.model.RoundDecision;
import io.ferry.api.model.RoundReport;
import io.ferry.api.model.Technique;
import io.ferry.api.model.VmId;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class HybridMigrationPolicyTest {

    /** 1 Gbit/s with 4 KiB pages: 30,518 pages/s; the default theta is half of that. */
    private static final MigrationRequest REQUEST = new MigrationRequest(new VmId("vm"), new HostId("a"),
            new HostId("b"), 1L << 30, 4096, 1 << 20, new LinkSpec(1e9 / 8, Duration.ofMillis(1), 1),
            new DirtyBehaviour(20_000, 0, DirtyBehaviour.Source.ASSUMED), Duration.ofMillis(300));
    private static final double THETA = 0.5 * 1e9 / 8 / 4096;

    private static RoundReport report(int round, long pending, double rate) {
        return new RoundReport(round, Duration.ofSeconds(round), Duration.ofSeconds(1), 1000, pending, rate, 1e8, 1);
    }

    private static RoundDecision after(HybridMigrationPolicy p, RoundReport r, Optional<PageView> view) {
        MigrationSteering s = p.steer(REQUEST, Set.of());
        s.begin(view);
        return s.afterRound(r, view);
    }

    private static Predictor predictor(double forecast, boolean fails) {
        return new Predictor() {
            @Override
            public String name() {
                return "fixed";
            }

            @Override
            public Metric metric() {
                return Metric.DIRTY_PAGES_PER_SECOND;
            }

            @Override
            public int minimumHistory() {
                return 1;
            }

            @Override
            public Forecast forecast(MetricWindow history, int horizon) {
                if (fails) {
                    throw new IllegalStateException("model not loaded");
                }
                return new Forecast("fixed", Metric.DIRTY_PAGES_PER_SECOND, history.step(), new double[] {forecast});
            }
        };
    }

    @Test
    void afterRoundWhenRateReachesThetaThenSwitchesToPostCopy() {
        var p = new HybridMigrationPolicy(Map.of(), null);
        assertThat(after(p, report(1, 100_000, THETA), Optional.empty()))
                .isEqualTo(new RoundDecision.SwitchToPostCopy(Optional.empty(), 32));
        assertThat(after(p, report(1, 100_000, THETA - 1), Optional.empty()))
                .isInstanceOf(RoundDecision.PreCopyRound.class);
    }

    @Test
    void afterRoundWhenRoundsExceedNmaxThenSwitches() {
        var p = new HybridMigrationPolicy(Map.of("maxPreCopyRounds", 2), null);
        assertThat(after(p, report(2, 100_000, 10), Optional.empty())).isInstanceOf(RoundDecision.PreCopyRound.class);
        assertThat(after(p, report(3, 100_000, 10), Optional.empty()))
                .isInstanceOf(RoundDecision.SwitchToPostCopy.class);
    }

    @Test
    void afterRoundWhenDirtySetFitsBudgetThenStopsAndCopiesInsteadOfSwitching() {
        var p = new HybridMigrationPolicy(Map.of(), null);
        assertThat(after(p, report(9, 1_000, 1e6), Optional.empty())).isInstanceOf(RoundDecision.StopAndCopy.class);
    }

    @Test
    void absoluteThetaOverridesTheLinkFraction() {
        var p = new HybridMigrationPolicy(Map.of("thetaPagesPerSecond", 500.0), null);
        assertThat(after(p, report(1, 100_000, 600), Optional.empty()))
                .isInstanceOf(RoundDecision.SwitchToPostCopy.class);
    }

    @Test
    void afterRoundWhenRoundsRemainBeforeTheCapThenTheNextRoundSendsEveryPendingPageLowFirst() {
        var p = new HybridMigrationPolicy(Map.of(), null);
        for (int round = 1; round <= 2; round++) {
            RoundDecision d = after(p, report(round, 100_000, 10), Optional.of(FakePageView.threeGroups()));
            var order = ((RoundDecision.PreCopyRound) d).pages().orElseThrow().toArray();
            assertThat(order).hasSize(300);
            assertThat(java.util.Arrays.copyOf(order, 100)).containsExactly(IntStream.range(0, 100).toArray());
        }
    }

    @Test
    void afterRoundNmaxThenTheLastRoundBeforeTheSwitchDefersTheHighWriteCluster() {
        var p = new HybridMigrationPolicy(Map.of(), null);
        RoundDecision d = after(p, report(3, 100_000, 10), Optional.of(FakePageView.threeGroups()));
        var order = ((RoundDecision.PreCopyRound) d).pages().orElseThrow();
        assertThat(order.toArray()).containsExactly(IntStream.range(0, 200).toArray());
    }

    @Test
    void afterADeferredRoundThenSwitchesEvenWhenTheRestFitsTheBudget() {
        var p = new HybridMigrationPolicy(Map.of(), null);
        Optional<PageView> view = Optional.of(FakePageView.threeGroups());
        MigrationSteering s = p.steer(REQUEST, Set.of());
        s.begin(view);
        assertThat(s.afterRound(report(3, 100_000, 10), view)).isInstanceOf(RoundDecision.PreCopyRound.class);
        // 1,000 pages fit the 300 ms budget: a full round would stop here, a deferred one must not
        assertThat(after(p, report(4, 1_000, 10), view)).isInstanceOf(RoundDecision.StopAndCopy.class);
        RoundDecision d = s.afterRound(report(4, 1_000, 10), view);
        assertThat(d).isInstanceOf(RoundDecision.SwitchToPostCopy.class);
        var push = ((RoundDecision.SwitchToPostCopy) d).pushOrder().orElseThrow().toArray();
        assertThat(java.util.Arrays.copyOf(push, 100)).containsExactly(IntStream.range(200, 300).toArray());
    }

    @Test
    void afterADeferredRoundWithNothingPendingThenStopsAndCopies() {
        var p = new HybridMigrationPolicy(Map.of(), null);
        Optional<PageView> view = Optional.of(FakePageView.threeGroups());
        MigrationSteering s = p.steer(REQUEST, Set.of());
        s.begin(view);
        s.afterRound(report(3, 100_000, 10), view);
        assertThat(s.afterRound(report(4, 0, 10), Optional.empty())).isInstanceOf(RoundDecision.StopAndCopy.class);
    }

    @Test
    void withoutAPageViewTheLastRoundSendsEveryPendingPageAndMayStop() {
        var p = new HybridMigrationPolicy(Map.of(), null);
        MigrationSteering s = p.steer(REQUEST, Set.of());
        s.begin(Optional.empty());
        assertThat(s.afterRound(report(3, 100_000, 10), Optional.empty()))
                .isEqualTo(new RoundDecision.PreCopyRound(Optional.empty()));
        assertThat(s.afterRound(report(4, 1_000, 10), Optional.empty())).isInstanceOf(RoundDecision.StopAndCopy.class);
    }

    @Test
    void theLastRoundBeforeTheSwitchIsRoundNmaxPlusOne() {
        var p = new HybridMigrationPolicy(Map.of("maxPreCopyRounds", 1), null);
        assertThat(p.lastRoundBeforeSwitch(1)).isFalse();
        assertThat(p.lastRoundBeforeSwitch(2)).isTrue();
        assertThat(p.lastRoundBeforeSwitch(3)).isFalse();
        assertThat(new HybridMigrationPolicy(Map.of(), null).lastRoundBeforeSwitch(4)).isTrue();
    }

    @Test
    void afterSwitchThePushSendsTheHighWriteClusterFirst() {
        var p = new HybridMigrationPolicy(Map.of(), null);
        RoundDecision d = after(p, report(1, 100_000, THETA * 2), Optional.of(FakePageView.threeGroups()));
        var order = ((RoundDecision.SwitchToPostCopy) d).pushOrder().orElseThrow().toArray();
        assertThat(order).hasSize(300);
        assertThat(java.util.Arrays.copyOf(order, 100)).containsExactly(IntStream.range(200, 300).toArray());
    }

    @Test
    void withoutDeferralTheRoundSendsEveryClusterLowFirst() {
        var p = new HybridMigrationPolicy(Map.of("deferHighWriteCluster", false), null);
        RoundDecision d = after(p, report(1, 100_000, 10), Optional.of(FakePageView.threeGroups()));
        assertThat(((RoundDecision.PreCopyRound) d).pages().orElseThrow().size()).isEqualTo(300);
    }

    private static MigrationRequest withForecast(double... perStep) {
        return REQUEST.withDirtyForecast(new Forecast("fixed", Metric.DIRTY_PAGES_PER_SECOND, Duration.ofSeconds(1),
                perStep));
    }

    @Test
    void afterRoundWhenTheRequestCarriesAForecastThenItIsTheDirtyRate() {
        var p = new HybridMigrationPolicy(Map.of());
        // observed rate is tiny, the forecast is not: the forecast decides
        MigrationSteering s = p.steer(withForecast(THETA * 10), Set.of());
        s.begin(Optional.empty());
        assertThat(s.afterRound(report(1, 100_000, 10), Optional.empty()))
                .isInstanceOf(RoundDecision.SwitchToPostCopy.class);
    }

    @Test
    void afterRoundReadsTheForecastStepCoveringTheRoundsTime() {
        var p = new HybridMigrationPolicy(Map.of());
        // quiet for the first two seconds, then a burst: round 1 ends at 1 s, round 3 at 3 s
        MigrationSteering s = p.steer(withForecast(10, 10, THETA * 10, THETA * 10), Set.of());
        s.begin(Optional.empty());
        assertThat(s.afterRound(report(1, 100_000, THETA * 10), Optional.empty()))
                .isInstanceOf(RoundDecision.PreCopyRound.class);
        assertThat(s.afterRound(report(3, 100_000, 10), Optional.empty()))
                .isInstanceOf(RoundDecision.SwitchToPostCopy.class);
    }

    @Test
    void afterRoundWithoutAForecastUsesTheObservedRate() {
        var p = new HybridMigrationPolicy(Map.of());
        assertThat(after(p, report(1, 100_000, 10), Optional.empty())).isInstanceOf(RoundDecision.PreCopyRound.class);
        assertThat(after(p, report(1, 100_000, THETA), Optional.empty()))
                .isInstanceOf(RoundDecision.SwitchToPostCopy.class);
    }

    @Test
    void planWhenTheRequestCarriesAForecastThenPlansWithThePredictedRate() {
        var p = new HybridMigrationPolicy(Map.of());
        var quiet = new MigrationRequest(new VmId("vm"), new HostId("a"), new HostId("b"), 1L << 30, 4096, 1 << 20,
                new LinkSpec(1e9 / 8, Duration.ofMillis(1), 1), new DirtyBehaviour(10, 0, DirtyBehaviour.Source.MEASURED),
                Duration.ofMillis(300));
        assertThat(p.plan(quiet).technique()).isEqualTo(Technique.PRE_COPY);
        var forecastBusy = quiet.withDirtyForecast(new Forecast("fixed", Metric.DIRTY_PAGES_PER_SECOND,
                Duration.ofSeconds(1), new double[] {THETA * 10}));
        assertThat(forecastBusy.dirtying().source()).isEqualTo(DirtyBehaviour.Source.PREDICTED);
        assertThat(p.plan(forecastBusy).technique()).isEqualTo(Technique.HYBRID);
    }

    @Test
    void aPredictorOfItsOwnIsRefused() {
        assertThatThrownBy(() -> new HybridMigrationPolicy(Map.of(), predictor(THETA, false)))
                .hasMessageContaining("the hybrid policy binds no predictor");
    }

    @Test
    void planSaysWhyItSwitches() {
        var heavy = new MigrationRequest(new VmId("vm"), new HostId("a"), new HostId("b"), 1L << 30, 4096, 1 << 20,
                new LinkSpec(1e9 / 8, Duration.ofMillis(1), 1),
                new DirtyBehaviour(50_000, 0, DirtyBehaviour.Source.ASSUMED), Duration.ofMillis(300));
        var plan = new HybridMigrationPolicy(Map.of(), null).plan(heavy);
        assertThat(plan.technique()).isEqualTo(Technique.HYBRID);
        assertThat(plan.rationale()).startsWith("switches after round 1: DP = ");
        var idle = new HybridMigrationPolicy(Map.of(), null).plan(new MigrationRequest(new VmId("vm"),
                new HostId("a"), new HostId("b"), 1L << 30, 4096, 1 << 20, new LinkSpec(1e9 / 8, Duration.ZERO, 1),
                new DirtyBehaviour(0, 0, DirtyBehaviour.Source.ASSUMED), Duration.ofMillis(300)));
        assertThat(idle.technique()).isEqualTo(Technique.PRE_COPY);
    }

    @Test
    void outOfRangeConfigurationNamesAttributeValueAndRange() {
        assertThatThrownBy(() -> new HybridMigrationPolicy(Map.of("thetaLinkFraction", 0.0), null))
                .hasMessage("thetaLinkFraction = 0.0: must be in [0.01, 10.0]");
        assertThatThrownBy(() -> new HybridMigrationPolicy(Map.of("kmeansSampleSize", 2), null))
                .hasMessage("kmeansSampleSize = 2: must be in [16, 1048576]");
    }
}
