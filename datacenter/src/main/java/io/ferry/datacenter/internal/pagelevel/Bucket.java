package io.ferry.datacenter.internal.pagelevel;

/**
 * What a migration is reduced to before the page-level engine costs it, and the key under which that cost is
 * memoised: every job of the same bucket gets the same estimate.
 *
 * @param ramBytes           the VM's memory rounded to the nearest multiple of the RAM step (at least one step)
 * @param busyVcpuSteps      its busy vCPUs ({@code cpuUtilisation × vcpus}) in whole CPU steps, rounded to the
 *                           nearest
 * @param linkBytesPerSecond the source host's link, as given
 * @param sharing            the migrations sharing that link when this one starts, this one included, as given
 */
public record Bucket(long ramBytes, int busyVcpuSteps, long linkBytesPerSecond, int sharing) {

    public Bucket {
        if (ramBytes <= 0 || busyVcpuSteps < 0 || linkBytesPerSecond <= 0 || sharing < 1) {
            throw new IllegalArgumentException("bucket ramBytes = " + ramBytes + ", busyVcpuSteps = " + busyVcpuSteps
                    + ", linkBytesPerSecond = " + linkBytesPerSecond + ", sharing = " + sharing
                    + ": must be > 0, >= 0, > 0, >= 1");
        }
    }
}
