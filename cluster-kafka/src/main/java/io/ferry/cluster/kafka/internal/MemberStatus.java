package io.ferry.cluster.kafka.internal;

import io.ferry.api.model.PoolId;
import io.ferry.controller.StatusSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The deciding member in {@code migration:status}, through the controller's status whiteboard: one line with its
 * group, generation and the pools it owns ({@code cluster: member a of group ferry-controllers, generation 4, owns
 * [east, west]}), and its own problem (e.g. {@code cluster member a: kafka: broker 127.0.0.1:9092 unreachable since
 * …}) — shown even when the member owns no pool, so that no owned pool's status carries it.
 *
 * <p>Cost: reads three of the member's volatile fields and copies its owned set per status call; nothing per cycle.
 */
final class MemberStatus implements StatusSource {

    private final String instanceId;
    private final String groupId;
    private final IntSupplier generation;
    private final Supplier<Set<PoolId>> owned;
    private final Supplier<Optional<String>> problem;

    MemberStatus(String instanceId, String groupId, IntSupplier generation, Supplier<Set<PoolId>> owned,
            Supplier<Optional<String>> problem) {
        this.instanceId = Objects.requireNonNull(instanceId, "instanceId");
        this.groupId = Objects.requireNonNull(groupId, "groupId");
        this.generation = Objects.requireNonNull(generation, "generation");
        this.owned = Objects.requireNonNull(owned, "owned");
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    @Override
    public List<String> status() {
        int g = generation.getAsInt();
        Set<PoolId> pools = owned.get();
        return List.of("cluster: member " + instanceId + " of group " + groupId + ", "
                + (g < 0 ? "not assigned yet" : "generation " + g) + ", "
                + (pools.isEmpty() ? "owns no pool" : "owns " + pools));
    }

    @Override
    public List<String> problems() {
        return problem.get().map(p -> "cluster member " + instanceId + ": " + p).stream().toList();
    }
}
