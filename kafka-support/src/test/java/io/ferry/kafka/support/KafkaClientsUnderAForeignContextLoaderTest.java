package io.ferry.kafka.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The class-loader trap outside OSGi: a thread whose context loader cannot see Kafka (the Karaf shell's, in
 * production) builds Kafka's first producer, consumer and admin client of this JVM (surefire runs every test class
 * in a fresh JVM in this module). Without the swap, the first {@code ProducerConfig} initialisation fails for good.
 */
class KafkaClientsUnderAForeignContextLoaderTest {

    @Test
    void clientsAreBuiltUnderABlindContextLoaderAndThatLoaderIsRestored() throws Exception {
        ClassLoader blind = new URLClassLoader(new URL[0], null);
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        t.setContextClassLoader(blind);
        KafkaConnection c = KafkaConnection.plaintext("127.0.0.1:9");
        try (KafkaProducer<String, String> p = KafkaClients.producer(c, Map.of(), new StringSerializer(),
                new StringSerializer());
                KafkaConsumer<String, String> k = KafkaClients.consumer(c, Map.of("group.id", "g"),
                        new StringDeserializer(), new StringDeserializer());
                Admin a = KafkaClients.admin(c, Map.of())) {
            assertThat(t.getContextClassLoader()).isSameAs(blind);
        } finally {
            t.setContextClassLoader(before);
        }
    }

    @Test
    void theLoaderIsRestoredWhenTheConstructionThrows() {
        ClassLoader blind = new URLClassLoader(new URL[0], null);
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        t.setContextClassLoader(blind);
        try {
            KafkaClients.underKafkaLoader(() -> {
                assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(KafkaClients.kafkaLoader());
                throw new IllegalStateException("boom");
            });
        } catch (IllegalStateException expected) {
            assertThat(t.getContextClassLoader()).isSameAs(blind);
        } finally {
            t.setContextClassLoader(before);
        }
    }
}
