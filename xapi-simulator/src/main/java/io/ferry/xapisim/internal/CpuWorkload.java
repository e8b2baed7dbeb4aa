package io.ferry.xapisim.internal;

/**
 * What each guest does with its vCPUs over simulated time: the one input from which the simulator derives a
 * VM's RRD series (CPU, memory in use, disk and network rates) and the dirty-page rate its migrations see
 * (which XAPI itself never exposes).
 *
 * <p>Implementations are pure functions of (guest, time), defined for negative times too, so that
 * {@code /rrd_updates} can serve history from before the simulator started.
 */
interface CpuWorkload {

    /**
     * @param guest   the guest's index (0 for the first non-template VM)
     * @param seconds simulated seconds since the simulator's epoch (may be negative)
     * @return the share of the guest's vCPUs in use, in [0, 1]
     */
    double utilisation(int guest, double seconds);

    static double clamp(double u) {
        return u < 0 ? 0 : u > 1 ? 1 : u;
    }
}
