package io.ferry.predictor.baseline.internal;

import io.ferry.api.model.Metric;
import io.ferry.api.model.MetricWindow;
import java.util.Arrays;
import java.util.Map;

/**
 * Exponentially weighted moving average (simple exponential smoothing): {@code s(0) = x(0)},
 * {@code s(i) = α x(i) + (1 − α) s(i − 1)} over the whole window, oldest first, and the forecast is
 * {@code s(t)} at every horizon (a level, no trend). α = 1 is {@link LastValuePredictor}; a smaller α damps
 * noise and lags more. Source: R. G. Brown, <i>Statistical Forecasting for Inventory Control</i>, 1959; the form
 * of Hyndman and Athanasopoulos, <i>Forecasting: Principles and Practice</i>, §8.1.
 *
 * <p>Cost: O(n + h) for a window of n samples, no state kept between calls. When not to use it: on a trending
 * series (it lags), or with a window so short that the first sample still weighs {@code (1 − α)^(n−1)}.
 */
public final class EwmaPredictor extends BaselinePredictor {

    static final String NAME = "ewma";

    /**
     * The default α for CPU utilisation (and any metric but the dirty rate): the α of the grid 0.01 … 1.0 with the
     * least mean absolute error one step ahead on the four PlanetLab training days (0.04553 at 0.1; the README's
     * "Judging forecasters" section has the grid and the command). PlanetLab CPU is noisy about a slowly moving
     * level, so heavy smoothing wins.
     */
    static final double DEFAULT_ALPHA = 0.1;

    /**
     * The default α for the dirty-page rate: the α of the grid 0.05 … 1.0 with the least mean absolute error one
     * step ahead on the training recordings {@code data/dirty-rates/v2/train} (1.0, i.e. last value: the recorded
     * rates move in steps and bursts, and any smoothing lags each; the README has the grid and the command).
     */
    static final double DEFAULT_DIRTY_RATE_ALPHA = 1.0;

    private final double alpha;

    /**
     * @param metric the metric it forecasts
     * @param alpha  the weight of the newest sample, in (0, 1]
     * @throws IllegalArgumentException for α outside (0, 1]
     */
    public EwmaPredictor(Metric metric, double alpha) {
        super(NAME, metric, 1);
        this.alpha = Windows.smoothing("alpha", alpha);
    }

    /**
     * The factory's map constructor: {@code metric} (default CPU_UTILISATION), and {@code dirtyRateAlpha} for the
     * dirty rate or {@code alpha} for any other metric.
     */
    static EwmaPredictor fromSettings(Map<String, ?> settings) {
        EwmaSettings s = Settings.convert(settings, EwmaSettings.class);
        Metric metric = Settings.metric(settings, s::metric);
        return new EwmaPredictor(metric, metric == Metric.DIRTY_PAGES_PER_SECOND
                ? Settings.read("dirtyRateAlpha", settings, s::dirtyRateAlpha, "a number in (0, 1]")
                : Settings.read("alpha", settings, s::alpha, "a number in (0, 1]"));
    }

    /** @return the smoothing factor α */
    public double alpha() {
        return alpha;
    }

    @Override
    double[] mean(MetricWindow history, int horizon) {
        double level = history.get(0);
        for (int i = 1; i < history.size(); i++) {
            level = alpha * history.get(i) + (1 - alpha) * level;
        }
        double[] mean = new double[horizon];
        Arrays.fill(mean, level);
        return mean;
    }

    @Override
    public String toString() {
        return NAME + "[" + metric() + ", alpha=" + alpha + "]";
    }
}
