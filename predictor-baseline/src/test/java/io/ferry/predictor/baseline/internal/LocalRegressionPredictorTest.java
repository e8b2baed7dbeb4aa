package io.ferry.predictor.baseline.internal;

import static io.ferry.predictor.baseline.internal.TestWindows.cpu;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.ferry.api.model.Forecast;
import io.ferry.api.model.Metric;
import java.util.Random;
import org.apache.commons.math3.stat.regression.SimpleRegression;
import org.junit.jupiter.api.Test;

class LocalRegressionPredictorTest {

    private final LocalRegressionPredictor predictor = new LocalRegressionPredictor(Metric.CPU_UTILISATION);

    @Test
    void aStraightLineIsExtendedHStepsPastTheNewestSample() {
        // y = 0.1 x at x = 1 … 10: the line predicts 0.1 (10 + h)
        Forecast f = predictor.forecast(cpu(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0), 3);
        assertThat(f.mean(1)).isCloseTo(1.1, within(1e-12));
        assertThat(f.mean(3)).isCloseTo(1.3, within(1e-12));
    }

    @Test
    void aSingleSpikeAtTheEndTiltsTheLineByHandComputedAmounts() {
        // ȳ = 0.1; Sxy = 4.5 × 0.9 + 4.5 × 0.1 = 4.5; Sxx = 82.5; b = 4.5 / 82.5; a = 0.1 − 5.5 b = −0.2
        // h = 1: −0.2 + 11 b = 0.4; h = 6: −0.2 + 16 b = 0.67272…; the forecast is not clamped to [0, 1]
        Forecast f = predictor.forecast(cpu(0, 0, 0, 0, 0, 0, 0, 0, 0, 1), 6);
        assertThat(f.mean(1)).isCloseTo(0.4, within(1e-12));
        assertThat(f.mean(6)).isCloseTo(-0.2 + 16 * 4.5 / 82.5, within(1e-12));
    }

    @Test
    void onlyTheNewestTenSamplesCount() {
        Forecast f = predictor.forecast(cpu(0.9, 0.9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1), 1);
        assertThat(f.mean(1)).isCloseTo(0.4, within(1e-12));
    }

    @Test
    void itAgreesWithCloudSimsUnweightedRegressionOverXOneToTen() {
        Random random = new Random(7);
        for (int trial = 0; trial < 100; trial++) {
            double[] y = new double[10];
            SimpleRegression cloudSim = new SimpleRegression();
            for (int i = 0; i < 10; i++) {
                y[i] = random.nextDouble();
                cloudSim.addData(i + 1, y[i]);
            }
            double[] e = cloudSim.regress().getParameterEstimates();
            for (int h = 1; h <= 6; h++) {
                assertThat(predictor.forecast(cpu(y), h).mean(h)).isCloseTo(e[0] + e[1] * (10 + h), within(1e-12));
            }
        }
    }

    @Test
    void aWindowShorterThanTenIsRefusedNamingBoth() {
        assertThat(predictor.minimumHistory()).isEqualTo(10);
        assertThatThrownBy(() -> predictor.forecast(cpu(0.1, 0.2, 0.3), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("local-regression needs >= 10 samples: the window of vm-1 holds 3");
    }

    @Test
    void aWindowOfAnotherMetricIsRefused() {
        assertThatThrownBy(() -> predictor.forecast(TestWindows.of(Metric.DIRTY_PAGES_PER_SECOND, new double[10]), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("local-regression forecasts CPU_UTILISATION");
    }

    @Test
    void aHorizonBelowOneIsRefused() {
        assertThatThrownBy(() -> predictor.forecast(cpu(new double[10]), -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("local-regression: horizon = -1: must be >= 1");
    }

    @Test
    void samplesTooLargeToFitAreRefusedRatherThanForecastAsNaN() {
        double big = Double.MAX_VALUE;
        LocalRegressionPredictor dirty = new LocalRegressionPredictor(Metric.DIRTY_PAGES_PER_SECOND);
        assertThatThrownBy(() -> dirty.forecast(TestWindows.of(Metric.DIRTY_PAGES_PER_SECOND,
                0, big, 0, big, 0, big, 0, big, 0, big), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too large");
    }
}
