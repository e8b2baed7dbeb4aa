package io.ferry.api.model;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * A predictor's forecast of one metric, {@code horizon()} steps ahead of a window's newest sample, with a
 * band. Immutable.
 */
public final class Forecast {

    private final String predictor;
    private final Metric metric;
    private final Duration step;
    private final double[] mean;
    private final double[] lower;
    private final double[] upper;

    /**
     * @param predictor the name of the predictor that made it
     * @param metric    what is forecast
     * @param step      the time between forecast points
     * @param mean      the forecast, one value per step ahead, finite
     * @param lower     the lower bound, same length, each &lt;= mean
     * @param upper     the upper bound, same length, each &gt;= mean
     */
    public Forecast(String predictor, Metric metric, Duration step, double[] mean, double[] lower, double[] upper) {
        this.predictor = Require.nonBlank(predictor, "predictor");
        this.metric = Require.nonNull(metric, "metric");
        this.step = Require.positive(step, "step");
        this.mean = Require.nonNull(mean, "mean").clone();
        this.lower = Require.nonNull(lower, "lower").clone();
        this.upper = Require.nonNull(upper, "upper").clone();
        if (this.mean.length == 0 || this.lower.length != this.mean.length || this.upper.length != this.mean.length) {
            throw new IllegalArgumentException("forecast lengths mean=" + this.mean.length + ", lower="
                    + this.lower.length + ", upper=" + this.upper.length + ": must be equal and > 0");
        }
        for (int i = 0; i < this.mean.length; i++) {
            if (!Double.isFinite(this.mean[i]) || !(this.lower[i] <= this.mean[i]) || !(this.mean[i] <= this.upper[i])) {
                throw new IllegalArgumentException("forecast point " + i + " = " + this.lower[i] + " <= "
                        + this.mean[i] + " <= " + this.upper[i] + ": must be finite and ordered");
            }
        }
    }

    /**
     * A forecast without a band: lower = mean = upper.
     *
     * @param predictor the name of the predictor that made it
     * @param metric    what is forecast
     * @param step      the time between forecast points
     * @param mean      the forecast, one value per step ahead, finite
     */
    public Forecast(String predictor, Metric metric, Duration step, double[] mean) {
        this(predictor, metric, step, mean, mean, mean);
    }

    public String predictor() {
        return predictor;
    }

    public Metric metric() {
        return metric;
    }

    public Duration step() {
        return step;
    }

    /** @return the number of steps ahead */
    public int horizon() {
        return mean.length;
    }

    /** @return the forecast {@code stepsAhead} steps ahead, from 1 */
    public double mean(int stepsAhead) {
        return mean[stepsAhead - 1];
    }

    public double lower(int stepsAhead) {
        return lower[stepsAhead - 1];
    }

    public double upper(int stepsAhead) {
        return upper[stepsAhead - 1];
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Forecast that && predictor.equals(that.predictor) && metric == that.metric
                && step.equals(that.step) && Arrays.equals(mean, that.mean) && Arrays.equals(lower, that.lower)
                && Arrays.equals(upper, that.upper);
    }

    @Override
    public int hashCode() {
        return Objects.hash(predictor, metric, step, Arrays.hashCode(mean));
    }

    @Override
    public String toString() {
        return "Forecast[" + predictor + " " + metric + ", " + mean.length + " x " + step + "]";
    }
}
