package io.ferry.api.model;

import java.time.Duration;

/**
 * A snapshot of a migration in flight, for the shell's status view.
 *
 * @param fraction  progress from 0 to 1, as the hypervisor estimates it
 * @param phase     what the migration is doing
 * @param round     the current pre-copy round, 0 when not in pre-copy
 * @param elapsed   time since it started
 * @param bytesSent bytes on the wire so far
 */
public record MigrationProgress(double fraction, Phase phase, int round, Duration elapsed, long bytesSent) {

    /** What a migration in flight is doing. */
    public enum Phase {
        /** Accepted, not started. */
        QUEUED,
        /** Copying while the VM runs on the source. */
        PRE_COPY,
        /** The VM is paused. */
        STOP_AND_COPY,
        /** The VM runs on the target; pages are still arriving. */
        POST_COPY,
        /** Finished (see the outcome). */
        DONE
    }

    public MigrationProgress {
        Require.inRange(fraction, 0, 1, "fraction");
        Require.nonNull(phase, "phase");
        Require.nonNegative(round, "round");
        Require.nonNegative(elapsed, "elapsed");
        Require.nonNegative(bytesSent, "bytesSent");
    }
}
