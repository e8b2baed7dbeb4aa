package io.ferry.engine;

import io.ferry.api.model.MigrationMetrics;
import io.ferry.api.model.RoundReport;
import io.ferry.api.model.Technique;
import java.util.List;
import java.util.Optional;

/**
 * What one finished migration produced in the engine.
 *
 * @param technique what was executed
 * @param metrics   the measured cost
 * @param rounds    one report per pre-copy round
 * @param notes     engine remarks (policy failures, limits, refused requests)
 * @param pausedBytes bytes sent while the VM was paused (stop-and-copy, or the post-copy switch)
 * @param cancelled whether it was cancelled while the VM still ran on its source (which it then still does)
 * @param start     simulated start time, seconds
 * @param end       simulated end time, seconds
 * @param fallback  present when the policy's steering threw or answered nothing and the engine finished by its
 *                  fallback (stop-and-copy): the note saying when and why; the metrics are then the fallback's
 * @since 1.2 ({@code fallback})
 */
public record RunResult(Technique technique, MigrationMetrics metrics, List<RoundReport> rounds, List<String> notes,
        long pausedBytes, boolean cancelled, double start, double end, Optional<String> fallback) {

    /** A run the policy steered to its end (no fallback). */
    public RunResult(Technique technique, MigrationMetrics metrics, List<RoundReport> rounds, List<String> notes,
            long pausedBytes, boolean cancelled, double start, double end) {
        this(technique, metrics, rounds, notes, pausedBytes, cancelled, start, end, Optional.empty());
    }

    public RunResult {
        java.util.Objects.requireNonNull(fallback, "fallback");
    }
}
