package io.ferry.simcluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ClockTest {

    @Test
    void scaledWhenWallTimePassesThenSimulatedTimeIsScaledFromCreation() {
        AtomicLong wall = new AtomicLong(5_000_000_000L);
        SimClock clock = SimClock.scaled(wall::get, 10);
        assertThat(clock.seconds()).isZero();
        wall.addAndGet(1_500_000_000L);
        assertThat(clock.seconds()).isEqualTo(15.0);
    }

    @Test
    void scaledWhenScaleNotPositiveThenRejected() {
        assertThatThrownBy(() -> SimClock.scaled(() -> 0, 0)).hasMessage("scale = 0.0: must be > 0");
    }

    @Test
    void virtualWhenAdvancedThenOnlyForwards() {
        VirtualClock clock = new VirtualClock();
        clock.advanceTo(2_500_000_000L);
        assertThat(clock.seconds()).isEqualTo(2.5);
        assertThat(clock.nanos()).isEqualTo(2_500_000_000L);
        assertThatThrownBy(() -> clock.advanceTo(1)).isInstanceOf(IllegalArgumentException.class);
    }
}
