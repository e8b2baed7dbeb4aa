package io.ferry.engine;

import io.ferry.api.model.MigrationMetrics;
import io.ferry.api.model.RoundReport;
import io.ferry.api.model.Technique;
import java.util.List;

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
 */
public record RunResult(Technique technique, MigrationMetrics metrics, List<RoundReport> rounds, List<String> notes,
        long pausedBytes, boolean cancelled, double start, double end) {
}
