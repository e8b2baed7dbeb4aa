package io.ferry.agent.consolidation.internal;

import java.util.Locale;

/**
 * THR: a host is overloaded when its VMs request more than {@code threshold} of its capacity
 * ({@code PowerVmAllocationPolicyMigrationStaticThreshold}); also the fallback of the adaptive detectors while
 * their history is too short (0.7 in CloudSim's examples). Cost O(1) on a working host.
 */
final class StaticThresholdDetector implements OverloadDetector {

    private final double threshold;

    StaticThresholdDetector(double threshold) {
        this.threshold = threshold;
    }

    double threshold() {
        return threshold;
    }

    static double requestedShare(HostView host) {
        return host.requestedMips() / host.totalMips();
    }

    @Override
    public boolean overloaded(HostView host) {
        return requestedShare(host) > threshold;
    }

    @Override
    public String explain(HostView host) {
        return String.format(Locale.ROOT, "THR %.2f > %.2f", requestedShare(host), threshold);
    }
}
