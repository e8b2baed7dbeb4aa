package io.ferry.predictor.lstm;

import io.ferry.api.model.Metric;
import io.ferry.forecast.Series;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Small series and hyper-parameters that train in seconds. */
final class TinyModels {

    private TinyModels() {
    }

    /** @return {@code count} noisy-free sines of different phases, values in [0.1, 0.9] */
    static List<Series> sines(int count, int length, Metric metric) {
        List<Series> out = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            double[] v = new double[length];
            for (int i = 0; i < length; i++) {
                v[i] = 0.5 + 0.4 * Math.sin(2 * Math.PI * i / 16.0 + s);
            }
            out.add(new Series("sines/s" + s, metric, Duration.ofSeconds(300), v));
        }
        return out;
    }

    static LstmHyperParameters tiny() {
        return LstmHyperParameters.defaults().withWindow(8).withArchitecture(1, 8).withMaxEpochs(12).withPatience(3)
                .withMaxTrainingWindows(600).withBatchSize(32).withLearningRate(0.01);
    }

    static LstmModel trainTiny(long seed) {
        return new LstmTrainer().train(sines(6, 120, Metric.CPU_UTILISATION), tiny(), seed, r -> { });
    }
}
