package io.ferry.simcluster;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * What each VM of a simulated cluster does with its vCPUs over simulated time: the one input from which a front
 * end derives CPU telemetry, host load and each VM's dirty-page rate.
 *
 * <p>Implementations are pure functions of (VM, time), defined for negative times too (history from before a
 * simulation started): the same question always gets the same answer, whatever the step length or the order of
 * calls. {@link SyntheticWorkload} and {@link TraceWorkload} are the two this module ships; a data-centre engine
 * may add its own.
 */
@ConsumerType
public interface CpuWorkload {

    /**
     * @param vm      the VM's index in its cluster
     * @param seconds simulated seconds since the cluster's time 0 (may be negative)
     * @return the share of the VM's vCPUs in use, in [0, 1]
     */
    double utilisation(int vm, double seconds);

    /** @return {@code u} clipped to [0, 1] */
    static double clamp(double u) {
        return u < 0 ? 0 : u > 1 ? 1 : u;
    }
}
