package io.ferry.kafka.broker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;

/**
 * The broker of {@code ./ferry run --kafka}: starts a {@link ChildKafkaBroker} on a kept directory (formatted on
 * first use, then the same port and data on every start), creates the cluster's four topics when they are missing,
 * writes the child's process id to {@code DIR/broker.pid}, prints {@code bootstrap HOST:PORT} and {@code pid N} and
 * exits, leaving the broker running: the caller stops it by that process id (the child does not die with its
 * parent). Failover in the demo is bounded by the group session: the broker is configured with 6 s sessions and
 * 1 s heartbeats (Kafka's defaults are 45 s and 5 s) and cleans up timed-out transactions every second.
 *
 * <p>Usage: {@code java -cp <kafka-broker.jar:classpath.txt> io.ferry.kafka.broker.DemoBroker DIR [PARTITIONS]}.
 * Exit status 0 when the broker answers and the topics exist, 1 with one line on stderr otherwise, 2 on a usage
 * error. Cost: the broker's child JVM start (5–7 s, ≈ 400 MB RSS) plus at most a few seconds for topics; every
 * wait is bounded (60 s per start attempt, 30 s per topic).
 */
public final class DemoBroker {

    /** The topics' partition count unless given: one per demo pool, so that two instances own two pools each. */
    public static final int DEFAULT_PARTITIONS = 4;

    /** The cluster's topics (cluster-kafka's defaults) and whether each is compacted. */
    static final Map<String, Boolean> TOPICS = topics();

    private DemoBroker() {
    }

    private static Map<String, Boolean> topics() {
        Map<String, Boolean> m = new LinkedHashMap<>();
        m.put("vm-metrics", false);
        m.put("migration-decisions", false);
        m.put("migration-outcomes", false);
        m.put("pool-state", true);
        return java.util.Collections.unmodifiableMap(m);
    }

    /** The broker properties that make the demo's failover take seconds rather than a minute. */
    static BrokerOptions options() {
        return BrokerOptions.defaults()
                .with("group.consumer.min.session.timeout.ms", "2000")
                .with("group.consumer.session.timeout.ms", "6000")
                .with("group.consumer.min.heartbeat.interval.ms", "500")
                .with("group.consumer.heartbeat.interval.ms", "1000")
                .with("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000");
    }

    /** @return the topics of {@link #TOPICS} that are not in {@code existing}, in that order */
    static List<String> missing(Set<String> existing) {
        return TOPICS.keySet().stream().filter(t -> !existing.contains(t)).toList();
    }

    /**
     * @return the partition count given as the optional second argument, or {@link #DEFAULT_PARTITIONS}
     * @throws IllegalArgumentException with the one line to print when the arguments are wrong
     */
    static int partitions(String[] args) {
        if (args.length < 1 || args.length > 2 || args[0].isBlank()) {
            throw new IllegalArgumentException("usage: DemoBroker DIR [PARTITIONS]");
        }
        if (args.length == 1) {
            return DEFAULT_PARTITIONS;
        }
        try {
            int p = Integer.parseInt(args[1].trim());
            if (p < 1 || p > 1000) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("PARTITIONS = " + args[1] + ": must be a whole number from 1 to 1000");
        }
    }

    public static void main(String[] args) {
        int partitions;
        try {
            partitions = partitions(args);
        } catch (IllegalArgumentException e) {
            System.err.println("kafka: " + e.getMessage());
            System.exit(2);
            return;
        }
        Path dir = Path.of(args[0]).toAbsolutePath();
        try {
            ChildKafkaBroker broker = ChildKafkaBroker.start(options(), System.getProperty("java.class.path"), dir,
                    false);
            createMissing(broker, partitions);
            Files.writeString(dir.resolve("broker.pid"), broker.pid() + "\n", StandardCharsets.UTF_8);
            System.out.println("bootstrap " + broker.bootstrapServers());
            System.out.println("pid " + broker.pid());
            System.exit(0);
        } catch (BrokerException | IOException | java.io.UncheckedIOException e) {
            System.err.println("kafka: the local broker in " + dir + " did not start: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void createMissing(ChildKafkaBroker broker, int partitions) {
        Duration timeout = BrokerOptions.DEFAULT_OP_TIMEOUT;
        Set<String> existing;
        try (Admin admin = Topics.admin(broker.bootstrapServers(), timeout)) {
            existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new BrokerException("cannot list the topics of " + broker.bootstrapServers() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerException("interrupted while listing topics", e);
        }
        for (String t : missing(existing)) {
            broker.createTopic(t, partitions, TOPICS.get(t));
        }
    }
}
