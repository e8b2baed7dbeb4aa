package io.ferry.agent.consolidation.internal;

/**
 * IQR: upper threshold {@code 1 - s × IQR(history)} ({@code PowerVmAllocationPolicyMigrationInterQuartileRange},
 * s = 1.5 in the literature), quartiles at CloudSim's indices. Beloglazov and Buyya 2012, §6.1.
 */
final class InterQuartileRangeDetector extends DeviationThresholdDetector {

    InterQuartileRangeDetector(double safety, StaticThresholdDetector fallback) {
        super("IQR", safety, fallback);
    }

    @Override
    double spread(double[] history) {
        return UtilisationStatistics.iqr(history);
    }
}
