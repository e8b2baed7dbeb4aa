package io.ferry.benchmarks;

import io.ferry.api.MigrationPolicy;
import io.ferry.compare.ScenarioSuites;
import io.ferry.engine.EngineScenario;
import io.ferry.engine.LiveMigrationEngine;
import io.ferry.engine.SimulationResult;
import java.util.ArrayList;
import java.util.List;

/**
 * One pass of a named scenario suite under the three shipped policies, the work {@code ./ferry compare --suite NAME}
 * does before it formats anything: every scenario once per policy, one after the other on the calling thread, all
 * with the same seed, scenario-major like {@code io.ferry.compare.ComparisonRunner} (which also turns each result
 * into a report row; that and the formatting are not measured here).
 *
 * <p>Cost: the sum of the suite's simulations, each O(guest writes + pages sent); the {@code standard} suite is 21
 * simulations of 2 to 8 GiB VMs (see the module's README for measured times). Building a run only looks the suite
 * up and constructs the policies.
 */
final class SuiteRun {

    /** The seed the benchmarks and the cold run use unless told otherwise. */
    static final long DEFAULT_SEED = 42;

    private final List<EngineScenario> scenarios;
    private final List<MigrationPolicy> policies;
    private final LiveMigrationEngine engine;
    private final long seed;

    private SuiteRun(List<EngineScenario> scenarios, List<MigrationPolicy> policies, long seed) {
        this.scenarios = scenarios;
        this.policies = policies;
        this.engine = new LiveMigrationEngine();
        this.seed = seed;
    }

    /**
     * @param suite a name from {@link ScenarioSuites#names()}
     * @param seed  the seed every simulation of the run uses
     * @throws IllegalArgumentException when there is no suite of that name
     */
    static SuiteRun of(String suite, long seed) {
        List<EngineScenario> scenarios = ScenarioSuites.byName(suite).orElseThrow(() -> new IllegalArgumentException(
                "suite = " + suite + ": must be one of " + ScenarioSuites.names()));
        return new SuiteRun(scenarios, ShippedPolicies.all(), seed);
    }

    /** @return every simulation's result: per scenario, per policy, one per migration of the scenario */
    List<SimulationResult> run() {
        List<SimulationResult> results = new ArrayList<>();
        for (EngineScenario scenario : scenarios) {
            for (MigrationPolicy policy : policies) {
                results.addAll(engine.simulate(scenario, policy, seed));
            }
        }
        return results;
    }

    List<EngineScenario> scenarios() {
        return scenarios;
    }

    /** @return how many {@code simulate} calls one {@link #run()} makes */
    int simulations() {
        return scenarios.size() * policies.size();
    }
}
