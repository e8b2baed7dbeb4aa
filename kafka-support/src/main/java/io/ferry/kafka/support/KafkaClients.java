package io.ferry.kafka.support;

import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Builds Kafka producers, consumers and admin clients with the calling thread's context class loader set to the
 * one that loaded Kafka, and restores it afterwards.
 *
 * <p>Why: {@code ProducerConfig}/{@code ConsumerConfig} initialise once, statically, and load classes by name
 * (the default {@code metric.reporters}, the OAuth retriever) through the thread context class loader. In OSGi a
 * DS component activated from the Karaf shell runs with the shell's loader, which cannot see Kafka's classes; the
 * construction fails with {@code NoClassDefFoundError} and every later one fails the same way until the Kafka
 * bundle is refreshed (KAFKA-3218; Karaf Decanter's appender does the same swap). Outside OSGi the swap is
 * harmless.
 *
 * <p>Cost: two {@link Thread#setContextClassLoader} calls around the construction; the client itself as Kafka
 * builds it (threads, buffers, a metadata fetch on first use). The caller owns and closes the client.
 */
public final class KafkaClients {

    private KafkaClients() {
    }

    /**
     * @param connection how to reach the cluster
     * @param settings   producer settings on top of the connection's ({@code acks}, {@code compression.type}...)
     * @return a new producer
     */
    public static <K, V> KafkaProducer<K, V> producer(KafkaConnection connection, Map<String, Object> settings,
            Serializer<K> keys, Serializer<V> values) {
        Map<String, Object> p = merged(connection, settings);
        return underKafkaLoader(() -> new KafkaProducer<>(p, keys, values));
    }

    /**
     * @param connection how to reach the cluster
     * @param settings   consumer settings on top of the connection's ({@code group.id}...)
     * @return a new consumer
     */
    public static <K, V> KafkaConsumer<K, V> consumer(KafkaConnection connection, Map<String, Object> settings,
            Deserializer<K> keys, Deserializer<V> values) {
        Map<String, Object> p = merged(connection, settings);
        return underKafkaLoader(() -> new KafkaConsumer<>(p, keys, values));
    }

    /** @return a new admin client */
    public static Admin admin(KafkaConnection connection, Map<String, Object> settings) {
        Map<String, Object> p = merged(connection, settings);
        return underKafkaLoader(() -> Admin.create(p));
    }

    /**
     * Runs {@code action} with the thread context class loader set to Kafka's and restores the previous loader,
     * whatever {@code action} does. For any other Kafka construction that loads classes by name.
     */
    public static <T> T underKafkaLoader(Supplier<T> action) {
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(kafkaLoader());
        try {
            return action.get();
        } finally {
            t.setContextClassLoader(previous);
        }
    }

    /** @return the class loader that loaded kafka-clients (in Karaf: the wrapped bundle's) */
    public static ClassLoader kafkaLoader() {
        return KafkaProducer.class.getClassLoader();
    }

    private static Map<String, Object> merged(KafkaConnection connection, Map<String, Object> settings) {
        Map<String, Object> p = connection.clientProperties();
        p.putAll(settings);
        return p;
    }
}
