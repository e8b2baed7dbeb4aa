package io.ferry.agent.dqn.stream;

import static io.ferry.agent.dqn.stream.Hand.H1;
import static io.ferry.agent.dqn.stream.Hand.H2;
import static io.ferry.agent.dqn.stream.Hand.H3;
import static io.ferry.agent.dqn.stream.Hand.POOL;
import static io.ferry.agent.dqn.stream.Hand.completed;
import static io.ferry.agent.dqn.stream.Hand.decision;
import static io.ferry.agent.dqn.stream.Hand.sample;
import static io.ferry.agent.dqn.stream.Hand.vm;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.agent.dqn.HostAction;
import io.ferry.agent.dqn.rl.ReplayBuffer;
import io.ferry.agent.dqn.rl.Transition;
import io.ferry.cluster.kafka.Decision;
import io.ferry.cluster.kafka.Messages;
import io.ferry.kafka.broker.ChildKafkaBroker;
import io.ferry.kafka.support.KafkaConnection;
import io.ferry.stream.PoolSample;
import io.ferry.stream.PoolSampleCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** One real broker (a child JVM): samples, transactional decisions, outcomes and garbage on the three topics. */
class StreamExperienceBrokerTest {

    @Test
    void transitionsOfTheDqnAgentsDecisionsOnTheTopicsReachTheBufferAndGarbageIsSkippedAndCounted()
            throws Exception {
        try (ChildKafkaBroker broker = ChildKafkaBroker.start()) {
            for (String t : new String[] {"vm-metrics", "migration-decisions", "migration-outcomes"}) {
                broker.createTopic(t, 2, false);
            }
            PoolSample s0 = sample(0, 0, vm("a", H1, 0.2), vm("b", H1, 0.2), vm("c", H3, 0.2));
            PoolSample s1 = sample(1, 10, vm("a", H2, 0.2), vm("b", H2, 0.2), vm("c", H3, 0.2));
            Decision da = decision("d-a@a-g1", "a", H1, H2, 1);
            Decision db = decision("d-b@a-g1", "b", H1, H2, 1);
            Decision other = decision("d-c@a-g1", "c", H3, H1, 1, "threshold");
            ReplayBuffer buffer = new ReplayBuffer(100);
            StreamExperience.Settings settings = StreamExperience.Settings
                    .defaults(KafkaConnection.plaintext(broker.bootstrapServers()), Set.of(POOL))
                    .fromBeginning(true);
            Map<String, Object> p = KafkaConnection.plaintext(broker.bootstrapServers()).clientProperties();
            KafkaProducer<String, byte[]> plain = new KafkaProducer<>(p, new StringSerializer(),
                    new ByteArraySerializer());
            p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "test-decisions");
            KafkaProducer<String, byte[]> tx = new KafkaProducer<>(p, new StringSerializer(),
                    new ByteArraySerializer());
            try (StreamExperience experience = new StreamExperience(settings, buffer)) {
                plain.send(new ProducerRecord<>("vm-metrics", POOL.value(), PoolSampleCodec.encode(s0))).get();
                plain.send(new ProducerRecord<>("vm-metrics", POOL.value(), "{not json".getBytes(
                        StandardCharsets.UTF_8))).get();
                plain.send(new ProducerRecord<>("migration-outcomes", POOL.value(), new byte[] {1, 2})).get();
                tx.initTransactions();
                tx.beginTransaction();
                tx.send(new ProducerRecord<>("migration-decisions", POOL.value(), Messages.encode(da)));
                tx.send(new ProducerRecord<>("migration-decisions", POOL.value(), Messages.encode(db)));
                tx.send(new ProducerRecord<>("migration-decisions", POOL.value(), Messages.encode(other)));
                tx.send(new ProducerRecord<>("migration-decisions", POOL.value(), "[]".getBytes(
                        StandardCharsets.UTF_8)));
                tx.commitTransaction();
                for (Decision d : new Decision[] {da, db, other}) {
                    plain.send(new ProducerRecord<>("migration-outcomes", POOL.value(),
                            Messages.encode(completed(d, 5)))).get();
                }
                plain.send(new ProducerRecord<>("vm-metrics", POOL.value(), PoolSampleCodec.encode(s1))).get();

                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while ((buffer.size() < 1 || experience.skipped() < 3) && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertThat(buffer.contents()).singleElement().satisfies(t -> {
                    assertThat(t.action()).isEqualTo(HostAction.EVACUATE.ordinal());
                    assertThat(t.terminal()).isTrue();
                    assertThat(t.reward()).isEqualTo(-2.0);
                });
                assertThat(experience.skipped()).isEqualTo(3);
                assertThat(experience.ignored()).isEqualTo(1);
                assertThat(experience.added()).isEqualTo(1);
                assertThat(experience.problem()).isEmpty();
            } finally {
                tx.close(Duration.ofSeconds(5));
                plain.close(Duration.ofSeconds(5));
            }
        }
    }

    @Test
    void closeStopsTheConsumerThreadEvenWhenNoTopicExists() throws Exception {
        try (ChildKafkaBroker broker = ChildKafkaBroker.start()) {
            StreamExperience e = new StreamExperience(StreamExperience.Settings
                    .defaults(KafkaConnection.plaintext(broker.bootstrapServers()), Set.of(POOL)),
                    new ReplayBuffer(10));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (e.problem().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(e.problem()).contains("does not exist");
            e.close();
            assertThat(e.running()).isFalse();
        }
    }

    @Test
    void aBrokerThatStopsAnsweringIsOneProblemLineAndTheThreadStillStopsOnClose() throws Exception {
        try (ChildKafkaBroker broker = ChildKafkaBroker.start()) {
            for (String t : new String[] {"vm-metrics", "migration-decisions", "migration-outcomes"}) {
                broker.createTopic(t, 1, false);
            }
            StreamExperience.Settings d = StreamExperience.Settings
                    .defaults(KafkaConnection.plaintext(broker.bootstrapServers()), Set.of(POOL));
            StreamExperience.Settings s = new StreamExperience.Settings(d.connection(), d.pools(), d.metricsTopic(),
                    d.decisionsTopic(), d.outcomesTopic(), d.agent(), d.reward(), d.sampleHistory(), d.maxPending(),
                    false, Duration.ofMillis(200), Duration.ofSeconds(1));
            java.util.List<Transition> taken = new java.util.concurrent.CopyOnWriteArrayList<>();
            StreamExperience e = new StreamExperience(s, taken::add);
            try {
                // assigned and idle: no record for a lookup timeout, the broker answers, no problem
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                Thread.sleep(2500);
                assertThat(e.problem()).isEmpty();
                broker.kill();
                while (!e.problem().contains("unreachable") && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertThat(e.problem()).startsWith("kafka: broker " + broker.bootstrapServers() + " unreachable since ")
                        .endsWith("; no experience is added until it is back").doesNotContain("\n");
                assertThat(taken).isEmpty();
            } finally {
                e.close();
            }
            assertThat(e.running()).isFalse();
        }
    }
}
