package io.ferry.forecast;

import io.ferry.api.model.Metric;
import io.ferry.api.model.MetricWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * One metric series of one subject at a fixed step, oldest first: a VM's CPU over a PlanetLab day, or a guest's
 * dirty rate over one recording. Immutable: values are copied in and out.
 */
public final class Series {

    private final String name;
    private final Metric metric;
    private final Duration step;
    private final double[] values;

    /**
     * @param name   where the series came from, e.g. {@code 20110325/planetlab1_cs_du_edu}, never blank
     * @param metric what it measures
     * @param step   the time between samples, &gt; 0
     * @param values the samples, oldest first, all finite
     * @throws IllegalArgumentException for a blank name, a step &lt;= 0 or a sample that is not finite (naming
     *                                  the series and the index)
     */
    public Series(String name, Metric metric, Duration step, double[] values) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("series name = '" + name + "': must not be blank");
        }
        this.name = name;
        this.metric = Objects.requireNonNull(metric, "metric");
        if (step == null || step.isZero() || step.isNegative()) {
            throw new IllegalArgumentException("series " + name + ": step = " + step + ": must be > 0");
        }
        this.step = step;
        this.values = Objects.requireNonNull(values, "values").clone();
        for (int i = 0; i < this.values.length; i++) {
            if (!Double.isFinite(this.values[i])) {
                throw new IllegalArgumentException("series " + name + ": sample " + i + " = " + this.values[i]
                        + ": must be finite");
            }
        }
    }

    public String name() {
        return name;
    }

    public Metric metric() {
        return metric;
    }

    public Duration step() {
        return step;
    }

    /** @return the number of samples */
    public int size() {
        return values.length;
    }

    /** @return sample {@code index}, 0 being the oldest */
    public double get(int index) {
        return values[index];
    }

    /** @return a copy of the samples, oldest first */
    public double[] values() {
        return values.clone();
    }

    /**
     * The window a predictor sees just after sample {@code end - 1}: samples {@code [end - length, end)}.
     *
     * @param end    one past the newest sample of the window, in {@code [length, size()]}
     * @param length how many samples, &gt;= 1
     * @return the window, its newest sample at {@code end - 1} steps after an arbitrary fixed origin
     * @throws IllegalArgumentException when the window does not fit in the series
     */
    public MetricWindow window(int end, int length) {
        if (length < 1 || end < length || end > values.length) {
            throw new IllegalArgumentException("series " + name + ": window [" + (end - length) + ", " + end
                    + ") must lie within [0, " + values.length + ") and hold >= 1 sample");
        }
        Instant newest = Instant.EPOCH.plus(step.multipliedBy(end - 1L));
        return new MetricWindow(name, metric, newest, step, Arrays.copyOfRange(values, end - length, end));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Series that && name.equals(that.name) && metric == that.metric
                && step.equals(that.step) && Arrays.equals(values, that.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, metric, step, Arrays.hashCode(values));
    }

    @Override
    public String toString() {
        return "Series[" + name + " " + metric + ", " + values.length + " x " + step + "]";
    }
}
