package io.ferry.agent.consolidation.internal;

import java.util.Locale;

/**
 * An adaptive upper threshold {@code 1 - s × spread(history)}: a host is overloaded when its VMs request more than
 * that share of its capacity. While the history has fewer than {@link #MIN_HISTORY} values before its zero tail,
 * the static fallback decides (as CloudSim's {@code IllegalArgumentException} path does). Variants say what the
 * spread is: {@link InterQuartileRangeDetector}, {@link MedianAbsoluteDeviationDetector}.
 *
 * <p>Cost: O(h log h) per call, h ≤ 30.
 */
abstract class DeviationThresholdDetector implements OverloadDetector {

    /** CloudSim's "12 has been suggested as a safe value". */
    static final int MIN_HISTORY = 12;

    private final String label;
    private final double safety;
    private final StaticThresholdDetector fallback;

    DeviationThresholdDetector(String label, double safety, StaticThresholdDetector fallback) {
        this.label = label;
        this.safety = safety;
        this.fallback = fallback;
    }

    /** @return the spread of the history (newest first, zero tail trimmed, at least {@link #MIN_HISTORY} long) */
    abstract double spread(double[] history);

    /** @return the upper threshold, or NaN when the history is too short and the fallback decides */
    final double upperThreshold(HostView host) {
        double[] history = host.utilisationHistory();
        if (UtilisationStatistics.countNonZeroBeginning(history) < MIN_HISTORY) {
            return Double.NaN;
        }
        return 1 - safety * spread(history);
    }

    @Override
    public final boolean overloaded(HostView host) {
        double upper = upperThreshold(host);
        return Double.isNaN(upper) ? fallback.overloaded(host) : StaticThresholdDetector.requestedShare(host) > upper;
    }

    @Override
    public final String explain(HostView host) {
        double upper = upperThreshold(host);
        return Double.isNaN(upper) ? "short history, " + fallback.explain(host)
                : String.format(Locale.ROOT, "%s %.2f > %.2f", label, StaticThresholdDetector.requestedShare(host), upper);
    }
}
