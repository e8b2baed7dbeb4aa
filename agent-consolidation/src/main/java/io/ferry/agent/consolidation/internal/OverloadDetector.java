package io.ferry.agent.consolidation.internal;

/**
 * Decides whether a host is overloaded: CloudSim 3.0.3's {@code isHostOverUtilized}, one variant per detector
 * (THR {@link StaticThresholdDetector}, IQR {@link InterQuartileRangeDetector}, MAD
 * {@link MedianAbsoluteDeviationDetector}, LR {@link LocalRegressionDetector}, LRR
 * {@link RobustLocalRegressionDetector}). Used three times per round: to find the overloaded hosts, to stop
 * shedding VMs from one, and to refuse a placement target that the VM would overload. Implementations are
 * immutable and thread-safe.
 */
interface OverloadDetector {

    /** @return whether {@code host} is overloaded as it stands */
    boolean overloaded(HostView host);

    /** @return one short phrase saying why {@code host} counts as overloaded, e.g. {@code LR predicts 1.04} */
    String explain(HostView host);
}
