package io.ferry.predictor.baseline.internal;

import static io.ferry.predictor.baseline.internal.TestWindows.cpu;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.api.model.Forecast;
import io.ferry.api.model.Metric;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LastValuePredictorTest {

    private final LastValuePredictor predictor = new LastValuePredictor(Metric.CPU_UTILISATION);

    @Test
    void forecastIsTheNewestSampleAtEveryHorizon() {
        Forecast f = predictor.forecast(cpu(0.2, 0.5, 0.4), 3);
        assertThat(f.horizon()).isEqualTo(3);
        assertThat(new double[] {f.mean(1), f.mean(2), f.mean(3)}).containsExactly(0.4, 0.4, 0.4);
        assertThat(f.step()).isEqualTo(Duration.ofSeconds(300));
        assertThat(f.predictor()).isEqualTo("last-value");
        assertThat(f.metric()).isEqualTo(Metric.CPU_UTILISATION);
    }

    @Test
    void oneSampleIsEnoughHistory() {
        assertThat(predictor.minimumHistory()).isEqualTo(1);
        assertThat(predictor.forecast(cpu(0.7), 1).mean(1)).isEqualTo(0.7);
    }

    @Test
    void anEmptyWindowIsRefusedNamingTheSubjectAndTheMinimum() {
        assertThatThrownBy(() -> predictor.forecast(cpu(), 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("last-value needs >= 1 samples: the window of vm-1 holds 0");
    }

    @Test
    void aWindowOfAnotherMetricIsRefusedNamingBoth() {
        assertThatThrownBy(() -> predictor.forecast(TestWindows.of(Metric.DIRTY_PAGES_PER_SECOND, 5), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("last-value forecasts CPU_UTILISATION: a window of DIRTY_PAGES_PER_SECOND (vm-1) is refused");
    }

    @Test
    void aHorizonBelowOneIsRefused() {
        assertThatThrownBy(() -> predictor.forecast(cpu(0.5), 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("last-value: horizon = 0: must be >= 1");
    }

    @Test
    void theModelIsEmptyForAFormula() {
        assertThat(predictor.model()).isEmpty();
    }
}
