package io.ferry.benchmarks;

import io.ferry.api.MigrationPolicy;
import java.util.List;
import java.util.Map;

/**
 * The three policies Ferry ships, built as the command line builds them outside OSGi: found by name through their
 * factories ({@link Plugins}), every attribute at its default, no predictor bound to the hybrid policy.
 *
 * <p>Cost: one construction converts an empty map to the policy's configuration (microseconds). A policy holds no
 * per-migration state, so one instance serves every simulation of a benchmark.
 */
final class ShippedPolicies {

    /** The policies' names, in the order the suite runs them. */
    static final List<String> NAMES = List.of("precopy", "postcopy", "hybrid");

    private ShippedPolicies() {
    }

    /**
     * @param name one of {@link #NAMES}
     * @return a new instance of that policy with its default configuration
     * @throws IllegalArgumentException for any other name
     */
    static MigrationPolicy byName(String name) {
        return switch (name) {
            case "precopy", "postcopy", "hybrid" -> Plugins.policy(name, Map.of());
            default -> throw new IllegalArgumentException("policy = " + name + ": must be one of " + NAMES);
        };
    }

    /** @return a new instance of each shipped policy, in the order of {@link #NAMES} */
    static List<MigrationPolicy> all() {
        return NAMES.stream().map(ShippedPolicies::byName).toList();
    }
}
