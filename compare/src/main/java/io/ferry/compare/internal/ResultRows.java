package io.ferry.compare.internal;

import io.ferry.api.model.MigrationPlan;
import io.ferry.compare.ResultRow;
import io.ferry.compare.RowAggregate;
import io.ferry.engine.EngineScenario;
import io.ferry.engine.SimulationResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Folds the engine's per-migration results of one scenario and policy into one {@link ResultRow} with
 * {@link RowAggregate} (the makespan, the worst pause, the sums; see there). Cost: O(migrations).
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
        RowAggregate group = new RowAggregate();
        List<String> notes = new ArrayList<>();
        for (SimulationResult result : results) {
            group.add((result.run().start() - firstStart) * 1e3, result.run().metrics(), result.run().technique(),
                    result.plan().map(MigrationPlan::predicted));
            String prefix = results.size() == 1 ? "" : "migration " + result.migration() + ": ";
            result.run().notes().forEach(n -> notes.add(prefix + n));
        }
        return group.row(scenario.name(), results.get(0).policy(), scenario.memoryBytes(),
                scenario.link().bandwidthBytesPerSec(), scenario.concurrentMigrations(),
                ms(scenario.downtimeBudget()), seed, notes);
    }

    static double ms(Duration d) {
        return d.toNanos() / 1e6;
    }
}
