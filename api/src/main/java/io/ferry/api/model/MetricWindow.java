package io.ferry.api.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * A window of one metric for one subject (a VM or host id) at a fixed step, oldest sample first: what a
 * {@code Predictor} reads. Immutable: values are copied in and out.
 */
public final class MetricWindow {

    private final String subject;
    private final Metric metric;
    private final Instant end;
    private final Duration step;
    private final double[] values;

    /**
     * @param subject the VM or host id the series belongs to
     * @param metric  what is measured
     * @param end     the time of the newest sample
     * @param step    the time between samples, &gt; 0
     * @param values  the samples, oldest first, all finite
     */
    public MetricWindow(String subject, Metric metric, Instant end, Duration step, double[] values) {
        this.subject = Require.nonBlank(subject, "subject");
        this.metric = Require.nonNull(metric, "metric");
        this.end = Require.nonNull(end, "end");
        this.step = Require.positive(step, "step");
        this.values = Require.nonNull(values, "values").clone();
        for (int i = 0; i < this.values.length; i++) {
            if (!Double.isFinite(this.values[i])) {
                throw new IllegalArgumentException("values[" + i + "] = " + this.values[i] + ": must be finite");
            }
        }
    }

    public String subject() {
        return subject;
    }

    public Metric metric() {
        return metric;
    }

    public Instant end() {
        return end;
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

    /** @return the newest sample, or NaN for an empty window */
    public double latest() {
        return values.length == 0 ? Double.NaN : values[values.length - 1];
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MetricWindow that && subject.equals(that.subject) && metric == that.metric
                && end.equals(that.end) && step.equals(that.step) && Arrays.equals(values, that.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(subject, metric, end, step, Arrays.hashCode(values));
    }

    @Override
    public String toString() {
        return "MetricWindow[" + subject + " " + metric + ", " + values.length + " x " + step + " to " + end + "]";
    }
}
