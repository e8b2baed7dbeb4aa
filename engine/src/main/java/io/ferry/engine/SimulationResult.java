package io.ferry.engine;

import io.ferry.api.model.MigrationPlan;
import io.ferry.api.model.MigrationRequest;
import java.util.Optional;

/**
 * One migration of a scenario, run with one policy: the policy's prediction beside what the engine measured.
 *
 * @param scenario  the scenario's name
 * @param policy    the policy's name
 * @param migration the index of the migration within the scenario (0 unless migrations run concurrently)
 * @param seed      the seed the migration ran with
 * @param request   the request handed to the policy
 * @param plan      the policy's prediction, empty when the policy could not plan (see {@code run.notes()})
 * @param run       what the engine measured
 */
public record SimulationResult(String scenario, String policy, int migration, long seed, MigrationRequest request,
        Optional<MigrationPlan> plan, RunResult run) {
}
