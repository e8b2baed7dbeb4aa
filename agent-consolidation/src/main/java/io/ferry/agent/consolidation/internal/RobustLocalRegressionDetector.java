package io.ferry.agent.consolidation.internal;

/**
 * LRR: {@link LocalRegressionDetector} with the robust fit (a second fit with bisquare weights from the first
 * fit's residuals, {@code PowerVmAllocationPolicyMigrationLocalRegressionRobust}). As in CloudSim 3.0.3 the
 * weights never trigger its weighting rule, so LRR decides exactly as LR does; it is kept as its own detector
 * because the literature reports it, and a corrected weighting would change this class only.
 */
final class RobustLocalRegressionDetector extends LocalRegressionDetector {

    RobustLocalRegressionDetector(double safety, StaticThresholdDetector fallback) {
        super("LRR", safety, fallback);
    }

    @Override
    double[] estimates(double[] oldestFirst) {
        return UtilisationStatistics.robustLoess(oldestFirst);
    }
}
