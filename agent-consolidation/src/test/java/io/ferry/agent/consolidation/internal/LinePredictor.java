package io.ferry.agent.consolidation.internal;

import io.ferry.api.Predictor;
import io.ferry.api.model.Forecast;
import io.ferry.api.model.Metric;
import io.ferry.api.model.MetricWindow;
import io.ferry.api.spi.PredictorFactory;
import io.ferry.api.spi.SettingDescription;
import java.util.List;
import java.util.Map;

/**
 * For the tests: the least-squares line through the window at x = 1 … n with CloudSim's numerics
 * ({@link UtilisationStatistics#loess}), read at x = n + horizon; a predictor whose forecast is, by construction,
 * what the LR detector computes, so that the forecast detector can be held to LR's numbers without the baseline
 * bundle.
 */
class LinePredictor implements Predictor {

    private final String name;
    private final Metric metric;
    private final int minimum;

    LinePredictor(String name, Metric metric, int minimum) {
        this.name = name;
        this.metric = metric;
        this.minimum = minimum;
    }

    static LinePredictor cpu() {
        return new LinePredictor("line", Metric.CPU_UTILISATION, 2);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Metric metric() {
        return metric;
    }

    @Override
    public int minimumHistory() {
        return minimum;
    }

    @Override
    public Forecast forecast(MetricWindow history, int horizon) {
        double[] e = UtilisationStatistics.loess(history.values());
        double[] mean = new double[horizon];
        for (int h = 1; h <= horizon; h++) {
            mean[h - 1] = e[0] + e[1] * (history.size() + h);
        }
        return new Forecast(name, metric, history.step(), mean);
    }

    /** @return a factory of this predictor named {@code name} */
    static PredictorFactory factory(String name) {
        return new PredictorFactory() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String description() {
                return "least-squares line";
            }

            @Override
            public List<SettingDescription> settings() {
                return List.of();
            }

            @Override
            public Predictor create(Map<String, ?> settings) {
                return new LinePredictor(name, Metric.valueOf(String.valueOf(settings.get("metric"))), 2);
            }
        };
    }
}
