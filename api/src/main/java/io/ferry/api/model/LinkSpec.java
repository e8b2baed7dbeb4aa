package io.ferry.api.model;

import java.time.Duration;

/**
 * The network path a migration uses.
 *
 * @param bandwidthBytesPerSec the rate available to the migration stream, in bytes per second, &gt; 0
 * @param rtt                  the round-trip time between source and target; a post-copy page fault costs one
 * @param compressionRatio     bytes on the wire per byte of memory, in (0, 1]; 1 means no compression
 */
public record LinkSpec(double bandwidthBytesPerSec, Duration rtt, double compressionRatio) {

    public LinkSpec {
        Require.positive(bandwidthBytesPerSec, "bandwidthBytesPerSec");
        Require.nonNegative(rtt, "rtt");
        if (!(compressionRatio > 0 && compressionRatio <= 1)) {
            throw new IllegalArgumentException(
                    "compressionRatio = " + compressionRatio + ": must be in (0, 1] (1 = no compression)");
        }
    }

    /** @return the time to put {@code bytes} of memory on this link, compression applied, in seconds */
    public double secondsToSend(double bytes) {
        return bytes * compressionRatio / bandwidthBytesPerSec;
    }
}
