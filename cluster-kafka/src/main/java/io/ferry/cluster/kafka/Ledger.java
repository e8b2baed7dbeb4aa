package io.ferry.cluster.kafka;

import io.ferry.api.model.PoolId;
import io.ferry.api.model.VmId;
import io.ferry.kafka.support.KafkaClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the group has decided and what the executors did, read from the beginning of {@code migration-decisions},
 * {@code migration-outcomes} and {@code pool-state} ({@code read_committed}, no consumer group) on its own thread:
 * the newest committed guard state per pool, the decisions still without a final outcome, the last final outcome
 * per VM, and how far it has read each partition (so that a new owner knows when it has seen everything committed
 * before it took the pool). Every outcome is also handed to a listener (the member completes its handles).
 *
 * <p>Cost: one consumer and thread; memory O(pools + VMs + decisions ever made, as ids) — the set of decided ids
 * grows with the topics' retention. A malformed or future-version record is skipped and counted.
 */
final class Ledger implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Ledger.class);

    private final ClusterSettings settings;
    private final Consumer<Outcome> outcomes;
    private final Map<PoolId, PoolState> states = new HashMap<>();
    private final Map<String, Decision> pending = new HashMap<>();
    private final Set<String> finished = new HashSet<>();
    private final Map<PoolId, Map<VmId, Outcome>> lastOutcome = new HashMap<>();
    private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
    private final AtomicLong skipped = new AtomicLong();
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile List<TopicPartition> partitions = List.of();

    Ledger(ClusterSettings settings, Consumer<Outcome> outcomes) {
        this.settings = settings;
        this.outcomes = outcomes;
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, settings.groupId() + "-" + settings.instanceId() + "-ledger");
        this.consumer = KafkaClients.consumer(settings.connection(), c, new StringDeserializer(),
                new ByteArrayDeserializer());
        this.thread = new Thread(this::run, "ferry-cluster-ledger-" + settings.instanceId());
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        try {
            List<TopicPartition> tps = new ArrayList<>();
            for (String topic : List.of(settings.stateTopic(), settings.decisionsTopic(), settings.outcomesTopic())) {
                List<PartitionInfo> infos = null;
                while (running && (infos == null || infos.isEmpty())) {
                    try {
                        infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
                    } catch (org.apache.kafka.common.errors.TimeoutException e) {
                        LOG.debug("ledger: partitions of {} not known yet: {}", topic, e.toString());
                    }
                }
                if (infos != null) {
                    infos.forEach(i -> tps.add(new TopicPartition(i.topic(), i.partition())));
                }
            }
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            partitions = List.copyOf(tps);
            while (running) {
                var records = consumer.poll(settings.pollTimeout());
                for (ConsumerRecord<String, byte[]> r : records) {
                    read(r);
                }
                for (TopicPartition tp : tps) {
                    try {
                        positions.put(tp, consumer.position(tp, Duration.ofMillis(100)));
                    } catch (org.apache.kafka.common.errors.TimeoutException e) {
                        // not known yet; the next poll tries again
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("ledger of {} stopped: {}", settings.instanceId(), e.toString(), e);
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void read(ConsumerRecord<String, byte[]> r) {
        try {
            if (r.topic().equals(settings.stateTopic())) {
                if (r.value() == null) {
                    return; // a tombstone: the pool's state was deleted
                }
                PoolState s = Messages.decodePoolState(r.value());
                synchronized (this) {
                    states.put(s.pool(), s);
                }
            } else if (r.topic().equals(settings.decisionsTopic())) {
                Decision d = Messages.decodeDecision(r.value());
                synchronized (this) {
                    if (!finished.contains(d.id())) {
                        pending.put(d.id(), d);
                    }
                }
            } else {
                Outcome o = Messages.decodeOutcome(r.value());
                if (o.status().isFinal()) {
                    synchronized (this) {
                        finished.add(o.decisionId());
                        pending.remove(o.decisionId());
                        lastOutcome.computeIfAbsent(o.pool(), p -> new HashMap<>()).put(o.vm(), o);
                    }
                }
                outcomes.accept(o);
            }
        } catch (MessageException e) {
            skipped.incrementAndGet();
            LOG.warn("skipped a record at {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
        }
    }

    /** @return whether every partition has been read at least to {@code targets} */
    boolean caughtUp(Map<TopicPartition, Long> targets) {
        for (var e : targets.entrySet()) {
            Long p = positions.get(e.getKey());
            if (p == null || p < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** @return the partitions read, once known (empty before) */
    List<TopicPartition> partitions() {
        return partitions;
    }

    /** @return the newest committed state of {@code pool} */
    synchronized Optional<PoolState> state(PoolId pool) {
        return Optional.ofNullable(states.get(pool));
    }

    /** @return the committed decisions of {@code pool} without a final outcome */
    synchronized List<Decision> pending(PoolId pool) {
        return pending.values().stream().filter(d -> d.pool().equals(pool)).toList();
    }

    /** @return the last final outcome of each VM of {@code pool} */
    synchronized Map<VmId, Outcome> lastOutcomes(PoolId pool) {
        return Map.copyOf(lastOutcome.getOrDefault(pool, Map.of()));
    }

    /** @return records skipped as malformed or of a future version */
    long skipped() {
        return skipped.get();
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
