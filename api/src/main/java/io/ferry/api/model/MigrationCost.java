package io.ferry.api.model;

import java.time.Duration;

/**
 * The cost of one migration, predicted or measured.
 *
 * @param totalTime from the start of the migration until every page is on the target
 * @param downtime  the time the VM ran nowhere
 * @param bytesSent bytes put on the wire
 */
public record MigrationCost(Duration totalTime, Duration downtime, long bytesSent) {

    public MigrationCost {
        Require.nonNegative(totalTime, "totalTime");
        Require.nonNegative(downtime, "downtime");
        Require.nonNegative(bytesSent, "bytesSent");
    }
}
