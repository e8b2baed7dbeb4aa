package io.ferry.agent.consolidation.internal;

import java.util.Arrays;
import org.apache.commons.math3.stat.regression.SimpleRegression;

/**
 * The statistics the adaptive detectors apply to a host's utilisation history, with the exact numerics of
 * CloudSim 3.0.3's {@code org.cloudbus.cloudsim.util.MathUtil} (median as Commons Math's 50th percentile, its
 * quartile indices, its tricube and bisquare weights and the rule that decides whether they are applied at all),
 * written anew from its definitions. Histories here are in CloudSim's order: newest value first.
 *
 * <p>Source: A. Beloglazov, R. Buyya, "Optimal online deterministic algorithms and adaptive heuristics for energy
 * and performance efficient dynamic consolidation of virtual machines in cloud data centers", CCPE 24(13), 2012,
 * §6 (IQR, MAD, LR, LRR). Cost: O(n log n) for the percentiles, O(n) for the regressions; n is at most 30.
 */
final class UtilisationStatistics {

    /**
     * CloudSim applies the (square roots of the) weights only when at least this share of them is zero or
     * negative; its tricube and bisquare weights never are, so its "local regression" is plain least squares.
     */
    static final double WEIGHTED_WHEN_ZERO_SHARE = 0.4;

    private UtilisationStatistics() {
    }

    /**
     * @return the median exactly as Commons Math's {@code DescriptiveStatistics.getPercentile(50)} gives it (its
     *         default, legacy estimation: position p (n + 1), {@code lower + frac × (upper - lower)} between the
     *         neighbouring order statistics), without its allocations; NaN for no data
     */
    static double median(double[] data) {
        int n = data.length;
        if (n == 0) {
            return Double.NaN;
        }
        double[] sorted = data.clone();
        Arrays.sort(sorted);
        double pos = 0.5 * (n + 1);
        if (pos < 1) {
            return sorted[0];
        }
        if (pos >= n) {
            return sorted[n - 1];
        }
        double floor = Math.floor(pos);
        int i = (int) floor;
        double lower = sorted[i - 1];
        double upper = sorted[i];
        return lower + (pos - floor) * (upper - lower);
    }

    /** @return the median absolute deviation from the median; 0 for no data */
    static double mad(double[] data) {
        if (data.length == 0) {
            return 0;
        }
        double median = median(data);
        double[] deviations = new double[data.length];
        for (int i = 0; i < data.length; i++) {
            deviations[i] = Math.abs(median - data[i]);
        }
        return median(deviations);
    }

    /**
     * @return the interquartile range with CloudSim's quartile positions: the values at sorted indices
     *         {@code round(0.25 (n + 1)) - 1} and {@code round(0.75 (n + 1)) - 1}; the argument is not modified
     */
    static double iqr(double[] data) {
        double[] sorted = data.clone();
        Arrays.sort(sorted);
        int q1 = (int) Math.round(0.25 * (sorted.length + 1)) - 1;
        int q3 = (int) Math.round(0.75 * (sorted.length + 1)) - 1;
        return sorted[q3] - sorted[q1];
    }

    /** @return how many values precede the zero tail: the index of the last non-zero value plus one, 0 if none */
    static int countNonZeroBeginning(double[] data) {
        int last = data.length - 1;
        while (last >= 0 && data[last] == 0) {
            last--;
        }
        return last + 1;
    }

    /** @return the values before the zero tail */
    static double[] trimZeroTail(double[] data) {
        return Arrays.copyOf(data, countNonZeroBeginning(data));
    }

    /**
     * CloudSim's "tricube" weights for n points: for i &gt;= 2, {@code 1 / (1 - ((n-1-i)/(n-1))^3)^3} (the maximum
     * double where that is not positive); the first three equal the third. All positive.
     */
    static double[] tricubeWeights(int n) {
        double[] weights = new double[n];
        double top = n - 1;
        for (int i = 2; i < n; i++) {
            double k = Math.pow(1 - Math.pow((top - i) / top, 3), 3);
            weights[i] = k > 0 ? 1 / k : Double.MAX_VALUE;
        }
        fillFirstThree(weights);
        return weights;
    }

    /** CloudSim's bisquare-times-tricube weights from the residuals of a first fit; all positive. */
    static double[] tricubeBisquareWeights(double[] residuals) {
        int n = residuals.length;
        double[] tricube = tricubeWeights(n);
        double[] weights = new double[n];
        double s6 = median(abs(residuals)) * 6;
        for (int i = 2; i < n; i++) {
            double k = Math.pow(1 - Math.pow(residuals[i] / s6, 2), 2);
            weights[i] = k > 0 ? tricube[i] / k : Double.MAX_VALUE;
        }
        fillFirstThree(weights);
        return weights;
    }

    /**
     * A least-squares line through (x, y), the points scaled by the square roots of the weights only when at
     * least {@link #WEIGHTED_WHEN_ZERO_SHARE} of the weights are &lt;= 0 (CloudSim's rule; so never, for its weights).
     */
    static SimpleRegression weightedRegression(double[] x, double[] y, double[] weights) {
        int nonPositive = 0;
        for (double w : weights) {
            if (w <= 0) {
                nonPositive++;
            }
        }
        boolean weighted = nonPositive >= WEIGHTED_WHEN_ZERO_SHARE * weights.length;
        SimpleRegression regression = new SimpleRegression();
        for (int i = 0; i < x.length; i++) {
            double s = weighted ? Math.sqrt(weights[i]) : 1;
            regression.addData(s * x[i], s * y[i]);
        }
        return regression;
    }

    /**
     * @param y the values at x = 1, 2, …, n, oldest first
     * @return {intercept, slope} of the tricube-weighted line (plain least squares, see {@link #weightedRegression})
     * @throws IllegalArgumentException (Commons Math's) for fewer than three points
     */
    static double[] loess(double[] y) {
        double[] x = positions(y.length);
        return weightedRegression(x, y, tricubeWeights(y.length)).regress().getParameterEstimates();
    }

    /**
     * The robust variant: a first tricube fit, then a fit with bisquare weights from its residuals. CloudSim then
     * tests the estimates with {@code == Double.NaN}, which is never true, so it never falls back to the first
     * fit; neither does this.
     *
     * @param y the values at x = 1, 2, …, n, oldest first
     * @return {intercept, slope}
     */
    static double[] robustLoess(double[] y) {
        double[] x = positions(y.length);
        SimpleRegression first = weightedRegression(x, y, tricubeWeights(y.length));
        double[] residuals = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            residuals[i] = y[i] - first.predict(x[i]);
        }
        return weightedRegression(x, y, tricubeBisquareWeights(residuals)).regress().getParameterEstimates();
    }

    private static double[] positions(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i + 1;
        }
        return x;
    }

    private static void fillFirstThree(double[] weights) {
        if (weights.length > 2) {
            weights[0] = weights[2];
            weights[1] = weights[2];
        }
    }

    private static double[] abs(double[] data) {
        double[] out = new double[data.length];
        for (int i = 0; i < data.length; i++) {
            out[i] = Math.abs(data[i]);
        }
        return out;
    }
}
