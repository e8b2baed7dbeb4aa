package io.ferry.api.model;

/**
 * One host as the adapter last saw it.
 *
 * @param id               the host
 * @param name             its human-readable name
 * @param enabled          whether it accepts VMs (XAPI {@code host.enabled}; false while disabled or offline)
 * @param maintenance      whether an operator put it in maintenance: never a migration target, never left
 *                         with new VMs
 * @param cpuCount         physical CPUs, &gt; 0
 * @param cpuUtilisation   average CPU use over the last interval, as a fraction of all its CPUs, in [0, 1]
 * @param memoryTotalBytes physical memory
 * @param memoryFreeBytes  memory a new VM could use (XAPI {@code host.compute_free_memory})
 */
public record HostState(HostId id, String name, boolean enabled, boolean maintenance, int cpuCount,
        double cpuUtilisation, long memoryTotalBytes, long memoryFreeBytes) {

    public HostState {
        Require.nonNull(id, "id");
        Require.nonNull(name, "name");
        Require.positive(cpuCount, "cpuCount");
        Require.inRange(cpuUtilisation, 0, 1, "cpuUtilisation");
        Require.nonNegative(memoryTotalBytes, "memoryTotalBytes");
        Require.nonNegative(memoryFreeBytes, "memoryFreeBytes");
    }

    /** @return whether migrations may target this host */
    public boolean acceptsVms() {
        return enabled && !maintenance;
    }
}
