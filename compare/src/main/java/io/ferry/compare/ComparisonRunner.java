package io.ferry.compare;

import io.ferry.api.MigrationPolicy;
import io.ferry.compare.internal.ResultRows;
import io.ferry.engine.EngineScenario;
import io.ferry.engine.LiveMigrationEngine;
import io.ferry.engine.SimulationResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Runs every policy on every scenario in the page-level engine, with one seed, so that all policies on a
 * scenario face the same guest writes, and gathers one {@link ResultRow} per pair. Runs are sequential,
 * scenario-major; the result depends only on the scenarios, the policies' configurations and the seed.
 *
 * <p>Cancellation: interrupting the calling thread stops the comparison before the next run (a run in progress
 * completes). Cost: the sum of the engine's runs, O(guest writes + pages sent) each; the {@code standard} suite
 * with three policies takes a few seconds. Thread-safe: holds no state between calls.
 *
 * <p>When not to use it: for data-centre metrics (energy, SLATAH, PDM), which need the data-centre engine, or
 * to compare policies on a real pool, where each migration happens once and cannot be replayed.
 */
public final class ComparisonRunner {

    private final LiveMigrationEngine engine;

    /** A runner on an engine with default settings. */
    public ComparisonRunner() {
        this(new LiveMigrationEngine());
    }

    /** @param engine the engine to run on */
    public ComparisonRunner(LiveMigrationEngine engine) {
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    /** Runs the comparison without reporting progress; see {@link #run(List, List, long, ComparisonListener)}. */
    public Comparison run(List<EngineScenario> scenarios, List<? extends MigrationPolicy> policies, long seed)
            throws InterruptedException {
        return run(scenarios, policies, seed, new ComparisonListener() {
        });
    }

    /**
     * @param scenarios the scenarios, at least one, with distinct names
     * @param policies  the policies, at least one, with distinct names
     * @param seed      the seed of every run
     * @param listener  hears each run start and finish
     * @return the rows, scenario-major
     * @throws InterruptedException     when the thread was interrupted; the interrupt status is cleared
     * @throws IllegalArgumentException when a list is empty or has duplicate names
     */
    public Comparison run(List<EngineScenario> scenarios, List<? extends MigrationPolicy> policies, long seed,
            ComparisonListener listener) throws InterruptedException {
        Objects.requireNonNull(listener, "listener");
        List<String> scenarioNames = distinctNames("scenarios", scenarios.stream().map(EngineScenario::name).toList());
        List<String> policyNames = distinctNames("policies", policies.stream().map(MigrationPolicy::name).toList());
        int total = scenarios.size() * policies.size();
        List<ResultRow> rows = new ArrayList<>(total);
        int index = 0;
        for (EngineScenario scenario : scenarios) {
            for (MigrationPolicy policy : policies) {
                if (Thread.interrupted()) {
                    throw new InterruptedException("comparison cancelled after " + index + " of " + total + " runs");
                }
                listener.onStart(index, total, scenario.name(), policy.name());
                List<SimulationResult> results = engine.simulate(scenario, policy, seed);
                ResultRow row = ResultRows.of(scenario, seed, results);
                rows.add(row);
                listener.onDone(index, total, row);
                index++;
            }
        }
        return new Comparison(seed, scenarioNames, policyNames, rows);
    }

    private static List<String> distinctNames(String what, List<String> names) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException(what + ": at least one is needed");
        }
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (!seen.add(name)) {
                throw new IllegalArgumentException(what + ": \"" + name + "\" appears twice; names must be distinct");
            }
        }
        return names;
    }
}
