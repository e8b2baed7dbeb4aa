package io.ferry.api;

import io.ferry.api.model.Capability;
import io.ferry.api.model.MigrationPlan;
import io.ferry.api.model.MigrationRequest;
import java.util.Set;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * <em>How</em> one VM's memory moves: a strategy such as pre-copy, post-copy or hybrid.
 *
 * <p>A policy does two things. {@link #plan} predicts the cost of a migration without running it (the only
 * role it has on a hypervisor that migrates by its own rules, such as XenServer). {@link #steer} starts the
 * per-migration decision maker that a round-controllable engine consults after every round.
 *
 * <p>Implementations are stateless services shared by every pool and every concurrent migration: all
 * per-migration state lives in the {@link MigrationSteering} that {@link #steer} returns, so a migration in
 * flight keeps the steering it started with even if the policy's bundle is stopped or replaced. Register
 * with the service property {@value #NAME_PROPERTY} equal to {@link #name()}.
 */
@ConsumerType
public interface MigrationPolicy {

    /** The service property that names a policy. */
    String NAME_PROPERTY = "policy.name";

    /** @return the policy's name, unique among installed policies, as operators type it */
    String name();

    /**
     * @return the capabilities the policy cannot work without; selecting it for a pool whose adapter lacks
     *         one of them is refused
     */
    Set<Capability> requiredCapabilities();

    /** @return capabilities the policy uses when offered and does without otherwise */
    default Set<Capability> optionalCapabilities() {
        return Set.of();
    }

    /**
     * Predicts how the policy would move the VM and what it would cost, without running anything.
     *
     * @param request the migration
     * @return the plan; never null
     * @throws IllegalArgumentException when the request is outside what the policy can handle
     */
    MigrationPlan plan(MigrationRequest request);

    /**
     * Starts the decisions for one migration.
     *
     * @param request   the migration
     * @param available the capabilities of the engine that will run it (a superset of the required ones)
     * @return a fresh steering object used for this migration only
     */
    MigrationSteering steer(MigrationRequest request, Set<Capability> available);
}
