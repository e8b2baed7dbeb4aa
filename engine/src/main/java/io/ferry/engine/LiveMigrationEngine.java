package io.ferry.engine;

import io.ferry.api.MigrationPolicy;
import io.ferry.api.MigrationSteering;
import io.ferry.api.model.Capability;
import io.ferry.api.model.MigrationPlan;
import io.ferry.api.model.MigrationRequest;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Runs a {@link MigrationPolicy} on an {@link EngineScenario} in the page-level engine and reports the
 * policy's prediction beside the measured outcome. The engine offers every {@link Capability}: round control,
 * page order, post-copy and the switch.
 *
 * <p>Deterministic: migration {@code i} of a scenario runs with seed {@link #seedOf(long, int)}, so the same
 * scenario, policy and seed give identical results. Cost: O(guest writes + pages sent) per migration, about
 * 9 bytes of heap per page while it runs; see the benchmarks for measured times.
 */
public final class LiveMigrationEngine {

    /** Everything: the engine can do what any policy asks. */
    public static final Set<Capability> CAPABILITIES = Set.copyOf(EnumSet.allOf(Capability.class));

    private final EngineSettings settings;

    /** An engine with default settings. */
    public LiveMigrationEngine() {
        this(new EngineSettings());
    }

    public LiveMigrationEngine(EngineSettings settings) {
        this.settings = settings;
    }

    /**
     * Simulates the scenario's migrations (all starting together on the shared link) under {@code policy}.
     *
     * @return one result per migration of the scenario, in index order
     */
    public List<SimulationResult> simulate(EngineScenario scenario, MigrationPolicy policy, long seed) {
        SharedLinkSimulation sim = new SharedLinkSimulation(scenario.link().bandwidthBytesPerSec(), CAPABILITIES,
                settings);
        List<Optional<MigrationPlan>> plans = new ArrayList<>();
        List<String> planFailures = new ArrayList<>();
        for (int i = 0; i < scenario.concurrentMigrations(); i++) {
            MigrationRequest request = scenario.request(i);
            Optional<MigrationPlan> plan;
            String failure = null;
            try {
                plan = Optional.of(policy.plan(request));
            } catch (RuntimeException e) {
                plan = Optional.empty();
                failure = "policy could not plan: " + e;
            }
            plans.add(plan);
            planFailures.add(failure);
            MigrationSteering steering = policy.steer(request, CAPABILITIES);
            boolean pageLevel = policy.requiredCapabilities().contains(Capability.PAGE_ORDER)
                    || policy.optionalCapabilities().contains(Capability.PAGE_ORDER);
            sim.start(request, scenario.dirtying(), steering, seedOf(seed, i), pageLevel);
        }
        sim.runToCompletion();
        List<SimulationResult> results = new ArrayList<>();
        for (int i = 0; i < scenario.concurrentMigrations(); i++) {
            RunResult run = sim.result(i);
            if (planFailures.get(i) != null) {
                List<String> notes = new ArrayList<>(run.notes());
                notes.add(0, planFailures.get(i));
                run = new RunResult(run.technique(), run.metrics(), run.rounds(), notes, run.pausedBytes(), run.cancelled(),
                        run.start(),
                        run.end());
            }
            results.add(new SimulationResult(scenario.name(), policy.name(), i, seedOf(seed, i), scenario.request(i),
                    plans.get(i), run));
        }
        return results;
    }

    /**
     * @return the seed of migration {@code index} of a scenario run with {@code seed}: a SplitMix64 step, so
     *         neighbouring seeds give unrelated streams
     */
    public static long seedOf(long seed, int index) {
        long z = seed + 0x9E3779B97F4A7C15L * (index + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
