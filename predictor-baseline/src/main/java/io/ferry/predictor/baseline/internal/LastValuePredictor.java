package io.ferry.predictor.baseline.internal;

import io.ferry.api.model.Metric;
import io.ferry.api.model.MetricWindow;
import java.util.Arrays;
import java.util.Map;

/**
 * Last value (the persistence or naive forecast): the series stays where it is, {@code x̂(t + h) = x(t)} at
 * every horizon. Decides nothing on its own; it is the yardstick a forecaster has to beat to be worth its cost,
 * and on bursty series one step ahead it is hard to beat. Cost: O(h), no state. When not to use it: on a series
 * with a trend, where it lags by the trend times the horizon.
 */
public final class LastValuePredictor extends BaselinePredictor {

    static final String NAME = "last-value";

    /** @param metric the metric it forecasts */
    public LastValuePredictor(Metric metric) {
        super(NAME, metric, 1);
    }

    /** The factory's map constructor: {@code metric} (default CPU_UTILISATION). */
    static LastValuePredictor fromSettings(Map<String, ?> settings) {
        LastValueSettings s = Settings.convert(settings, LastValueSettings.class);
        return new LastValuePredictor(Settings.metric(settings, s::metric));
    }

    @Override
    double[] mean(MetricWindow history, int horizon) {
        double[] mean = new double[horizon];
        Arrays.fill(mean, history.latest());
        return mean;
    }
}
