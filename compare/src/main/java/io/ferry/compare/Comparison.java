package io.ferry.compare;

import java.util.List;
import java.util.Optional;

/**
 * The immutable outcome of a comparison: one {@link ResultRow} per scenario and policy, scenario-major in the
 * order they were given, all run with one seed.
 *
 * @param seed      the seed every run used
 * @param scenarios the scenarios' names, in order
 * @param policies  the policies' names, in order
 * @param rows      the rows, {@code scenarios.size() * policies.size()} of them
 */
public record Comparison(long seed, List<String> scenarios, List<String> policies, List<ResultRow> rows) {

    public Comparison {
        scenarios = List.copyOf(scenarios);
        policies = List.copyOf(policies);
        rows = List.copyOf(rows);
    }

    /** @return the row of this scenario and policy, if both were compared */
    public Optional<ResultRow> row(String scenario, String policy) {
        return rows.stream().filter(r -> r.scenario().equals(scenario) && r.policy().equals(policy)).findFirst();
    }
}
