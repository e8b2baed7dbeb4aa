package io.ferry.engine;

import io.ferry.api.model.DirtyBehaviour;
import io.ferry.api.model.HostId;
import io.ferry.api.model.LinkSpec;
import io.ferry.api.model.MigrationRequest;
import io.ferry.api.model.VmId;
import java.time.Duration;

/**
 * One migration situation to simulate: a VM of a given size and dirtying behaviour moving over a link under a
 * downtime budget, possibly several identical VMs at once sharing the link.
 *
 * @param name                 a short name, used as the key of results
 * @param memoryBytes          the VM's memory, from 1 MiB to 1 TiB
 * @param pageSizeBytes        the page size, a power of two from 512 B to 2 MiB (4096 is the default)
 * @param executionStateBytes  CPU and device state sent during the pause
 * @param link                 the link
 * @param dirtying             how the guest writes memory
 * @param downtimeBudget       the SLA's downtime budget (300 ms is the default)
 * @param concurrentMigrations how many such VMs migrate at once over the shared link, from 1 to 64
 * @param zeroMemoryBytes      memory that holds only zeros when the migration starts (never written since the
 *                             guest booted), from 0 to {@code memoryBytes}: the top pages of memory below {@code nonZeroTopBytes}. A hypervisor
 *                             that detects zero pages ({@link HypervisorModel#detectsZeroPages()}) sends each as a
 *                             short header until the guest writes it; otherwise it changes nothing. Default 0
 * @param nonZeroTopBytes      non-zero memory above the zero memory, at the very top (a Linux guest's kernel
 *                             allocates its early memory top-down, so a freshly booted guest holds some MiB there):
 *                             a pass scans it last, and a pre-copy that stops the guest before the pass reaches
 *                             it sends it in the pause. Default 0 (the zero memory is the top)
 */
