package io.ferry.predictor.lstm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.api.Predictor;
import io.ferry.api.model.Forecast;
import io.ferry.api.model.Metric;
import io.ferry.api.model.MetricWindow;
import io.ferry.forecast.Series;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LstmPredictorTest {

    private static LstmModel model;

    @BeforeAll
    static void train() {
        model = TinyModels.trainTiny(11);
    }

    private static Series sine() {
        return TinyModels.sines(1, 60, Metric.CPU_UTILISATION).get(0);
    }

    @Test
    void forecastsAtTheWindowsStepWithTheModelsNumbers() {
        LstmPredictor p = new LstmPredictor(model);
        MetricWindow w = sine().window(30, 12);
        Forecast f = p.forecast(w, 3);
        assertThat(f.predictor()).isEqualTo("lstm");
        assertThat(f.step()).isEqualTo(Duration.ofSeconds(300));
        assertThat(f.horizon()).isEqualTo(3);
        assertThat(f.mean(3)).isEqualTo(model.forecast(w.values(), 3));
        assertThat(p.minimumHistory()).isEqualTo(8);
        assertThat(p.metric()).isEqualTo(Metric.CPU_UTILISATION);
        assertThat(p.model()).contains(model.info());
    }

    @Test
    void aWindowShorterThanTheModelsIsRefusedNamingBoth() {
        LstmPredictor p = new LstmPredictor(model);
        assertThatThrownBy(() -> p.forecast(sine().window(30, 5), 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("5 samples").hasMessageContaining("model lstm-cpu's window of 8");
    }

    @Test
    void aWindowOfAnotherMetricIsRefusedNamingBoth() {
        LstmPredictor p = new LstmPredictor(model);
        MetricWindow dirty = new MetricWindow("vm1", Metric.DIRTY_PAGES_PER_SECOND, Instant.EPOCH,
                Duration.ofSeconds(1), new double[20]);
        assertThatThrownBy(() -> p.forecast(dirty, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a window of DIRTY_PAGES_PER_SECOND (vm1) for model lstm-cpu, which forecasts"
                        + " CPU_UTILISATION");
    }

    @Test
    void theFactoryIsFoundByServiceLoaderAndReadsAModelFile(@TempDir Path dir) {
        Path file = dir.resolve("lstm-cpu.zip");
        model.write(file);
        LstmPredictorFactory factory = ServiceLoader.load(io.ferry.api.spi.PredictorFactory.class).stream()
                .map(ServiceLoader.Provider::get).filter(f -> f.name().equals("lstm"))
                .map(LstmPredictorFactory.class::cast).findFirst().orElseThrow();
        Predictor p = factory.create(Map.of("model", file.toString(), "metric", "cpu"));
        assertThat(p.model()).contains(model.info());
        assertThat(factory.settings()).extracting(s -> s.key()).containsExactly("metric", "model");
    }

    @Test
    void theFactoryRefusesAModelFileForAnotherMetricInOneLine(@TempDir Path dir) {
        Path file = dir.resolve("lstm-cpu.zip");
        model.write(file);
        assertThatThrownBy(() -> new LstmPredictorFactory().create(Map.of("model", file.toString(), "metric",
                "DIRTY_PAGES_PER_SECOND"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("model = " + file + ": model lstm-cpu forecasts CPU_UTILISATION, not DIRTY_PAGES_PER_SECOND");
    }

    @Test
    void theFactoryRefusesAnUnknownMetricAndAMissingFile(@TempDir Path dir) {
        assertThatThrownBy(() -> new LstmPredictorFactory().create(Map.of("metric", "memory")))
                .hasMessageStartingWith("metric = memory: ");
        Path missing = dir.resolve("none.zip");
        assertThatThrownBy(() -> new LstmPredictorFactory().create(Map.of("model", missing.toString())))
                .hasMessage("model = " + missing + ": model file " + missing + ": no such file");
    }
}
