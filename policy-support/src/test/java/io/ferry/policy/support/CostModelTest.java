package io.ferry.policy.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ferry.api.model.DirtyBehaviour;
import io.ferry.api.model.HostId;
import io.ferry.api.model.LinkSpec;
import io.ferry.api.model.MigrationCost;
import io.ferry.api.model.MigrationRequest;
import io.ferry.api.model.VmId;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CostModelTest {

    private static final double GBIT = 1e9 / 8;
    private static final long GIB = 1L << 30;

    private static MigrationRequest request(double rate, long hot) {
        return new MigrationRequest(new VmId("vm"), new HostId("a"), new HostId("b"), GIB, 4096, 1 << 20,
                new LinkSpec(GBIT, Duration.ofMillis(1), 1), new DirtyBehaviour(rate, hot, DirtyBehaviour.Source.ASSUMED),
                Duration.ofMillis(300));
    }

    private static double s(Duration d) {
        return d.toNanos() / 1e9;
    }

    @Test
    void idleVmCostsOnePassAndTheStatePause() {
        CostModel m = new CostModel(request(0, 0));
        List<PredictedRound> rounds = m.rounds(r -> true);
        assertThat(rounds).hasSize(1);
        assertThat(rounds.get(0).pendingAfter()).isZero();
        MigrationCost c = m.preCopyCost(rounds);
        double pause = (1 << 20) / GBIT + 0.001;
        assertThat(s(c.downtime())).isCloseTo(pause, within(1e-9));
        assertThat(s(c.totalTime())).isCloseTo(GIB / GBIT + pause, within(1e-9));
        assertThat(c.bytesSent()).isEqualTo(GIB + (1 << 20));
    }

    @Test
    void distinctPagesSaturateAtTheWorkingSet() {
        CostModel m = new CostModel(request(1_000_000, 5_000));
        assertThat(m.distinctPagesDirtied(100)).isCloseTo(5_000, within(1e-6));
        assertThat(m.distinctPagesDirtied(0.001)).isCloseTo(1_000 * (1 - 1_000 / 10_000.0), within(60.0));
    }

    @Test
    void roundsFollowTheRecursionUntilTheRuleStops() {
        CostModel m = new CostModel(request(5_000, 0));
        List<PredictedRound> rounds = m.rounds(r -> r.round() < 3);
        assertThat(rounds).hasSize(3);
        for (int i = 1; i < rounds.size(); i++) {
            assertThat(rounds.get(i).pagesSent()).isEqualTo(rounds.get(i - 1).pendingAfter());
            assertThat(rounds.get(i).pagesSent()).isLessThan(rounds.get(i - 1).pagesSent());
        }
    }

    @Test
    void postCopyPausesForStateAndBitmapAndSendsEachPageOnce() {
        CostModel m = new CostModel(request(50_000, 0));
        MigrationCost c = m.postCopyCost(List.of());
        double pause = ((1 << 20) + GIB / 4096 / 8) / GBIT + 0.001;
        assertThat(s(c.downtime())).isCloseTo(pause, within(1e-9));
        assertThat(c.bytesSent()).isEqualTo(GIB + (1 << 20) + GIB / 4096 / 8);
    }

    @Test
    void fitsBudgetComparesTheStopAndCopyPause() {
        CostModel m = new CostModel(request(0, 0));
        // 300 ms budget - 1 ms RTT - 8.4 ms state leave room for about 8,900 pages at 1 Gbit/s
        assertThat(m.fitsBudget(8_000)).isTrue();
        assertThat(m.fitsBudget(10_000)).isFalse();
    }

    @Test
    void configurationChecksNameAttributeValueAndRange() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ConfigurationChecks.inRange("maxRounds", 0, 1, 9))
                .hasMessage("maxRounds = 0: must be in [1, 9]");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> ConfigurationChecks.inRange("theta", Double.NaN, 0, 1)).hasMessage("theta = NaN: must be in [0.0, 1.0]");
    }
}
