package io.ferry.cluster.kafka.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ferry.api.model.PoolId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class MemberStatusTest {

    private final AtomicInteger generation = new AtomicInteger(-1);
    private final Set<PoolId> owned = new TreeSet<>();
    private final AtomicReference<Optional<String>> problem = new AtomicReference<>(Optional.empty());
    private final MemberStatus status = new MemberStatus("b", "ferry-controllers", generation::get,
            () -> new TreeSet<>(owned), problem::get);

    @Test
    void statusBeforeTheFirstAssignmentThenSaysSoAndNoProblem() {
        assertEquals(List.of("cluster: member b of group ferry-controllers, not assigned yet, owns no pool"),
                status.status());
        assertEquals(List.of(), status.problems());
    }

    @Test
    void statusWhenAssignedThenTheGenerationAndTheOwnedPools() {
        generation.set(4);
        assertEquals(List.of("cluster: member b of group ferry-controllers, generation 4, owns no pool"),
                status.status());
        owned.add(new PoolId("west"));
        owned.add(new PoolId("east"));
        assertEquals(List.of("cluster: member b of group ferry-controllers, generation 4, owns [east, west]"),
                status.status());
    }

    @Test
    void problemsWhenTheBrokerIsUnreachableThenOneLineNamingTheInstanceEvenWithoutPools() {
        generation.set(2);
        problem.set(Optional.of("kafka: broker 127.0.0.1:9 unreachable since 20:00:00Z; pools owned through the "
                + "group decide nothing until it is back"));
        assertEquals(List.of("cluster member b: kafka: broker 127.0.0.1:9 unreachable since 20:00:00Z; pools owned "
                + "through the group decide nothing until it is back"), status.problems());
        assertEquals(List.of("cluster: member b of group ferry-controllers, generation 2, owns no pool"),
                status.status());
        problem.set(Optional.empty());
        assertEquals(List.of(), status.problems());
    }
}
