package io.ferry.api.model;

import java.time.Duration;
import java.util.Optional;

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
 * @param dirtyForecast       the forecast of the VM's {@link Metric#DIRTY_PAGES_PER_SECOND} by the predictor selected
 *                            for the pool, from the request's time on; empty when none is selected or it could not
 *                            forecast. When present, {@code dirtying} is its first step
 *                            ({@link DirtyBehaviour.Source#PREDICTED}).
 */
public record MigrationRequest(VmId vm, HostId source, HostId target, long memoryBytes, int pageSizeBytes,
        long executionStateBytes, LinkSpec link, DirtyBehaviour dirtying, Duration downtimeBudget,
        Optional<Forecast> dirtyForecast) {

    /** A request without a forecast: the dirtying is measured, inferred or assumed. */
    public MigrationRequest(VmId vm, HostId source, HostId target, long memoryBytes, int pageSizeBytes,
            long executionStateBytes, LinkSpec link, DirtyBehaviour dirtying, Duration downtimeBudget) {
        this(vm, source, target, memoryBytes, pageSizeBytes, executionStateBytes, link, dirtying, downtimeBudget,
                Optional.empty());
    }

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
        Require.nonNull(dirtyForecast, "dirtyForecast");
        if (dirtyForecast.isPresent() && dirtyForecast.get().metric() != Metric.DIRTY_PAGES_PER_SECOND) {
            throw new IllegalArgumentException("dirtyForecast = " + dirtyForecast.get() + ": must forecast "
                    + Metric.DIRTY_PAGES_PER_SECOND);
        }
        if ((memoryBytes + pageSizeBytes - 1) / pageSizeBytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("memoryBytes = " + memoryBytes + ": more than 2^31-1 pages");
        }
    }

    /** @return this request with a forecast of the dirty-page rate, which also becomes its {@code dirtying} */
    public MigrationRequest withDirtyForecast(Forecast forecast) {
        Require.nonNull(forecast, "forecast");
        return new MigrationRequest(vm, source, target, memoryBytes, pageSizeBytes, executionStateBytes, link,
                new DirtyBehaviour(Math.max(0, forecast.mean(1)), dirtying.hotPages(), DirtyBehaviour.Source.PREDICTED),
                downtimeBudget, Optional.of(forecast));
    }

    /**
     * @param elapsed time since the request was made, &gt;= 0
     * @return the forecast dirty-page rate at that time (the step covering it, the last step past the horizon),
     *         empty without a forecast
     */
    public Optional<Double> forecastDirtyPagesPerSecond(Duration elapsed) {
        return dirtyForecast.map(f -> {
            long step = Math.max(1, f.step().toNanos());
            long index = Math.max(0, elapsed.toNanos()) / step + 1;
            return Math.max(0, f.mean((int) Math.min(f.horizon(), index)));
        });
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
