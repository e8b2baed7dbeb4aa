package io.ferry.kafka.broker;

import java.nio.file.Path;

/**
 * One real single-node Apache Kafka broker (KRaft: broker and controller in one node, plaintext on loopback) that
 * a test, a benchmark or the local demo started and must close. Two variants: {@link LocalKafkaBroker} in this JVM
 * and {@link ChildKafkaBroker} in a child JVM (which can also be killed and restarted on the same log directory and
 * port).
 *
 * <p>Every wait is bounded: a start, a topic creation or a shutdown that does not finish in time fails with a
 * {@link BrokerException} that says which step and after how long.
 */
public interface KafkaBroker extends AutoCloseable {

    /** @return the {@code bootstrap.servers} value a client connects with, e.g. {@code 127.0.0.1:40123} */
    default String bootstrapServers() {
        return BrokerFiles.LOOPBACK + ":" + port();
    }

    /** @return the port of the plaintext listener, fixed for the broker's life (restarts included) */
    int port();

    /** @return the broker's log directory (deleted by {@link #close()} when the broker created it) */
    Path logDir();

    /**
     * Creates a topic with replication factor 1 and waits until every partition has a leader.
     *
     * @param name       the topic
     * @param partitions its partition count, &gt; 0
     * @param compacted  {@code cleanup.policy=compact} (a table keyed by record key) rather than delete
     * @throws BrokerException when the topic exists already or is not ready within the broker's timeout
     */
    void createTopic(String name, int partitions, boolean compacted);

    /** Stops the broker (bounded) and deletes the log directory it created. Idempotent. */
    @Override
    void close();
}
