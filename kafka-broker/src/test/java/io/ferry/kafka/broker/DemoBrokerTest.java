package io.ferry.kafka.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DemoBrokerTest {

    @Test
    void missingWhenSomeTopicsExistThenOnlyTheOthersInOrder() {
        assertEquals(List.of("vm-metrics", "migration-decisions", "migration-outcomes", "pool-state"),
                DemoBroker.missing(Set.of()));
        assertEquals(List.of("migration-outcomes"),
                DemoBroker.missing(Set.of("vm-metrics", "migration-decisions", "pool-state", "other")));
    }

    @Test
    void onlyTheGuardStateTopicIsCompacted() {
        assertEquals(List.of("pool-state"),
                DemoBroker.TOPICS.entrySet().stream().filter(e -> e.getValue()).map(e -> e.getKey()).toList());
    }

    @Test
    void partitionsWhenOmittedThenOnePerDemoPool() {
        assertEquals(4, DemoBroker.partitions(new String[] {"dir"}));
        assertEquals(12, DemoBroker.partitions(new String[] {"dir", "12"}));
    }

    @Test
    void partitionsWhenNotAPositiveNumberThenOneLine() {
        assertEquals("PARTITIONS = 0: must be a whole number from 1 to 1000",
                assertThrows(IllegalArgumentException.class, () -> DemoBroker.partitions(new String[] {"d", "0"}))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> DemoBroker.partitions(new String[] {"d", "x"}));
        assertThrows(IllegalArgumentException.class, () -> DemoBroker.partitions(new String[] {}));
    }

    @Test
    void optionsShortenTheGroupSessionBelowKafkasDefault() {
        assertEquals("6000", DemoBroker.options().overrides().get("group.consumer.session.timeout.ms"));
        assertEquals("2000", DemoBroker.options().overrides().get("group.consumer.min.session.timeout.ms"));
    }
}
