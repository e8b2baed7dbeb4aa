package io.ferry.predictor.lstm;

import io.ferry.forecast.Series;
import io.ferry.predictor.lstm.LstmHyperParameters.Scaling;
import java.util.List;

/**
 * Maps a metric's samples into [0, 1] and back: MinMax over the samples (or over log(1 + x)), with the minimum
 * and maximum of the training series only, so that nothing is learnt from validation or test data. Samples
 * outside the fitted range map outside [0, 1]; {@link #inverse} of such a value is still exact. Immutable.
 *
 * @param scaling how
 * @param min     the smallest (transformed) training sample
 * @param max     the largest (transformed) training sample, &gt;= min
 */
public record Scaler(Scaling scaling, double min, double max) {

    /** @throws IllegalArgumentException for a missing scaling or a range that is not finite and ordered */
    public Scaler {
        if (scaling == null) {
            throw new IllegalArgumentException("scaling is required");
        }
        if (!Double.isFinite(min) || !Double.isFinite(max) || max < min) {
            throw new IllegalArgumentException("scaler range [" + min + ", " + max + "]: must be finite, min <= max");
        }
    }

    /**
     * @param scaling how
     * @param series  the training series only
     * @return the scaler fitted on every sample of those series
     * @throws IllegalArgumentException when there is no sample, or a negative one for {@link Scaling#LOG1P_MINMAX}
     */
    public static Scaler fit(Scaling scaling, List<Series> series) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int i = 0; i < s.size(); i++) {
                double v = transform(scaling, s.get(i), s.name());
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        if (min > max) {
            throw new IllegalArgumentException("scaler: the training series hold no sample");
        }
        return new Scaler(scaling, min, max);
    }

    /** @return {@code x} in the scaled space, 0 at the training minimum and 1 at the maximum */
    public double scale(double x) {
        return (transform(scaling, x, "input") - min) / range();
    }

    /** @return the sample that {@link #scale} maps to {@code y} */
    public double inverse(double y) {
        double t = y * range() + min;
        return scaling == Scaling.LOG1P_MINMAX ? Math.expm1(t) : t;
    }

    /** @return the smallest training sample, in the metric's units */
    public double lowest() {
        return inverse(0);
    }

    /** @return the largest training sample, in the metric's units */
    public double highest() {
        return inverse(1);
    }

    private double range() {
        return max > min ? max - min : 1;
    }

    private static double transform(Scaling scaling, double x, String where) {
        if (scaling == Scaling.LOG1P_MINMAX) {
            if (x < 0) {
                throw new IllegalArgumentException(where + ": sample " + x + " < 0 cannot be log1p-scaled");
            }
            return Math.log1p(x);
        }
        return x;
    }
}
