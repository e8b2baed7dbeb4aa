package io.ferry.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.ferry.api.model.HostId;
import io.ferry.api.model.PoolId;
import io.ferry.api.model.VmId;
import io.ferry.cluster.kafka.Decision;
import io.ferry.cluster.kafka.MessageException;
import io.ferry.cluster.kafka.Messages;
import io.ferry.cluster.kafka.Outcome;
import io.ferry.kafka.support.KafkaClients;
import io.ferry.kafka.support.KafkaConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What the cluster wrote, as a {@code read_committed} consumer reads it: every committed decision on
 * {@code migration-decisions} and every outcome on {@code migration-outcomes}, from the beginning to the end
 * offsets of the moment of the call. A class of its own, loaded only once {@code ferry-cluster-kafka} is installed
 * from the shell, so that the probe's dynamic imports of {@code io.ferry.cluster.kafka} find its bundle.
 *
 * @param decisions  committed decisions, in partition order
 * @param outcomes   outcomes, in partition order
 * @param unreadable records that did not decode (a malformed record on either topic)
 */
record ClusterTopics(List<Decision> decisions, List<Outcome> outcomes, int unreadable) {

    static final String DECISIONS = "migration-decisions";
    static final String OUTCOMES = "migration-outcomes";

    /** Reads both topics to their end offsets of now, within {@code timeout}. */
    static ClusterTopics read(String bootstrap, Duration timeout) {
        List<Decision> decisions = new ArrayList<>();
        List<Outcome> outcomes = new ArrayList<>();
        int unreadable = 0;
        try (KafkaConsumer<String, byte[]> consumer = KafkaClients.consumer(KafkaConnection.plaintext(bootstrap),
                Map.of("isolation.level", "read_committed", "enable.auto.commit", false),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(DECISIONS, OUTCOMES)) {
                for (PartitionInfo p : consumer.partitionsFor(topic, timeout)) {
                    partitions.add(new TopicPartition(topic, p.partition()));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!end.entrySet().stream().allMatch(e -> consumer.position(e.getKey(), timeout) >= e.getValue())) {
                if (System.nanoTime() > deadline) {
                    fail("timed out after " + timeout.toSeconds() + " s reading " + DECISIONS + " and " + OUTCOMES);
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    try {
                        if (r.topic().equals(DECISIONS)) {
                            decisions.add(Messages.decodeDecision(r.value()));
                        } else {
                            outcomes.add(Messages.decodeOutcome(r.value()));
                        }
                    } catch (MessageException e) {
                        unreadable++;
                    }
                }
            }
        }
        return new ClusterTopics(List.copyOf(decisions), List.copyOf(outcomes), unreadable);
    }

    /** @return the outcomes of this decision, in the order written */
    List<Outcome> outcomesOf(String decisionId) {
        return outcomes.stream().filter(o -> o.decisionId().equals(decisionId)).toList();
    }

    /** @return how many outcomes are COMPLETED */
    long completed() {
        return outcomes.stream().filter(o -> o.status() == Outcome.Status.COMPLETED).count();
    }

    /** @return whether every committed decision has its final outcome */
    boolean everyDecisionHasAFinalOutcome() {
        return decisions.stream().allMatch(d -> outcomesOf(d.id()).stream().anyMatch(o -> o.status().isFinal()));
    }

    /** @return whether a committed decision's id starts so */
    boolean hasDecisionStartingWith(String prefix) {
        return decisions.stream().anyMatch(d -> d.id().startsWith(prefix));
    }

    /** @return per VM, the host its last final outcome says it runs on */
    Map<VmId, HostId> lastFinalHosts() {
        Map<VmId, HostId> last = new HashMap<>();
        outcomes.stream().filter(o -> o.status().isFinal()).forEach(o -> last.put(o.vm(), o.finalHost()));
        return last;
    }

    /**
     * Every decision once on the topic, by {@code owner} for {@code pool}; each with at most one ACCEPTED and at most
     * one final outcome (executed at most once); no outcome without a committed decision.
     */
    void assertEachDecisionOnceWithOneFinalOutcomeAtMost(String owner, PoolId pool) {
        assertTrue("decisions on " + DECISIONS, !decisions.isEmpty());
        Map<String, Integer> seen = new HashMap<>();
        for (Decision d : decisions) {
            assertEquals(d.toString(), owner, d.owner());
            assertEquals(d.toString(), pool, d.pool());
            seen.merge(d.id(), 1, Integer::sum);
            List<Outcome> o = outcomesOf(d.id());
            assertTrue(d.id() + " accepted at most once: " + o,
                    o.stream().filter(x -> x.status() == Outcome.Status.ACCEPTED).count() <= 1);
            assertTrue(d.id() + " one final outcome at most: " + o,
                    o.stream().filter(x -> x.status().isFinal()).count() <= 1);
        }
        seen.forEach((id, n) -> assertEquals(id + " committed once", 1, (int) n));
        for (Outcome o : outcomes) {
            assertTrue("outcome of a committed decision: " + o, seen.containsKey(o.decisionId()));
        }
    }
}
