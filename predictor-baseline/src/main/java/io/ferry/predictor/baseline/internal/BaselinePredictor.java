package io.ferry.predictor.baseline.internal;

import io.ferry.api.Predictor;
import io.ferry.api.model.Forecast;
import io.ferry.api.model.Metric;
import io.ferry.api.model.MetricWindow;
import java.util.Objects;

/**
 * What every baseline predictor shares: its name, its metric and its minimum window, the checks on the way in
 * ({@link Windows#check}: metric, length, horizon) and on the way out ({@link Windows#forecast}: finite points),
 * so that a subclass states only its formula in {@link #mean}. Cost: O(1) before the formula, O(h) after it; no
 * state between calls.
 */
abstract class BaselinePredictor implements Predictor {

    private final String name;
    private final Metric metric;
    private final int minimumHistory;

    BaselinePredictor(String name, Metric metric, int minimumHistory) {
        this.name = name;
        this.metric = Objects.requireNonNull(metric, "metric");
        this.minimumHistory = minimumHistory;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final Metric metric() {
        return metric;
    }

    @Override
    public final int minimumHistory() {
        return minimumHistory;
    }

    @Override
    public final Forecast forecast(MetricWindow history, int horizon) {
        Windows.check(name, metric, minimumHistory, history, horizon);
        return Windows.forecast(name, history, mean(history, horizon));
    }

    /**
     * The formula, on a window already checked to be of this metric and at least {@link #minimumHistory()} long.
     *
     * @return the forecast 1 … {@code horizon} steps ahead ({@code horizon} >= 1)
     */
    abstract double[] mean(MetricWindow history, int horizon);

    @Override
    public String toString() {
        return name + "[" + metric + "]";
    }
}
