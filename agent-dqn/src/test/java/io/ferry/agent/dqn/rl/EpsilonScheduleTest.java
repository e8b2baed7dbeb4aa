package io.ferry.agent.dqn.rl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class EpsilonScheduleTest {

    @Test
    void epsilonFallsLinearlyFromStartToEndOverTheDecayStepsAndStaysThere() {
        EpsilonSchedule s = new EpsilonSchedule(1.0, 0.05, 100);
        assertThat(s.epsilon(0)).isEqualTo(1.0);
        assertThat(s.epsilon(50)).isCloseTo(0.525, within(1e-12));
        assertThat(s.epsilon(100)).isEqualTo(0.05);
        assertThat(s.epsilon(10_000)).isEqualTo(0.05);
    }

    @Test
    void noDecayStepsMeansTheEndValueFromTheStart() {
        assertThat(new EpsilonSchedule(1.0, 0.1, 0).epsilon(0)).isEqualTo(0.1);
    }

    @Test
    void anEpsilonOutsideZeroToOneIsRefused() {
        assertThatThrownBy(() -> new EpsilonSchedule(1.5, 0.05, 10)).hasMessageContaining("must be in [0, 1]");
    }
}
