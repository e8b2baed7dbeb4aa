package io.ferry.cluster.kafka;

import io.ferry.api.model.PoolId;
import io.ferry.guard.GuardState;
import java.time.Instant;
import java.util.Objects;

/**
 * A pool's guard state as its owner last committed it, on the compacted {@code pool-state} topic keyed by pool: what
 * the next owner restores.
 *
 * @param pool       the pool
 * @param owner      the owner's instance id
 * @param generation the owner's generation
 * @param at         when the owner saved it
 * @param guard      the guard's state
 */
public record PoolState(PoolId pool, String owner, int generation, Instant at, GuardState guard) {
    public PoolState {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(guard, "guard");
    }
}
