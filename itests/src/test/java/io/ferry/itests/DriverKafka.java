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
    private static final java.util.Map<String, ChildKafkaBroker> dedicated = new java.util.HashMap<>();

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

    /**
     * A broker of its own for a test that kills it (the shared one must live for the other tests), started on first
     * use of {@code name} (the driver may run a {@code @Configuration} method more than once) with these topics of
     * one partition each, killed and its directory deleted when the driver exits.
     *
     * @return the broker; the test passes its {@link ChildKafkaBroker#pid()} into the container to kill it there
     */
    static synchronized ChildKafkaBroker dedicated(String name, String... topics) {
        ChildKafkaBroker running = dedicated.get(name);
        if (running != null) {
            return running;
        }
        ChildKafkaBroker b = ChildKafkaBroker.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            b.kill();
            b.close();
        }, "itest-kafka-stop-dedicated"));
        for (String t : topics) {
            b.createTopic(t, 1, false);
        }
        dedicated.put(name, b);
        return b;
    }

    /** @return the bootstrap servers of {@link #dedicated} broker {@code name}, started on first use */
    static String dedicatedBootstrapServers(String name, String... topics) {
        return dedicated(name, topics).bootstrapServers();
    }

    /** @return the process id of {@link #dedicated} broker {@code name}, started on first use */
    static long dedicatedPid(String name, String... topics) {
        return dedicated(name, topics).pid();
    }
}
