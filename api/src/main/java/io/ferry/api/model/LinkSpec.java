package io.ferry.api.model;

import java.time.Duration;

/**
 * The network path a migration uses, and the two caps a hypervisor may put on it.
 *
 * <p>QEMU keeps two caps apart: {@code max-bandwidth} throttles pre-copy (and is lifted for the final
 * stop-and-copy), {@code max-postcopy-bandwidth} throttles the background stream after the switch to post-copy,
 * and its default, 0, is unlimited: with only the first set, a post-copy phase runs at whatever the host can push.
 * {@link #postcopyBandwidthBytesPerSec} is that second cap; 0 means none is asked for (the hypervisor's default:
 * unlimited on QEMU, so the post-copy phase runs at the host's own copy rate where the simulation knows one, at
 * {@link #bandwidthBytesPerSec} otherwise). Hypervisors without post-copy (Xen) ignore it.
 *
 * @param bandwidthBytesPerSec         the rate available to the migration stream (the pre-copy cap), in bytes per
 *                                     second, &gt; 0
 * @param rtt                          the round-trip time between source and target; a post-copy page fault costs
 *                                     one
 * @param compressionRatio             bytes on the wire per byte of memory, in (0, 1]; 1 means no compression
 * @param postcopyBandwidthBytesPerSec the cap of the post-copy phase, bytes per second, &gt;= 0; 0: none asked for
 *                                     (unlimited, the hypervisor's default)
 */
public record LinkSpec(double bandwidthBytesPerSec, Duration rtt, double compressionRatio,
        double postcopyBandwidthBytesPerSec) {

    /** A link whose post-copy phase has no cap of its own (QEMU's default {@code max-postcopy-bandwidth} 0). */
    public LinkSpec(double bandwidthBytesPerSec, Duration rtt, double compressionRatio) {
        this(bandwidthBytesPerSec, rtt, compressionRatio, 0);
    }

    public LinkSpec {
        Require.positive(bandwidthBytesPerSec, "bandwidthBytesPerSec");
        Require.nonNegative(rtt, "rtt");
        if (!(compressionRatio > 0 && compressionRatio <= 1)) {
            throw new IllegalArgumentException(
                    "compressionRatio = " + compressionRatio + ": must be in (0, 1] (1 = no compression)");
        }
        if (!(postcopyBandwidthBytesPerSec >= 0) || Double.isInfinite(postcopyBandwidthBytesPerSec)) {
            throw new IllegalArgumentException("postcopyBandwidthBytesPerSec = " + postcopyBandwidthBytesPerSec
                    + ": must be a finite number >= 0 (0 = no post-copy cap of its own)");
        }
    }

    /** @return whether the post-copy phase has a cap of its own */
    public boolean postcopyCapped() {
        return postcopyBandwidthBytesPerSec > 0;
    }

    /** @return this link with another post-copy cap, bytes per second (0: none) */
    public LinkSpec withPostcopyBandwidth(double bytesPerSec) {
        return new LinkSpec(bandwidthBytesPerSec, rtt, compressionRatio, bytesPerSec);
    }

    /** @return the time to put {@code bytes} of memory on this link, compression applied, in seconds */
    public double secondsToSend(double bytes) {
        return bytes * compressionRatio / bandwidthBytesPerSec;
    }
}