public record EngineScenario(String name, long memoryBytes, int pageSizeBytes, long executionStateBytes,
        LinkSpec link, DirtyingModel dirtying, Duration downtimeBudget, int concurrentMigrations,
        long zeroMemoryBytes, long nonZeroTopBytes) {

    /** The default page size, 4 KiB. */
    public static final int DEFAULT_PAGE_SIZE = 4096;
    /** The default execution state sent during the pause, 1 MiB. */
    public static final long DEFAULT_EXECUTION_STATE_BYTES = 1L << 20;
    /** The default SLA downtime budget, 300 ms (QEMU's default downtime limit). */
    public static final Duration DEFAULT_DOWNTIME_BUDGET = Duration.ofMillis(300);

    /** A scenario whose memory holds no zero page. */
    public EngineScenario(String name, long memoryBytes, int pageSizeBytes, long executionStateBytes, LinkSpec link,
            DirtyingModel dirtying, Duration downtimeBudget, int concurrentMigrations) {
        this(name, memoryBytes, pageSizeBytes, executionStateBytes, link, dirtying, downtimeBudget,
                concurrentMigrations, 0);
    }

    /** A scenario whose zero memory, if any, is the top of memory. */
    public EngineScenario(String name, long memoryBytes, int pageSizeBytes, long executionStateBytes, LinkSpec link,
            DirtyingModel dirtying, Duration downtimeBudget, int concurrentMigrations, long zeroMemoryBytes) {
        this(name, memoryBytes, pageSizeBytes, executionStateBytes, link, dirtying, downtimeBudget,
                concurrentMigrations, zeroMemoryBytes, 0);
    }

    public EngineScenario {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        if (memoryBytes < (1L << 20) || memoryBytes > (1L << 40)) {
            throw new IllegalArgumentException(
                    "memoryBytes = " + memoryBytes + ": must be in [1048576 (1 MiB), 1099511627776 (1 TiB)]");
        }
        if (link == null || dirtying == null || downtimeBudget == null) {
            throw new IllegalArgumentException("link, dirtying and downtimeBudget are required");
        }
        if (concurrentMigrations < 1 || concurrentMigrations > 64) {
            throw new IllegalArgumentException(
                    "concurrentMigrations = " + concurrentMigrations + ": must be in [1, 64]");
        }
        if (zeroMemoryBytes < 0 || zeroMemoryBytes > memoryBytes) {
            throw new IllegalArgumentException("zeroMemoryBytes = " + zeroMemoryBytes + ": must be in [0, "
                    + memoryBytes + "] (the memory)");
        }
        if (nonZeroTopBytes < 0 || nonZeroTopBytes > memoryBytes - zeroMemoryBytes) {
            throw new IllegalArgumentException("nonZeroTopBytes = " + nonZeroTopBytes + ": must be in [0, "
                    + (memoryBytes - zeroMemoryBytes) + "] (the memory that is not zero)");
        }
        // the request checks page size, state size and budget with the same messages everywhere
        requestOf(name, 0, memoryBytes, pageSizeBytes, executionStateBytes, link, dirtying, downtimeBudget);
    }

    /** @return this scenario under another name */
    public EngineScenario withName(String newName) {
        return new EngineScenario(newName, memoryBytes, pageSizeBytes, executionStateBytes, link, dirtying,
                downtimeBudget, concurrentMigrations, zeroMemoryBytes, nonZeroTopBytes);
    }

    /** @return this scenario with another dirtying model */
    public EngineScenario withDirtying(DirtyingModel newDirtying) {
        return new EngineScenario(name, memoryBytes, pageSizeBytes, executionStateBytes, link, newDirtying,
                downtimeBudget, concurrentMigrations, zeroMemoryBytes, nonZeroTopBytes);
    }

    /** @return this scenario with another amount of zero memory */
    public EngineScenario withZeroMemoryBytes(long newZeroMemoryBytes) {
        return new EngineScenario(name, memoryBytes, pageSizeBytes, executionStateBytes, link, dirtying,
                downtimeBudget, concurrentMigrations, newZeroMemoryBytes, nonZeroTopBytes);
    }

    /**
     * @return this scenario with {@code bytes} of non-zero memory at the very top, above its zero memory (a
     *         kernel's top-down early allocations)
     */
    public EngineScenario withNonZeroTopBytes(long bytes) {
        return new EngineScenario(name, memoryBytes, pageSizeBytes, executionStateBytes, link, dirtying,
                downtimeBudget, concurrentMigrations, zeroMemoryBytes, bytes);
    }

    /** @return the number of non-zero pages at the very top of memory, above the zero pages */
    public int nonZeroTopPages() {
        return (int) (nonZeroTopBytes / pageSizeBytes);
    }

    /**
     * @return the number of zero pages: the {@code zeroMemoryBytes / pageSizeBytes} pages just below the top
     *         {@link #nonZeroTopPages()}
     */
    public int zeroPages() {
        return (int) (zeroMemoryBytes / pageSizeBytes);
    }

    /**
     * @return the request for migration {@code index} of this scenario, with the model's mean behaviour; with
     *         concurrent migrations, its link advertises the equal share each can expect
     */
    public MigrationRequest request(int index) {
        LinkSpec share = concurrentMigrations == 1 ? link
                : new LinkSpec(link.bandwidthBytesPerSec() / concurrentMigrations, link.rtt(), link.compressionRatio(),
                        link.postcopyBandwidthBytesPerSec() / concurrentMigrations);
        return requestOf(name, index, memoryBytes, pageSizeBytes, executionStateBytes, share, dirtying,
                downtimeBudget);
    }

    private static MigrationRequest requestOf(String name, int index, long memoryBytes, int pageSizeBytes,
            long executionStateBytes, LinkSpec link, DirtyingModel dirtying, Duration downtimeBudget) {
        return new MigrationRequest(new VmId(name + "-vm" + index), new HostId("source"), new HostId("target"),
                memoryBytes, pageSizeBytes, executionStateBytes, link,
                new DirtyBehaviour(dirtying.meanPagesPerSecond(), dirtying.hotPages(), DirtyBehaviour.Source.ASSUMED),
                downtimeBudget);
    }
}
