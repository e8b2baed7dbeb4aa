package io.ferry.itests;

import io.ferry.kafka.broker.BrokerOptions;
import io.ferry.kafka.broker.ChildKafkaBroker;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The real Kafka brokers of the integration tests, child JVMs of the test driver (which runs the
 * {@code @Configuration} methods; the tests run in Karaf's): each started on first use, killed and its directory
 * deleted when the driver exits (at once: failsafe gives an exiting fork 5 s). Only the driver loads this class, so
 * the container never needs the broker's jars.
 *
 * <ul>
 * <li>{@link #bootstrapServers()}: the telemetry test's broker, with topic {@code vm-metrics}.</li>
 * <li>{@link #clusterBroker()}: the cluster test's own broker (short group sessions, like the {@code cluster-kafka}
 * module's tests), so that killing it never touches another test's, plus a control port on the loopback interface:
 * the test in the container writes {@code kill} or {@code restart} on one connection and reads {@code ok} (or
 * {@code error: ...}) when it is done.</li>
 * <li>{@link #dedicated}: a broker of its own per name for a test that kills it by process id (the stream test).</li>
 * </ul>
 */
final class DriverKafka {

    private static ChildKafkaBroker broker;
    private static final java.util.Map<String, ChildKafkaBroker> dedicated = new java.util.HashMap<>();
    private static ChildKafkaBroker cluster;
    private static int clusterControlPort;

    private DriverKafka() {
    }

    /** @return the bootstrap servers of the driver's broker, started on first use */
    static synchronized String bootstrapServers() {
        if (broker == null) {
            ChildKafkaBroker b = ChildKafkaBroker.start();
            stopAtExit(b);
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

    /** @return {@code host:port} of the cluster test's broker and, after a space, its control port */
    static synchronized String clusterBroker() {
        if (cluster == null) {
            ChildKafkaBroker b = ChildKafkaBroker.start(BrokerOptions.defaults()
                    .with("group.consumer.min.session.timeout.ms", "1000")
                    .with("group.consumer.session.timeout.ms", "3000")
                    .with("group.consumer.min.heartbeat.interval.ms", "500")
                    .with("group.consumer.heartbeat.interval.ms", "500")
                    .with("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000"),
                    System.getProperty("java.class.path"));
            stopAtExit(b);
            clusterControlPort = control(b);
            cluster = b;
        }
        return cluster.bootstrapServers() + " " + clusterControlPort;
    }

    private static void stopAtExit(ChildKafkaBroker b) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            b.kill();
            b.close();
        }, "itest-kafka-stop"));
    }

    /** Serves {@code kill} and {@code restart}, one command per connection, on a daemon thread. */
    private static int control(ChildKafkaBroker b) {
        ServerSocket server;
        try {
            server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the broker's control port", e);
        }
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept();
                        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                                StandardCharsets.UTF_8));
                        PrintWriter out = new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8)) {
                    String command = in.readLine();
                    try {
                        if ("kill".equals(command)) {
                            b.kill();
                            out.println("ok");
                        } else if ("restart".equals(command)) {
                            b.restart();
                            out.println("ok");
                        } else {
                            out.println("error: unknown command " + command);
                        }
                    } catch (RuntimeException e) {
                        out.println("error: " + e);
                    }
                } catch (IOException e) {
                    // one failed connection; serve the next
                }
            }
        }, "itest-kafka-control");
        t.setDaemon(true);
        t.start();
        return server.getLocalPort();
    }
}
