package io.ferry.kafka.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.kafka.broker.LocalKafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class KafkaClientsRoundTripTest {

    @Test
    void anLz4IdempotentProducerAndAConsumerBuiltHereExchangeARecordThroughARealBroker() throws Exception {
        try (LocalKafkaBroker broker = LocalKafkaBroker.start()) {
            broker.createTopic("vm-metrics", 2, false);
            KafkaConnection c = KafkaConnection.plaintext(broker.bootstrapServers());
            try (KafkaProducer<String, String> p = KafkaClients.producer(c, Map.of("acks", "all",
                    "enable.idempotence", true, "compression.type", "lz4"), new StringSerializer(),
                    new StringSerializer())) {
                p.send(new ProducerRecord<>("vm-metrics", "sim", "{}")).get(30, TimeUnit.SECONDS);
            }
            List<String> got = new ArrayList<>();
            try (KafkaConsumer<String, String> k = KafkaClients.consumer(c, Map.of("group.id", "t",
                    "auto.offset.reset", "earliest"), new StringDeserializer(), new StringDeserializer())) {
                k.subscribe(List.of("vm-metrics"));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (got.isEmpty() && System.nanoTime() < deadline) {
                    k.poll(Duration.ofMillis(500)).forEach(r -> got.add(r.key() + "=" + r.value()));
                }
            }
            assertThat(got).containsExactly("sim={}");
        }
    }
}
