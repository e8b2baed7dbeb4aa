package io.ferry.agent.consolidation.internal;

/**
 * MAD: upper threshold {@code 1 - s × MAD(history)}
 * ({@code PowerVmAllocationPolicyMigrationMedianAbsoluteDeviation}, s = 2.5 in the literature). Beloglazov and
 * Buyya 2012, §6.1.
 */
final class MedianAbsoluteDeviationDetector extends DeviationThresholdDetector {

    MedianAbsoluteDeviationDetector(double safety, StaticThresholdDetector fallback) {
        super("MAD", safety, fallback);
    }

    @Override
    double spread(double[] history) {
        return UtilisationStatistics.mad(history);
    }
}
