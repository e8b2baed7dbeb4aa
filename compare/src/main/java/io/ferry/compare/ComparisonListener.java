package io.ferry.compare;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Hears a {@link ComparisonRunner}'s progress, for a progress line in a terminal or a shell. Called on the
 * runner's thread, once before and once after each run, in order; keep it quick.
 */
@ConsumerType
public interface ComparisonListener {

    /**
     * A run is about to start.
     *
     * @param index    the run's index, from 0
     * @param total    the number of runs
     * @param scenario the scenario's name
     * @param policy   the policy's name
     */
    default void onStart(int index, int total, String scenario, String policy) {
    }

    /**
     * A run finished.
     *
     * @param index the run's index, from 0
     * @param total the number of runs
     * @param row   its result
     */
    default void onDone(int index, int total, ResultRow row) {
    }
}
