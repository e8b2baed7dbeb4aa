package io.ferry.datacenter;

/** How a run turns host utilisation into energy. */
public enum PowerAccounting {
    /**
     * Non-power-aware: every host draws its maximum power all day, whatever its load (CloudSim's
     * {@code PowerDatacenterNonPowerAware}; the NPA reference).
     */
    MAXIMUM_ALWAYS,
    /**
     * Power by utilisation on the host's curve, linear over time between two utilisation readings; a host that
     * carried nothing at the start of a stretch was off and drew 0 W (CloudSim's {@code PowerDatacenter}).
     */
    BY_UTILISATION
}
