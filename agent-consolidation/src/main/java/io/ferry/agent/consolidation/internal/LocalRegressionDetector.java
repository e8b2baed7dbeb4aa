package io.ferry.agent.consolidation.internal;

import java.util.Locale;

/**
 * LR: fits a line to the host's last {@link #LENGTH} utilisation values (oldest first, x = 1 … 10) and predicts
 * the utilisation at the end of the longest migration off it: {@code x = 10 + ceil(max VM RAM / (link / 2) /
 * interval)}; overloaded when {@code s × predicted >= 1} ({@code PowerVmAllocationPolicyMigrationLocalRegression},
 * s = 1.2). CloudSim's tricube weights never trigger its weighting rule, so the fit is plain least squares
 * (see {@link UtilisationStatistics#weightedRegression}). With fewer than ten values, or a fit that fails, the
 * static fallback decides. With an unknown link the prediction is one interval ahead. Beloglazov and Buyya 2012,
 * §6.2. Cost: O(h) per call.
 */
class LocalRegressionDetector implements OverloadDetector {

    /** CloudSim: "we use 10 to make the regression responsive enough to latest values". */
    static final int LENGTH = 10;

    private final String label;
    private final double safety;
    private final StaticThresholdDetector fallback;

    LocalRegressionDetector(double safety, StaticThresholdDetector fallback) {
        this("LR", safety, fallback);
    }

    LocalRegressionDetector(String label, double safety, StaticThresholdDetector fallback) {
        this.label = label;
        this.safety = safety;
        this.fallback = fallback;
    }

    /** @return {intercept, slope} of the fit through y at x = 1 … n */
    double[] estimates(double[] oldestFirst) {
        return UtilisationStatistics.loess(oldestFirst);
    }

    /** @return the predicted utilisation times s, or NaN when the fallback decides */
    final double prediction(HostView host) {
        double[] history = host.utilisationHistory();
        if (history.length < LENGTH) {
            return Double.NaN;
        }
        double[] oldestFirst = new double[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            oldestFirst[i] = history[LENGTH - 1 - i];
        }
        double[] e;
        try {
            e = estimates(oldestFirst);
        } catch (IllegalArgumentException ex) {
            return Double.NaN;
        }
        return (e[0] + e[1] * (LENGTH + migrationIntervals(host))) * safety;
    }

    static double migrationIntervals(HostView host) {
        if (host.linkBytesPerSecond() <= 0 || !(host.intervalSeconds() > 0)) {
            return 1;
        }
        double seconds = host.maxVmRamBytes() / (host.linkBytesPerSecond() / 2.0);
        return Math.ceil(seconds / host.intervalSeconds());
    }

    @Override
    public final boolean overloaded(HostView host) {
        double p = prediction(host);
        return Double.isNaN(p) ? fallback.overloaded(host) : p >= 1;
    }

    @Override
    public final String explain(HostView host) {
        double p = prediction(host);
        return Double.isNaN(p) ? "short history, " + fallback.explain(host)
                : String.format(Locale.ROOT, "%s predicts %.2f", label, p);
    }
}
