package io.ferry.controller;

import io.ferry.guard.GuardState;
import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Where a pool's guard state lives when the pool can change controller: a {@link io.ferry.api.HypervisorAdapter}
 * that also implements this interface (a pool decided from a shared stream, such as {@code cluster-kafka}'s) has
 * its guard seeded from {@link #load()} when the controller attaches it, and is handed the guard's state after every
 * control cycle of that pool, so that a new owner starts with the cooldowns, back-offs, moves in flight and hold
 * times of the old one. An adapter that does not implement it gets a fresh guard, as before.
 *
 * <p>The controller calls {@link #save} on the pool's cycle thread after each cycle, whether or not the state
 * changed (the call marks the end of a cycle, so an implementation can publish the cycle's decisions and the state
 * together); an implementation must not block there. Cost to the controller: one {@link io.ferry.guard.Guard#export()}
 * per cycle, O(entries).
 *
 * @since 2.2
 */
@ConsumerType
public interface GuardStateStore {

    /**
     * The service property that marks a {@link io.ferry.api.HypervisorAdapter} service as shared through a cluster
     * of controllers ({@code true}): this instance executes the decisions the pool's owner makes for it and runs no
     * control cycle of its own for it (the Karaf controller does not bind such an adapter).
     */
    String SHARED_PROPERTY = "ferry.cluster.shared";

    /** @return the guard state to start the pool's guard with; empty for a fresh guard */
    Optional<GuardState> load();

    /** @param state the pool's guard state at the end of a control cycle */
    void save(GuardState state);
}
