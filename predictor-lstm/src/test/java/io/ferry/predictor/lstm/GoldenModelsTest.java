package io.ferry.predictor.lstm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ferry.api.model.Metric;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class GoldenModelsTest {

    @ParameterizedTest
    @EnumSource(value = Metric.class, names = {"CPU_UTILISATION", "DIRTY_PAGES_PER_SECOND"})
    void theShippedModelLoadsAndForecastsTheNumbersItShippedWith(Metric metric) throws Exception {
        LstmModel model = ShippedModels.forMetric(metric);
        GoldenForecasts golden = GoldenForecasts.load(model.info().name());
        assertThat(model.metric()).isEqualTo(metric);
        assertThat(model.info().fingerprint()).isEqualTo(golden.fingerprint());
        for (int i = 0; i < golden.windows().size(); i++) {
            double[] w = golden.windows().get(i);
            assertThat(model.forecast(w, 1)).as("window %d, 1 step", i).isCloseTo(golden.horizon1()[i], within(1e-9));
            assertThat(model.forecast(w, 3)).as("window %d, 3 steps", i).isCloseTo(golden.horizon3()[i], within(1e-9));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Metric.class, names = {"CPU_UTILISATION", "DIRTY_PAGES_PER_SECOND"})
    void theFastPathAgreesWithDl4jOnTheShippedModelTo1e5(Metric metric) throws Exception {
        LstmModel model = ShippedModels.forMetric(metric);
        GoldenForecasts golden = GoldenForecasts.load(model.info().name());
        MultiLayerNetwork net = model.toDl4j();
        for (double[] w : golden.windows()) {
            double dl4j = Dl4jNetworks.output(net, model.networkInput(w));
            assertThat(model.networkOutput(w)).isCloseTo(dl4j, within(1e-5));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Metric.class, names = {"CPU_UTILISATION", "DIRTY_PAGES_PER_SECOND"})
    void theShippedModelCarriesItsProvenance(Metric metric) {
        Provenance p = ShippedModels.forMetric(metric).provenance();
        assertThat(p.seed()).isEqualTo(42);
        assertThat(p.metric()).isEqualTo(metric);
        assertThat(p.dataFingerprint()).hasSize(64);
        assertThat(p.workloads()).isNotEmpty();
        assertThat(p.validationError().mae()).isPositive();
        assertThat(p.libraries()).containsKey("deeplearning4j-nn");
    }
}
