package io.ferry.qemu;

import io.ferry.api.model.VmId;
import java.time.Duration;
import java.time.Instant;

/**
 * One measurement of a guest's dirty-page rate by QEMU's {@code calc-dirty-rate} in {@code page-sampling}
 * mode: QEMU hashes a sample of pages at the start and the end of {@code calcTime} and scales the share that
 * changed. It counts distinct pages, not writes, so it saturates at the working set per {@code calcTime}.
 * Single 200 ms samples are noisy (±20-50 %); medians of a few are within about 10 % of the unique-page rate.
 *
 * @param vm            the guest
 * @param at            when the measurement ended
 * @param calcTime      the measurement window
 * @param samplePages   pages sampled per GiB
 * @param mibPerSecond  QEMU's {@code dirty-rate}, MiB per second
 */
public record DirtyRateSample(VmId vm, Instant at, Duration calcTime, int samplePages, double mibPerSecond) {

    /** @return the rate in 4 KiB pages per second */
    public double pagesPerSecond() {
        return mibPerSecond * 256.0;
    }
}
