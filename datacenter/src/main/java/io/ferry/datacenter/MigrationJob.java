package io.ferry.datacenter;

/**
 * One migration as it starts, as a {@link MigrationModel} sees it.
 *
 * @param vm                 the VM's index in the workload
 * @param ramBytes           its memory
 * @param cpuUtilisation     the share of its capacity it uses now, in [0, 1]; the page-level model derives the
 *                           dirty-page rate from it
 * @param vcpuMips           its vCPU capacity
 * @param vcpus              its vCPUs
 * @param linkBytesPerSecond the source host's migration link
 * @param sharingSourceLink  migrations leaving the source host at the same time, this one included, &gt;= 1
 * @param seed               the seed of this migration, drawn from the run's seed
 */
public record MigrationJob(int vm, long ramBytes, double cpuUtilisation, double vcpuMips, int vcpus,
        long linkBytesPerSecond, int sharingSourceLink, long seed) {
}
