package io.ferry.compare.internal;

import io.ferry.api.model.MigrationCost;
import io.ferry.api.model.MigrationMetrics;
import io.ferry.api.model.MigrationPlan;
import io.ferry.api.model.Technique;
import io.ferry.compare.ResultRow;
import io.ferry.engine.EngineScenario;
import io.ferry.engine.SimulationResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Folds the engine's per-migration results of one scenario and policy into one {@link ResultRow}: total time
 * is the group's makespan, downtime, degraded and stall times and rounds the worst, bytes, pages and faults the
 * sums, the SLA violated when any migration violated it. Cost: O(migrations).
 */
public final class ResultRows {

    private ResultRows() {
    }

    /**
     * @param scenario the scenario that ran
     * @param seed     the comparison's seed
     * @param results  the engine's results, one per concurrent migration, at least one
     */
    public static ResultRow of(EngineScenario scenario, long seed, List<SimulationResult> results) {
        if (results.isEmpty()) {
            throw new IllegalArgumentException("results: the engine returned no migration");
        }
        double firstStart = results.stream().mapToDouble(r -> r.run().start()).min().orElseThrow();
        double makespanMs = 0;
        double downtimeMs = 0;
        double degradedMs = 0;
        double stallMs = 0;
        long bytes = 0;
        long pagesSent = 0;
        long pagesResent = 0;
        long faults = 0;
        int rounds = 0;
        boolean violated = false;
        Set<Technique> techniques = EnumSet.noneOf(Technique.class);
        List<String> notes = new ArrayList<>();
        for (SimulationResult result : results) {
            MigrationMetrics m = result.run().metrics();
            double offsetMs = (result.run().start() - firstStart) * 1e3;
            makespanMs = Math.max(makespanMs, offsetMs + ms(m.totalTime()));
            downtimeMs = Math.max(downtimeMs, ms(m.downtime()));
            degradedMs = Math.max(degradedMs, ms(m.degradedTime()));
            stallMs = Math.max(stallMs, ms(m.faultStallTime()));
            bytes += m.bytesSent();
            pagesSent += m.pagesSent();
            pagesResent += m.pagesResent();
            faults += m.postcopyFaults();
            rounds = Math.max(rounds, m.rounds());
            violated |= m.slaViolated();
            techniques.add(result.run().technique());
            String prefix = results.size() == 1 ? "" : "migration " + result.migration() + ": ";
            result.run().notes().forEach(n -> notes.add(prefix + n));
        }
        String technique = techniques.stream().map(Technique::name).collect(Collectors.joining("+"));
        return new ResultRow(scenario.name(), results.get(0).policy(), technique, scenario.memoryBytes(),
                scenario.link().bandwidthBytesPerSec(), scenario.concurrentMigrations(),
                ms(scenario.downtimeBudget()), seed, makespanMs, downtimeMs, bytes, pagesSent, pagesResent, rounds,
                faults, degradedMs, stallMs, violated, prediction(results), notes);
    }

    /** @return the group's prediction, aggregated like the measurement; empty when any migration had no plan */
    private static Optional<ResultRow.Prediction> prediction(List<SimulationResult> results) {
        double total = 0;
        double downtime = 0;
        long bytes = 0;
        for (SimulationResult result : results) {
            Optional<MigrationPlan> plan = result.plan();
            if (plan.isEmpty()) {
                return Optional.empty();
            }
            MigrationCost cost = plan.get().predicted();
            total = Math.max(total, ms(cost.totalTime()));
            downtime = Math.max(downtime, ms(cost.downtime()));
            bytes += cost.bytesSent();
        }
        return Optional.of(new ResultRow.Prediction(total, downtime, bytes));
    }

    static double ms(Duration d) {
        return d.toNanos() / 1e6;
    }
}
