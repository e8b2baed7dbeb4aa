package io.ferry.cluster.kafka;

import io.ferry.kafka.support.KafkaClients;
import io.ferry.kafka.support.KafkaConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Reading a whole topic (committed records only) and writing raw records, for the tests' checks. */
final class TopicRecords {

    private TopicRecords() {
    }

    /** @return every committed record of {@code topic}, up to its end now; bounded by 30 s */
    static List<ConsumerRecord<String, byte[]>> readAll(String bootstrap, String topic) {
        try (KafkaConsumer<String, byte[]> c = KafkaClients.consumer(KafkaConnection.plaintext(bootstrap),
                Map.of("isolation.level", "read_committed", "enable.auto.commit", false),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> tps = c.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            c.assign(tps);
            c.seekToBeginning(tps);
            Map<TopicPartition, Long> end = c.endOffsets(tps, Duration.ofSeconds(10));
            List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (tps.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading " + topic + " to " + end + " took over 30 s");
                }
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            return out;
        }
    }

    /** Writes raw values under {@code key}, flushed. */
    static void write(String bootstrap, String topic, String key, byte[]... values) {
        try (KafkaProducer<String, byte[]> p = KafkaClients.producer(KafkaConnection.plaintext(bootstrap),
                Map.of("acks", "all"), new StringSerializer(), new ByteArraySerializer())) {
            for (byte[] v : values) {
                p.send(new ProducerRecord<>(topic, key, v));
            }
            p.flush();
        }
    }

    /** @return every decision committed on {@code topic} */
    static List<Decision> decisions(String bootstrap, String topic) throws MessageException {
        List<Decision> out = new ArrayList<>();
        for (var r : readAll(bootstrap, topic)) {
            try {
                out.add(Messages.decodeDecision(r.value()));
            } catch (MessageException e) {
                // the tests' own malformed records
            }
        }
        return out;
    }

    /** @return every outcome on {@code topic} */
    static List<Outcome> outcomes(String bootstrap, String topic) {
        List<Outcome> out = new ArrayList<>();
        for (var r : readAll(bootstrap, topic)) {
            try {
                out.add(Messages.decodeOutcome(r.value()));
            } catch (MessageException e) {
                // the tests' own malformed records
            }
        }
        return out;
    }
}
