package io.ferry.kafka.support;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Why {@link KafkaClients} exists: in a fresh JVM (surefire forks one per test class in this module), a producer
 * built directly by a thread whose context loader cannot see Kafka fails. If this test starts failing, Kafka has
 * fixed KAFKA-3218 and the swap may go.
 */
class TheClassLoaderTrapTest {

    @Test
    void aProducerBuiltDirectlyUnderABlindContextLoaderFails() {
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        t.setContextClassLoader(new URLClassLoader(new URL[0], null));
        try {
            assertThatThrownBy(() -> new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", "127.0.0.1:9"),
                    new StringSerializer(), new StringSerializer()).close()).isInstanceOf(LinkageError.class);
        } finally {
            t.setContextClassLoader(before);
        }
    }
}
