package io.ferry.agent.dqn.stream;

import io.ferry.agent.dqn.DqnAgent;
import io.ferry.agent.dqn.RewardWeights;
import io.ferry.agent.dqn.rl.ReplayBuffer;
import io.ferry.agent.dqn.rl.Transition;
import io.ferry.api.model.PoolId;
import io.ferry.cluster.kafka.Decision;
import io.ferry.cluster.kafka.MessageException;
import io.ferry.cluster.kafka.Messages;
import io.ferry.cluster.kafka.Outcome;
import io.ferry.kafka.support.KafkaClients;
import io.ferry.kafka.support.KafkaConnection;
import io.ferry.stream.PoolSample;
import io.ferry.stream.PoolSampleCodec;
import io.ferry.stream.UnreadableSampleException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills a {@link ReplayBuffer} — normally a {@link DqnAgent#replayBuffer()}, which the agent's online fine-tuning
 * samples — with the experience the cluster's {@code dqn} agents leave on Kafka: it reads {@code vm-metrics},
 * {@code migration-decisions} ({@code read_committed}: an aborted transaction's decisions never ran) and
 * {@code migration-outcomes}, keeps the records of the configured pools and hands them to a
 * {@link TransitionBuilder}, whose javadoc says what each transition's state, action and reward are and which of them
 * are inferred. It joins no consumer group and commits nothing (it assigns itself every partition of the three
 * topics, so it never takes a pool from a controller), and starts at each partition's beginning or end.
 *
 * <p>A record that does not decode (malformed, future schema) is skipped with one WARN line naming topic, partition
 * and offset and counted ({@link #skipped()}); consuming goes on. Every wait is bounded: a poll by
 * {@code pollTimeout}, the topic lookup by {@code lookupTimeout} (a missing topic is retried every poll timeout and
 * shown by {@link #problem()}), {@link #close()} by the poll timeout plus {@value #CLOSE_SECONDS} s. A broker that
 * stops answering is noticed by one metadata request after a lookup timeout without records, and shown by
 * {@link #problem()} ({@code kafka: broker ... unreachable since ...}) until it answers again. One daemon thread of
 * its own, started by the constructor.
 *
 * <p>Cost: it reads every record of the three topics (those of other pools are decoded to find their pool, then
 * dropped): O(hosts + VMs) per sample record, and two feature encodings per finished cycle. Memory: the builder's
 * {@code sampleHistory} samples per pool plus at most {@code maxPending} decisions.
 */
public final class StreamExperience implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamExperience.class);

    /** Seconds {@link #close()} waits for the consumer to close after its last poll. */
    public static final int CLOSE_SECONDS = 5;

    /**
     * @param connection     the Kafka cluster
     * @param pools          the pools whose experience counts, not empty
     * @param metricsTopic   samples, default {@code vm-metrics}
     * @param decisionsTopic decisions, default {@code migration-decisions}
     * @param outcomesTopic  outcomes, default {@code migration-outcomes}
     * @param agent          the agent whose decisions count, default {@value DqnAgent#NAME}
     * @param reward         the reward weights; the agent's own {@code Settings.reward()} to match its learning
     * @param sampleHistory  samples kept per pool (default {@value #DEFAULT_SAMPLE_HISTORY}: a decision without its
     *                       outcome after that many samples is dropped)
     * @param maxPending     decisions that may wait for their outcome, default {@value #DEFAULT_MAX_PENDING}
     * @param fromBeginning  whether to read the topics from their beginning (history) or only what comes next
     * @param pollTimeout    the longest one poll waits, default 500 ms
     * @param lookupTimeout  the longest the topic lookup waits, default 5 s
     */
    public record Settings(KafkaConnection connection, Set<PoolId> pools, String metricsTopic,
            String decisionsTopic, String outcomesTopic, String agent, RewardWeights reward, int sampleHistory,
            int maxPending, boolean fromBeginning, Duration pollTimeout, Duration lookupTimeout) {

        public static final int DEFAULT_SAMPLE_HISTORY = 64;
        public static final int DEFAULT_MAX_PENDING = 10_000;

        public Settings {
            Objects.requireNonNull(connection, "connection");
            pools = Set.copyOf(Objects.requireNonNull(pools, "pools"));
            if (pools.isEmpty()) {
                throw new IllegalArgumentException("pools is empty: name the pools whose experience counts");
            }
            Objects.requireNonNull(metricsTopic, "metricsTopic");
            Objects.requireNonNull(decisionsTopic, "decisionsTopic");
            Objects.requireNonNull(outcomesTopic, "outcomesTopic");
            Objects.requireNonNull(agent, "agent");
            Objects.requireNonNull(reward, "reward");
            if (sampleHistory < 2) {
                throw new IllegalArgumentException("sampleHistory = " + sampleHistory + ": must be >= 2");
            }
            if (maxPending < 1) {
                throw new IllegalArgumentException("maxPending = " + maxPending + ": must be >= 1");
            }
            if (pollTimeout.isNegative() || pollTimeout.isZero() || lookupTimeout.isNegative()
                    || lookupTimeout.isZero()) {
                throw new IllegalArgumentException("pollTimeout and lookupTimeout must be > 0");
            }
        }

        /** @return the defaults for these pools: the cluster's topic names, agent {@code dqn}, from now on */
        public static Settings defaults(KafkaConnection connection, Set<PoolId> pools) {
            return new Settings(connection, pools, "vm-metrics", "migration-decisions", "migration-outcomes",
                    DqnAgent.NAME, RewardWeights.DEFAULTS, DEFAULT_SAMPLE_HISTORY, DEFAULT_MAX_PENDING, false,
                    Duration.ofMillis(500), Duration.ofSeconds(5));
        }

        /** @return these settings reading from the topics' beginning (or not) */
        public Settings fromBeginning(boolean b) {
            return new Settings(connection, pools, metricsTopic, decisionsTopic, outcomesTopic, agent, reward,
                    sampleHistory, maxPending, b, pollTimeout, lookupTimeout);
        }

        /** @return these settings with other reward weights */
        public Settings withReward(RewardWeights w) {
            return new Settings(connection, pools, metricsTopic, decisionsTopic, outcomesTopic, agent, w,
                    sampleHistory, maxPending, fromBeginning, pollTimeout, lookupTimeout);
        }
    }

    private final Settings settings;
    private final Consumer<Transition> sink;
    private final TransitionBuilder builder;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong added = new AtomicLong();
    private volatile boolean running = true;
    private volatile String problem = "";
    /** When the broker was first found unreachable, on the consumer thread; null while it answers. */
    private Instant unreachableSince;

    /**
     * Starts consuming on its own thread.
     *
     * @param settings the settings
     * @param buffer   where the transitions go
     */
    public StreamExperience(Settings settings, ReplayBuffer buffer) {
        this(settings, Objects.requireNonNull(buffer, "buffer")::add);
    }

    /**
     * Starts consuming on its own thread, handing each transition to {@code sink} on that thread (in Karaf: the
     * running agent's {@code ExperienceSink}). A transition the sink refuses ({@link RuntimeException}) is counted
     * in {@link #skipped()} with one WARN line, and consuming goes on.
     *
     * <p>The consumer is built under Kafka's own context class loader ({@link KafkaClients}), so that a DS component
     * activated from the Karaf shell can call this.
     *
     * @param settings the settings
     * @param sink     where the transitions go; must not block
     * @throws org.apache.kafka.common.KafkaException when Kafka refuses the connection's settings (e.g. no
     *                                                resolvable bootstrap server)
     */
    public StreamExperience(Settings settings, Consumer<Transition> sink) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.builder = new TransitionBuilder(settings.agent(), settings.reward(), settings.sampleHistory(),
                settings.maxPending());
        Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "ferry-dqn-stream");
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) settings.lookupTimeout().toMillis());
        this.consumer = KafkaClients.consumer(settings.connection(), p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        this.thread = new Thread(this::run, "ferry-dqn-stream");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            boolean assigned = false;
            long lastHeard = System.nanoTime();
            while (running) {
                if (!assigned) {
                    assigned = assign();
                    if (!assigned) {
                        Thread.sleep(settings.pollTimeout().toMillis());
                        continue;
                    }
                }
                try {
                    ConsumerRecords<byte[], byte[]> records = consumer.poll(settings.pollTimeout());
                    for (ConsumerRecord<byte[], byte[]> r : records) {
                        handle(r);
                    }
                    long now = System.nanoTime();
                    if (!records.isEmpty()) {
                        lastHeard = now;
                        reachable();
                    } else if (now - lastHeard >= settings.lookupTimeout().toNanos()) {
                        lastHeard = now; // ask at most once per lookup timeout
                        checkReachable();
                    }
                } catch (WakeupException e) {
                    throw e;
                } catch (KafkaException e) {
                    problem = "kafka: " + e.getMessage();
                    LOG.warn("dqn-stream: {}", problem);
                    Thread.sleep(settings.pollTimeout().toMillis());
                }
            }
        } catch (WakeupException | InterruptedException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(CLOSE_SECONDS));
        }
    }

    /**
     * A poll does not fail when the broker is gone (the client retries in the background): when nothing came for a
     * lookup timeout, one metadata request tells an idle topic from a broker that does not answer.
     */
    private void checkReachable() {
        try {
            consumer.listTopics(settings.lookupTimeout());
            reachable();
        } catch (TimeoutException e) {
            if (unreachableSince == null) {
                unreachableSince = Instant.now();
                LOG.warn("dqn-stream: broker {} unreachable; no experience is added until it is back",
                        settings.connection().bootstrapServers());
            }
            problem = "kafka: broker " + settings.connection().bootstrapServers() + " unreachable since "
                    + unreachableSince.truncatedTo(ChronoUnit.SECONDS) + "; no experience is added until it is back";
        }
    }

    private void reachable() {
        problem = "";
        if (unreachableSince != null) {
            unreachableSince = null;
            LOG.info("dqn-stream: broker {} reachable again", settings.connection().bootstrapServers());
        }
    }

    private boolean assign() {
        List<TopicPartition> parts = new ArrayList<>();
        for (String t : List.of(settings.metricsTopic(), settings.decisionsTopic(), settings.outcomesTopic())) {
            List<PartitionInfo> info;
            try {
                info = consumer.partitionsFor(t, settings.lookupTimeout());
            } catch (WakeupException e) {
                throw e;
            } catch (KafkaException e) {
                problem = "kafka: cannot look up topic " + t + ": " + e.getMessage();
                return false;
            }
            if (info == null || info.isEmpty()) {
                problem = "kafka: topic " + t + " does not exist (yet); retrying";
                return false;
            }
            info.forEach(i -> parts.add(new TopicPartition(i.topic(), i.partition())));
        }
        consumer.assign(parts);
        if (settings.fromBeginning()) {
            consumer.seekToBeginning(parts);
        } else {
            consumer.seekToEnd(parts);
        }
        problem = "";
        return true;
    }

    private void handle(ConsumerRecord<byte[], byte[]> r) {
        List<Transition> ts;
        try {
            if (r.value() == null) {
                throw new MessageException("empty record");
            }
            if (r.topic().equals(settings.metricsTopic())) {
                PoolSample s = PoolSampleCodec.decode(r.value());
                if (!settings.pools().contains(s.pool())) {
                    return;
                }
                synchronized (builder) {
                    ts = builder.sample(s);
                }
            } else if (r.topic().equals(settings.decisionsTopic())) {
                Decision d = Messages.decodeDecision(r.value());
                if (!settings.pools().contains(d.pool())) {
                    return;
                }
                synchronized (builder) {
                    ts = builder.decision(d);
                }
            } else {
                Outcome o = Messages.decodeOutcome(r.value());
                if (!settings.pools().contains(o.pool())) {
                    return;
                }
                synchronized (builder) {
                    ts = builder.outcome(o);
                }
            }
        } catch (MessageException | UnreadableSampleException | RuntimeException e) {
            skipped.incrementAndGet();
            LOG.warn("dqn-stream: skipped {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
            return;
        }
        for (Transition t : ts) {
            try {
                sink.accept(t);
            } catch (RuntimeException e) {
                skipped.incrementAndGet();
                LOG.warn("dqn-stream: the agent refused the transition completed by {}-{}@{}: {}", r.topic(),
                        r.partition(), r.offset(), e.getMessage());
                continue;
            }
            added.incrementAndGet();
        }
    }

    /** @return records skipped because they did not decode, and transitions the sink refused */
    public long skipped() {
        return skipped.get();
    }

    /** @return transitions this instance handed to the buffer (or sink) that took them */
    public long added() {
        return added.get();
    }

    /** @return decisions of other agents seen in the configured pools */
    public long ignored() {
        synchronized (builder) {
            return builder.ignored();
        }
    }

    /** @return decisions dropped without a transition: no outcome in time, or their sample was gone */
    public long expired() {
        synchronized (builder) {
            return builder.expired();
        }
    }

    /** @return decisions waiting for their outcome or for the sample after it */
    public int pending() {
        synchronized (builder) {
            return builder.pending();
        }
    }

    /** @return one line when the topics cannot be read (a missing topic, an unreachable broker), else empty */
    public String problem() {
        return problem;
    }

    /** @return whether its thread still runs */
    public boolean running() {
        return thread.isAlive();
    }

    /**
     * Stops the thread and closes the consumer; waits at most the poll timeout plus {@value #CLOSE_SECONDS} s.
     * Idempotent.
     */
    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(settings.pollTimeout().toMillis() + settings.lookupTimeout().toMillis()
                    + CLOSE_SECONDS * 1000L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("dqn-stream: consumer thread did not stop within the close timeout");
        }
    }

    @Override
    public String toString() {
        return "StreamExperience[" + settings.pools() + ", " + added() + " added, " + skipped() + " skipped]";
    }
}
