package io.ferry.predictor.lstm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.ferry.api.model.Metric;
import io.ferry.forecast.Series;
import io.ferry.predictor.lstm.LstmHyperParameters.Scaling;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScalerTest {

    private static Series series(double... v) {
        return new Series("x/y", Metric.DIRTY_PAGES_PER_SECOND, Duration.ofSeconds(1), v);
    }

    @Test
    void minMaxIsFittedOnTheGivenSeriesOnlyAndInvertsExactly() {
        Scaler s = Scaler.fit(Scaling.MINMAX, List.of(series(2, 4, 6), series(10)));
        assertThat(s.scale(2)).isEqualTo(0.0);
        assertThat(s.scale(10)).isEqualTo(1.0);
        assertThat(s.scale(6)).isEqualTo(0.5);
        // A test value outside the training range maps outside [0, 1], and back.
        assertThat(s.scale(18)).isEqualTo(2.0);
        assertThat(s.inverse(s.scale(7.3))).isCloseTo(7.3, within(1e-12));
    }

    @Test
    void log1pScalingSpreadsRatesOverOrdersOfMagnitudeAndInverts() {
        Scaler s = Scaler.fit(Scaling.LOG1P_MINMAX, List.of(series(0, 99, 9999)));
        assertThat(s.scale(0)).isEqualTo(0.0);
        assertThat(s.scale(99)).isCloseTo(0.5, within(1e-3));
        assertThat(s.inverse(s.scale(1234))).isCloseTo(1234, within(1e-6));
        assertThat(s.highest()).isCloseTo(9999, within(1e-6));
    }

    @Test
    void aConstantTrainingSeriesStillScalesWithoutDividingByZero() {
        Scaler s = Scaler.fit(Scaling.MINMAX, List.of(series(3, 3, 3)));
        assertThat(s.scale(3)).isEqualTo(0.0);
        assertThat(s.inverse(s.scale(4))).isEqualTo(4.0);
    }

    @Test
    void aNegativeSampleCannotBeLog1pScaled() {
        assertThatThrownBy(() -> Scaler.fit(Scaling.LOG1P_MINMAX, List.of(series(1, 2))).scale(-5))
                .hasMessageContaining("-5.0 < 0");
    }
}
