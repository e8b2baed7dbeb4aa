package io.ferry.cluster.kafka;

import io.ferry.api.model.MigrationRequest;
import io.ferry.api.model.PoolId;
import java.time.Instant;
import java.util.Objects;

/**
 * A migration decided by the owner of a pool, as it travels on {@code migration-decisions}: the executor attached to
 * the pool's hypervisor runs it once.
 *
 * @param id         unique over the whole group: the controller's migration id, the owner instance and its
 *                   generation
 * @param pool       the pool
 * @param request    the migration as the owner's policy planned it (without the dirty-rate forecast)
 * @param agent      who decided ({@code operator} for an operator's request)
 * @param reason     the agent's one line
 * @param policy     the policy the owner planned with; the executor steers with its own instance of that name
 * @param owner      the instance id of the owner that decided
 * @param generation the owner's group generation (member epoch) when it decided
 * @param decidedAt  when the owner decided
 */
public record Decision(String id, PoolId pool, MigrationRequest request, String agent, String reason, String policy,
        String owner, int generation, Instant decidedAt) {
    public Decision {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(decidedAt, "decidedAt");
    }
}
