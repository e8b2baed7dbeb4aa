package io.ferry.api.model;

import java.time.Duration;

/**
 * Everything a policy needs to plan or steer one migration: the VM's memory, the link, what is known of its
 * dirtying, and the downtime the SLA allows.
 *
 * @param vm                  the VM to move
 * @param source              the host it runs on
 * @param target              the host it moves to, different from {@code source}
 * @param memoryBytes         the VM's memory, &gt; 0
 * @param pageSizeBytes       the page size, a power of two between 512 B and 2 MiB
 * @param executionStateBytes CPU and device state sent while the VM is paused, &gt;= 0
 * @param link                the migration path
 * @param dirtying            the expected dirtying behaviour
 * @param downtimeBudget      the longest pause the SLA tolerates, &gt; 0
 */
public record MigrationRequest(VmId vm, HostId source, HostId target, long memoryBytes, int pageSizeBytes,
        long executionStateBytes, LinkSpec link, DirtyBehaviour dirtying, Duration downtimeBudget) {

    public MigrationRequest {
        Require.nonNull(vm, "vm");
        Require.nonNull(source, "source");
        Require.nonNull(target, "target");
        if (source.equals(target)) {
            throw new IllegalArgumentException("target = " + target + ": must differ from the source host");
        }
        Require.positive(memoryBytes, "memoryBytes");
        if (pageSizeBytes < 512 || pageSizeBytes > (2 << 20) || Integer.bitCount(pageSizeBytes) != 1) {
            throw new IllegalArgumentException(
                    "pageSizeBytes = " + pageSizeBytes + ": must be a power of two from 512 to 2097152");
        }
        Require.nonNegative(executionStateBytes, "executionStateBytes");
        Require.nonNull(link, "link");
        Require.nonNull(dirtying, "dirtying");
        Require.positive(downtimeBudget, "downtimeBudget");
        if ((memoryBytes + pageSizeBytes - 1) / pageSizeBytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("memoryBytes = " + memoryBytes + ": more than 2^31-1 pages");
        }
    }

    /** @return the number of pages, rounding a partial last page up */
    public int pageCount() {
        return (int) ((memoryBytes + pageSizeBytes - 1) / pageSizeBytes);
    }

    /** @return the page-transmission rate of the link in pages per second, compression applied */
    public double linkPagesPerSecond() {
        return link.bandwidthBytesPerSec() / (pageSizeBytes * link.compressionRatio());
    }
}
