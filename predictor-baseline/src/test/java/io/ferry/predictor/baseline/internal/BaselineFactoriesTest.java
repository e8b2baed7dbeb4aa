package io.ferry.predictor.baseline.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.api.Predictor;
import io.ferry.api.model.Metric;
import io.ferry.api.spi.PredictorFactory;
import io.ferry.api.spi.SettingDescription;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class BaselineFactoriesTest {

    private static Map<String, PredictorFactory> loaded() {
        return ServiceLoader.load(PredictorFactory.class).stream().map(ServiceLoader.Provider::get)
                .collect(Collectors.toMap(PredictorFactory::name, f -> f));
    }

    @Test
    void serviceLoaderFindsTheThreeBaselinesByName() {
        assertThat(loaded()).containsKeys("last-value", "ewma", "local-regression");
    }

    @Test
    void everyFactoryDefaultsToCpuAndBuildsAPredictorOfItsOwnName() {
        for (PredictorFactory f : loaded().values()) {
            Predictor p = f.create(Map.of());
            assertThat(p.name()).isEqualTo(f.name());
            assertThat(p.metric()).isEqualTo(Metric.CPU_UTILISATION);
            assertThat(f.settings()).extracting(SettingDescription::key).contains("metric");
            assertThat(f.description()).isNotBlank();
        }
    }

    @Test
    void theMetricSettingSelectsTheDirtyRate() {
        assertThat(new LocalRegressionPredictorFactory().create(Map.of("metric", "DIRTY_PAGES_PER_SECOND")).metric())
                .isEqualTo(Metric.DIRTY_PAGES_PER_SECOND);
    }

    @Test
    void anUnknownMetricIsRefusedListingTheKnownOnes() {
        assertThatThrownBy(() -> new LastValuePredictorFactory().create(Map.of("metric", "cpu-ish")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("metric = cpu-ish: must be one of [")
                .hasMessageContaining("DIRTY_PAGES_PER_SECOND");
    }

    @Test
    void ewmaTakesAlphaFromItsSettingsWithTheMetatypeDefault() {
        EwmaPredictorFactory factory = new EwmaPredictorFactory();
        assertThat(((EwmaPredictor) factory.create(Map.of("alpha", "0.3"))).alpha()).isEqualTo(0.3);
        assertThat(((EwmaPredictor) factory.create(Map.of())).alpha()).isEqualTo(EwmaPredictor.DEFAULT_ALPHA);
        assertThat(factory.settings()).filteredOn(s -> s.key().equals("alpha")).extracting(SettingDescription::defaultValue)
                .containsExactly(Double.toString(EwmaPredictor.DEFAULT_ALPHA));
    }

    @Test
    void ewmaForTheDirtyRateTakesItsOwnAlpha() {
        EwmaPredictorFactory factory = new EwmaPredictorFactory();
        assertThat(((EwmaPredictor) factory.create(Map.of("metric", "DIRTY_PAGES_PER_SECOND"))).alpha())
                .isEqualTo(EwmaPredictor.DEFAULT_DIRTY_RATE_ALPHA);
        assertThat(((EwmaPredictor) factory.create(Map.of("metric", "DIRTY_PAGES_PER_SECOND", "alpha", "0.3",
                "dirtyRateAlpha", "0.6"))).alpha()).isEqualTo(0.6);
    }

    @Test
    void ewmaRefusesAnAlphaThatIsNotANumberOrOutOfRange() {
        EwmaPredictorFactory factory = new EwmaPredictorFactory();
        assertThatThrownBy(() -> factory.create(Map.of("alpha", "lots")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("alpha = lots: must be a number in (0, 1]");
        assertThatThrownBy(() -> factory.create(Map.of("alpha", "1.01")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("alpha = 1.01: must be in (0, 1]");
    }
}
