package io.ferry.compare;

import io.ferry.api.model.MigrationCost;
import io.ferry.api.model.MigrationMetrics;
import io.ferry.api.model.Technique;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Folds the migrations of one scenario and policy that ran together into one {@link ResultRow}, the way every
 * comparison reports them: total time is the group's makespan; downtime, degraded and stall times and rounds the
 * worst; bytes, pages and faults the sums; the SLA violated when any migration violated it (or did not finish);
 * the prediction aggregated alike. The engine's rows and the real testbed's rows are folded by this one class, so
 * that the two sides of a fidelity row mean the same. Cost: O(1) per migration. Not thread-safe.
 */
public final class RowAggregate {

    private double endMs;
    private double downtimeMs;
    private double degradedMs;
    private double stallMs;
    private long bytes;
    private long pagesSent;
    private long pagesResent;
    private long faults;
    private int rounds;
    private boolean violated;
    private final Set<Technique> techniques = EnumSet.noneOf(Technique.class);
    private double predictedTotalMs;
    private double predictedDowntimeMs;
    private long predictedBytes;
    private boolean everyPrediction = true;
    private int migrations;

    /**
     * Adds a migration that finished.
     *
     * @param offsetMs  when it started, after the group's first start
     * @param metrics   what it measured
     * @param technique how it ended
     * @param predicted its policy's prediction, if it had one
     * @return this
     */
    public RowAggregate add(double offsetMs, MigrationMetrics metrics, Technique technique,
            Optional<MigrationCost> predicted) {
        endMs = Math.max(endMs, offsetMs + ms(metrics.totalTime()));
        downtimeMs = Math.max(downtimeMs, ms(metrics.downtime()));
        degradedMs = Math.max(degradedMs, ms(metrics.degradedTime()));
        stallMs = Math.max(stallMs, ms(metrics.faultStallTime()));
        bytes += metrics.bytesSent();
        pagesSent += metrics.pagesSent();
        pagesResent += metrics.pagesResent();
        faults += metrics.postcopyFaults();
        rounds = Math.max(rounds, metrics.rounds());
        violated |= metrics.slaViolated();
        return counted(technique, predicted);
    }

    /**
     * Adds a migration that did not finish (cancelled or failed): the time until it ended and what it sent
     * meanwhile; it counts as an SLA violation.
     *
     * @return this
     */
    public RowAggregate addUnfinished(double offsetMs, Duration elapsed, long bytesSent, int roundsRun,
            Technique technique, Optional<MigrationCost> predicted) {
        endMs = Math.max(endMs, offsetMs + ms(elapsed));
        bytes += bytesSent;
        rounds = Math.max(rounds, roundsRun);
        violated = true;
        return counted(technique, predicted);
    }

    private RowAggregate counted(Technique technique, Optional<MigrationCost> predicted) {
        techniques.add(technique);
        migrations++;
        if (predicted.isPresent()) {
            MigrationCost c = predicted.get();
            predictedTotalMs = Math.max(predictedTotalMs, ms(c.totalTime()));
            predictedDowntimeMs = Math.max(predictedDowntimeMs, ms(c.downtime()));
            predictedBytes += c.bytesSent();
        } else {
            everyPrediction = false;
        }
        return this;
    }

    /**
     * @param scenario             the scenario's name
     * @param policy               the policy's name
     * @param memoryBytes          one VM's memory
     * @param bandwidthBytesPerSec the link
     * @param concurrent           migrations that shared it
     * @param downtimeBudgetMs     the SLA budget
     * @param seed                 the seed (1 for real runs)
     * @param notes                notes for the row
     * @return the row of every migration added; the prediction is present only when every migration had one
     * @throws IllegalStateException when no migration was added
     */
    public ResultRow row(String scenario, String policy, long memoryBytes, double bandwidthBytesPerSec,
            int concurrent, double downtimeBudgetMs, long seed, List<String> notes) {
        if (migrations == 0) {
            throw new IllegalStateException("no migration to report for " + scenario + " / " + policy);
        }
        String technique = techniques.stream().map(Technique::name).collect(Collectors.joining("+"));
        Optional<ResultRow.Prediction> prediction = everyPrediction
                ? Optional.of(new ResultRow.Prediction(predictedTotalMs, predictedDowntimeMs, predictedBytes))
                : Optional.empty();
        return new ResultRow(scenario, policy, technique, memoryBytes, bandwidthBytesPerSec, concurrent,
                downtimeBudgetMs, seed, endMs, downtimeMs, bytes, pagesSent, pagesResent, rounds, faults, degradedMs,
                stallMs, violated, prediction, notes);
    }

    private static double ms(Duration d) {
        return d.toNanos() / 1e6;
    }
}
