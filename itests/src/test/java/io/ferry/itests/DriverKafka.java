package io.ferry.itests;

import io.ferry.kafka.broker.ChildKafkaBroker;

/**
 * The real Kafka broker of the integration tests, a child JVM of the test driver (which runs the
 * {@code @Configuration} methods; the tests run in Karaf's): started once with topic {@code vm-metrics}, killed and
 * its directory deleted when the driver exits (at once: failsafe gives an exiting fork 5 s). Only the driver loads
 * this class, so the container never needs the broker's jars.
 */
final class DriverKafka {

    private static ChildKafkaBroker broker;

    private DriverKafka() {
    }

    /** @return the bootstrap servers of the driver's broker, started on first use */
    static synchronized String bootstrapServers() {
        if (broker == null) {
            ChildKafkaBroker b = ChildKafkaBroker.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                b.kill();
                b.close();
            }, "itest-kafka-stop"));
            b.createTopic("vm-metrics", 3, false);
            broker = b;
        }
        return broker.bootstrapServers();
    }
}
