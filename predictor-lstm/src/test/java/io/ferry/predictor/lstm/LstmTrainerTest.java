package io.ferry.predictor.lstm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.api.model.Metric;
import io.ferry.forecast.Series;
import io.ferry.forecast.SeriesReaders;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LstmTrainerTest {

    @Test
    void aTinyModelTrainedInSecondsBeatsAConstantOnASine() {
        List<EpochReport> reports = new ArrayList<>();
        List<Series> sines = TinyModels.sines(6, 120, Metric.CPU_UTILISATION);
        LstmModel model = new LstmTrainer().train(sines, TinyModels.tiny(), 42, reports::add);

        assertThat(reports).isNotEmpty();
        assertThat(reports.get(0).epoch()).isEqualTo(1);
        assertThat(reports.get(reports.size() - 1).estimatedTimeLeft().isNegative()).isFalse();
        // The constant that minimises MAE on a sine of amplitude 0.4 is its median 0.5: MAE = 0.4 * 2 / pi.
        double constantMae = 0.4 * 2 / Math.PI;
        assertThat(model.provenance().validationError().mae()).isLessThan(constantMae / 2);
        double[] window = java.util.Arrays.copyOfRange(sines.get(0).values(), 50, 58);
        assertThat(model.forecast(window, 1)).isBetween(0.1, 0.9);
    }

    @Test
    void theSameSeedGivesTheSameWeightsAndAnotherSeedOthers() {
        LstmModel a = TinyModels.trainTiny(7);
        LstmModel b = TinyModels.trainTiny(7);
        LstmModel c = TinyModels.trainTiny(8);
        assertThat(b.info().fingerprint()).isEqualTo(a.info().fingerprint());
        assertThat(c.info().fingerprint()).isNotEqualTo(a.info().fingerprint());
    }

    @Test
    void earlyStoppingKeepsTheBestValidationEpochAndTheProvenanceSaysWhat() {
        List<EpochReport> reports = new ArrayList<>();
        List<Series> sines = TinyModels.sines(6, 120, Metric.CPU_UTILISATION);
        LstmModel model = new LstmTrainer().train(sines, List.of("sines"), TinyModels.tiny(), 42, reports::add);
        Provenance p = model.provenance();
        EpochReport best = reports.stream().filter(EpochReport::best).reduce((x, y) -> y).orElseThrow();
        assertThat(p.bestEpoch()).isEqualTo(best.epoch());
        assertThat(p.epochsRun()).isEqualTo(reports.size());
        assertThat(reports.stream().mapToDouble(EpochReport::validationLoss).min().orElseThrow())
                .isEqualTo(best.validationLoss());
        assertThat(p.dataFingerprint()).isEqualTo(SeriesReaders.fingerprint(sines));
        assertThat(p.workloads()).containsExactly("sines");
        assertThat(p.seed()).isEqualTo(42);
        assertThat(p.validationSeries()).isEqualTo(1);
        assertThat(p.libraries()).containsKeys("deeplearning4j-nn", "nd4j-native", "javacpp", "java");
        assertThat(p.libraries().get("deeplearning4j-nn")).isEqualTo("1.0.0-M2.1");
        assertThat(p.name()).isEqualTo("lstm-cpu");
    }

    @Test
    void seriesTooShortForAWindowAreTooLittleData() {
        assertThatThrownBy(() -> new LstmTrainer().train(TinyModels.sines(4, 8, Metric.CPU_UTILISATION),
                TinyModels.tiny(), 1, r -> { })).hasMessageStartingWith("too little data");
    }
}
