package io.ferry.api.model;

import java.time.Duration;

/**
 * What happened in the pre-copy round that just ended: the input to a policy's next decision.
 *
 * @param round                the number of the round that ended, from 1
 * @param elapsed              time since the migration started
 * @param roundDuration        how long the round took
 * @param pagesSent            pages sent in the round
 * @param pendingPages         pages not yet on the target in their current version (dirty or never sent)
 * @param dirtyPagesPerSecond  distinct pages dirtied during the round divided by its duration, or
 *                             {@code Double.NaN} where the hypervisor does not say
 * @param bandwidthBytesPerSec the transfer rate achieved in the round
 * @param bytesSentTotal       bytes on the wire since the migration started
 */
public record RoundReport(int round, Duration elapsed, Duration roundDuration, long pagesSent, long pendingPages,
        double dirtyPagesPerSecond, double bandwidthBytesPerSec, long bytesSentTotal) {

    public RoundReport {
        if (round < 1) {
            throw new IllegalArgumentException("round = " + round + ": rounds are numbered from 1");
        }
        Require.nonNegative(elapsed, "elapsed");
        Require.nonNegative(roundDuration, "roundDuration");
        Require.nonNegative(pagesSent, "pagesSent");
        Require.nonNegative(pendingPages, "pendingPages");
        if (!Double.isNaN(dirtyPagesPerSecond)) {
            Require.nonNegative(dirtyPagesPerSecond, "dirtyPagesPerSecond");
        }
        Require.nonNegative(bandwidthBytesPerSec, "bandwidthBytesPerSec");
        Require.nonNegative(bytesSentTotal, "bytesSentTotal");
    }
}
