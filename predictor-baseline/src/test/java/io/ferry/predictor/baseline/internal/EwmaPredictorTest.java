package io.ferry.predictor.baseline.internal;

import static io.ferry.predictor.baseline.internal.TestWindows.cpu;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.ferry.api.model.Forecast;
import io.ferry.api.model.Metric;
import org.junit.jupiter.api.Test;

class EwmaPredictorTest {

    @Test
    void halfWeightSmoothsOldestFirstFromTheFirstSample() {
        // s0 = 0.2; s1 = 0.5 * 0.6 + 0.5 * 0.2 = 0.4; s2 = 0.5 * 1.0 + 0.5 * 0.4 = 0.7
        Forecast f = new EwmaPredictor(Metric.CPU_UTILISATION, 0.5).forecast(cpu(0.2, 0.6, 1.0), 2);
        assertThat(f.mean(1)).isCloseTo(0.7, within(1e-12));
        assertThat(f.mean(2)).isCloseTo(0.7, within(1e-12));
    }

    @Test
    void aQuarterWeightLagsFurtherBehindARise() {
        // s1 = 0.25 * 0.6 + 0.75 * 0.2 = 0.3; s2 = 0.25 * 1.0 + 0.75 * 0.3 = 0.475
        Forecast f = new EwmaPredictor(Metric.CPU_UTILISATION, 0.25).forecast(cpu(0.2, 0.6, 1.0), 6);
        assertThat(f.mean(1)).isCloseTo(0.475, within(1e-12));
        assertThat(f.mean(6)).isCloseTo(0.475, within(1e-12));
    }

    @Test
    void alphaOneIsLastValue() {
        assertThat(new EwmaPredictor(Metric.CPU_UTILISATION, 1).forecast(cpu(0.9, 0.1, 0.3), 1).mean(1))
                .isEqualTo(0.3);
    }

    @Test
    void alphaOutsideZeroToOneIsRefusedNamingIt() {
        assertThatThrownBy(() -> new EwmaPredictor(Metric.CPU_UTILISATION, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("alpha = 0.0: must be in (0, 1]");
        assertThatThrownBy(() -> new EwmaPredictor(Metric.CPU_UTILISATION, 1.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("alpha = 1.5: must be in (0, 1]");
        assertThatThrownBy(() -> new EwmaPredictor(Metric.CPU_UTILISATION, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("alpha = NaN: must be in (0, 1]");
    }

    @Test
    void aWindowOfAnotherMetricIsRefused() {
        assertThatThrownBy(() -> new EwmaPredictor(Metric.DIRTY_PAGES_PER_SECOND, 0.5).forecast(cpu(0.5), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ewma forecasts DIRTY_PAGES_PER_SECOND");
    }

    @Test
    void hugeFiniteSamplesNeverGiveNaN() {
        double big = Double.MAX_VALUE;
        Forecast f = new EwmaPredictor(Metric.DIRTY_PAGES_PER_SECOND, 0.5)
                .forecast(TestWindows.of(Metric.DIRTY_PAGES_PER_SECOND, big, big, big), 1);
        assertThat(f.mean(1)).isEqualTo(big);
    }
}
