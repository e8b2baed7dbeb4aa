package io.ferry.telemetry.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.api.model.PoolId;
import io.ferry.kafka.broker.LocalKafkaBroker;
import io.ferry.kafka.support.KafkaClients;
import io.ferry.kafka.support.KafkaConnection;
import io.ferry.stream.PoolSample;
import io.ferry.stream.PoolSampleCodec;
import io.ferry.stream.SampleDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Telemetry through a real single-node broker started here: the controller's cycles in, decoded samples (with the
 * pool's hypervisor) out.
 */
class TelemetryRoundTripTest {

    private static LocalKafkaBroker broker;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() {
        broker = LocalKafkaBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    /** @return the records of {@code topic} from the start, until {@code count} or 60 s */
    private static List<ConsumerRecord<String, byte[]>> read(String topic, int count) {
        List<ConsumerRecord<String, byte[]>> got = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = KafkaClients.consumer(KafkaConnection.plaintext(
                broker.bootstrapServers()), Map.of("group.id", "t-" + System.nanoTime(), "auto.offset.reset",
                        "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (got.size() < count && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(500)).forEach(got::add);
            }
        }
        return got;
    }

    @Test
    void everyCycleOfTheSimulatedPoolArrivesAsASampleThatDecodesToWhatTheCycleRead() throws Exception {
        broker.createTopic("vm-metrics", 3, false);
        KafkaTelemetryComponent component = new KafkaTelemetryComponent(Configurations.of(Map.of(
                "bootstrapServers", broker.bootstrapServers(), "instanceId", "ferry-test")), null);
        try (SimulatedControllers sim = new SimulatedControllers(dir, "sim", 8, 40)) {
            component.adapters(List.of(sim.pool)); // as DS binds the pool's adapter service
            sim.controller.addTelemetryListener(component);
            for (int i = 0; i < 3; i++) {
                sim.controller.cycle(new PoolId("sim"));
            }

            List<ConsumerRecord<String, byte[]>> records = read("vm-metrics", 3);

            assertThat(records).hasSize(3).extracting(ConsumerRecord::key).containsOnly("sim");
            assertThat(sim.told).hasSize(3);
            for (int i = 0; i < 3; i++) {
                PoolSample s = PoolSampleCodec.decode(records.get(i).value());
                SimulatedControllers.Told t = sim.told.get(i);
                assertThat(s.sequence()).isEqualTo(i + 1);
                assertThat(s.source()).isEqualTo("ferry-test");
                assertThat(s.snapshot()).isEqualTo(t.snapshot());
                assertThat(s.windows()).isEqualTo(t.windows());
                assertThat(s.time()).isEqualTo(t.readAt());
                assertThat(s.hypervisor()).as("the pool's hypervisor").hasValueSatisfying(h -> {
                    assertThat(h.kind()).isEqualTo(sim.pool.kind());
                    assertThat(h.capabilities()).isEqualTo(sim.pool.capabilities());
                    assertThat(h.link()).isEqualTo(sim.pool.migrationLink());
                });
            }
            assertThat(sim.told.get(0).snapshot().vms()).hasSize(40);
            assertThat(sim.told.get(2).windows()).as("the threshold agent reads CPU windows").isNotEmpty();
            assertThat(sim.controller.problems()).isEmpty();
        } finally {
            component.deactivate();
        }
    }

    @Test
    void aConsumerDecodingWithSampleDecoderSkipsAndCountsMalformedAndFutureMessagesAndKeepsTheGoodOnes()
            throws Exception {
        broker.createTopic("vm-metrics-mixed", 1, false);
        byte[] good = PoolSampleCodec.encode(new PoolSample(new PoolId("p"), "x", 1, java.time.Instant.EPOCH,
                new io.ferry.api.model.ClusterSnapshot(new PoolId("p"), java.time.Instant.EPOCH, List.of(),
                        List.of()), List.of()));
        byte[] future = new String(good, StandardCharsets.UTF_8).replace("\"schemaVersion\":2",
                "\"schemaVersion\":3").getBytes(StandardCharsets.UTF_8);
        try (KafkaProducer<String, byte[]> p = KafkaClients.producer(KafkaConnection.plaintext(
                broker.bootstrapServers()), Map.of("acks", "all"), new StringSerializer(), new ByteArraySerializer())) {
            for (byte[] v : List.of(good, "{\"schemaVersion\":1,".getBytes(StandardCharsets.UTF_8), future, good)) {
                p.send(new ProducerRecord<>("vm-metrics-mixed", "p", v)).get(30, TimeUnit.SECONDS);
            }
        }
        SampleDecoder decoder = new SampleDecoder();

        List<PoolSample> samples = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : read("vm-metrics-mixed", 4)) {
            decoder.decode(r.value()).ifPresent(samples::add);
        }

        assertThat(samples).hasSize(2);
        assertThat(decoder.decoded()).isEqualTo(2);
        assertThat(decoder.malformed()).isEqualTo(1);
        assertThat(decoder.futureVersion()).isEqualTo(1);
    }
}
