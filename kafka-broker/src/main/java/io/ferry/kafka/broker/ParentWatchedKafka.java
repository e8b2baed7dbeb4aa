package io.ferry.kafka.broker;

import java.io.IOException;
import java.io.InputStream;

/**
 * The main class of a child broker that must not outlive the JVM that started it: a daemon thread reads standard
 * input, which the parent holds open as a pipe, and halts this JVM when it ends (the parent exited, however: a clean
 * exit, a crash, a SIGKILL, a test fork that the build tool kills before its shutdown hooks ran); then it runs
 * {@code kafka.Kafka} with the same arguments. A halted broker loses what it had not flushed, which only a temporary
 * test broker may; {@link ChildKafkaBroker} uses this class for the brokers whose directory it owns.
 *
 * <p>Cost: one thread blocked on a read.
 */
public final class ParentWatchedKafka {

    private ParentWatchedKafka() {
    }

    /** @param args {@code kafka.Kafka}'s: the server.properties file */
    public static void main(String[] args) throws Exception {
        Thread watch = new Thread(() -> {
            InputStream in = System.in;
            try {
                while (in.read() >= 0) {
                    // the parent writes nothing; anything read is ignored
                }
            } catch (IOException e) {
                // a broken pipe is the parent gone too
            }
            Runtime.getRuntime().halt(0);
        }, "ferry-parent-watch");
        watch.setDaemon(true);
        watch.start();
        Class.forName("kafka.Kafka").getMethod("main", String[].class).invoke(null, (Object) args);
    }
}
