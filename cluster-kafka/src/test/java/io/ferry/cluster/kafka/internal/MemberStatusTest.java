package io.ferry.cluster.kafka.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class MemberStatusTest {

    @Test
    void problemsWhenTheMemberHasNoneThenNoLine() {
        assertEquals(List.of(), new MemberStatus("a", Optional::empty).problems());
    }

    @Test
    void problemsWhenTheBrokerIsUnreachableThenOneLineNamingTheInstance() {
        AtomicReference<Optional<String>> problem = new AtomicReference<>(Optional.empty());
        MemberStatus status = new MemberStatus("b", problem::get);
        problem.set(Optional.of("kafka: broker 127.0.0.1:9 unreachable since 20:00:00Z; pools owned through the "
                + "group decide nothing until it is back"));
        assertEquals(List.of("cluster member b: kafka: broker 127.0.0.1:9 unreachable since 20:00:00Z; pools owned "
                + "through the group decide nothing until it is back"), status.problems());
        problem.set(Optional.empty());
        assertEquals(List.of(), status.problems());
    }
}
