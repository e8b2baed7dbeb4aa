package io.ferry.cluster.kafka;

import io.ferry.api.HypervisorAdapter;
import io.ferry.api.HypervisorException;
import io.ferry.api.MigrationHandle;
import io.ferry.api.MigrationPolicy;
import io.ferry.api.model.HostId;
import io.ferry.api.model.MigrationId;
import io.ferry.api.model.MigrationOutcome;
import io.ferry.api.model.MigrationRequest;
import io.ferry.api.model.PoolId;
import io.ferry.api.model.VmState;
import io.ferry.kafka.support.KafkaClients;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs, on the instance attached to a pool's hypervisor, the decisions the pool's owner committed to
 * {@code migration-decisions} ({@code read_committed}), each at most once:
 * <ol>
 * <li>a decision whose id has a final outcome on {@code migration-outcomes} is skipped (counted as a duplicate);</li>
 * <li>one that was {@link Outcome.Status#ACCEPTED accepted} but has no final outcome (this executor stopped
 * mid-migration) is never started again: its outcome is read off the pool (VM on the target: completed; else
 * failed);</li>
 * <li>otherwise the VM's current host is checked against the decision's source (refused, saying where the VM is,
 * when it moved) and the named policy must be installed here (refused otherwise); then {@code ACCEPTED} is written
 * and acknowledged <em>before</em> the migration starts, the local adapter migrates with that policy's steering,
 * and the final outcome follows.</li>
 * </ol>
 * On start it reads {@code migration-outcomes} to its end first, so that a restart knows what it already ran.
 *
 * <p>Cost: one consumer, one idempotent producer and one thread; memory O(decisions ever made, as ids). A
 * malformed or future-version record is skipped and counted. The attached instance must not also run its own
 * control cycle for a pool it executes for (it would decide twice).
 */
public final class DecisionExecutor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DecisionExecutor.class);

    private final ClusterSettings settings;
    private final Map<PoolId, HypervisorAdapter> pools;
    private final Function<String, Optional<MigrationPolicy>> policies;
    private final Clock clock;
    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, byte[]> producer;
    private final Thread thread;
    private final Set<String> accepted = new HashSet<>();
    private final Set<String> finished = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> started = new ConcurrentHashMap<>();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private volatile boolean running = true;
    private volatile boolean writing = true;
    private volatile boolean ready;
    /** Writes final outcomes in order, each acknowledged before the decision counts as finished. */
    private final java.util.concurrent.ExecutorService writer;

    /**
     * @param pools    the local pools this instance executes for, by pool
     * @param policies the policies installed here, by name
     */
    public DecisionExecutor(ClusterSettings settings, Map<PoolId, HypervisorAdapter> pools,
            Function<String, Optional<MigrationPolicy>> policies, Clock clock) {
        this.settings = settings;
        this.pools = new ConcurrentHashMap<>(pools);
        this.policies = policies;
        this.clock = clock;
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, settings.groupId() + "-" + settings.instanceId() + "-executor");
        this.consumer = KafkaClients.consumer(settings.connection(), c, new StringDeserializer(),
                new ByteArrayDeserializer());
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.MAX_VALUE);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, settings.groupId() + "-" + settings.instanceId() + "-outcomes");
        this.producer = KafkaClients.producer(settings.connection(), p, new StringSerializer(),
                new ByteArraySerializer());
        this.thread = new Thread(this::run, "ferry-cluster-executor-" + settings.instanceId());
        this.thread.setDaemon(true);
        this.writer = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "ferry-cluster-outcomes-" + settings.instanceId());
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts the executor's thread; returns at once. */
    public void start() {
        thread.start();
    }

    /** @return whether it has read every outcome written before it started, and now executes */
    public boolean ready() {
        return ready;
    }

    /** @return per decision id, how many times this executor started it (the ledger: never more than 1) */
    public Map<String, Integer> started() {
        return Map.copyOf(started);
    }

    /** @return decisions with a final outcome (written by this executor or read back) */
    public Set<String> finished() {
        return Set.copyOf(finished);
    }

    /** @return records skipped as malformed or of a future schema version */
    public long skipped() {
        return skipped.get();
    }

    /** @return decisions met again after their final outcome (a redelivery, never executed again) */
    public long duplicates() {
        return duplicates.get();
    }

    /** @return decisions refused (the VM had moved, the policy is not installed, the hypervisor refused) */
    public long refused() {
        return refused.get();
    }

    private void run() {
        try {
            Topics.ensure(settings);
            readOutcomes();
            ready = true;
            List<TopicPartition> tps = partitions(settings.decisionsTopic());
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            while (running) {
                records:
                for (ConsumerRecord<String, byte[]> r : consumer.poll(settings.pollTimeout())) {
                    Decision d;
                    try {
                        d = Messages.decodeDecision(r.value());
                    } catch (MessageException e) {
                        skipped.incrementAndGet();
                        LOG.warn("executor {}: skipped a decision at {}-{}@{}: {}", settings.instanceId(),
                                r.topic(), r.partition(), r.offset(), e.getMessage());
                        continue;
                    }
                    HypervisorAdapter pool = pools.get(d.pool());
                    if (pool != null && !execute(d, pool)) {
                        // the pool cannot be asked now: this decision and the rest of its partition come again
                        consumer.seek(new TopicPartition(r.topic(), r.partition()), r.offset());
                        sleep(settings.pollTimeout());
                        break records;
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("executor {} stopped: {}", settings.instanceId(), e.toString(), e);
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private List<TopicPartition> partitions(String topic) {
        while (running) {
            try {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
                if (infos != null && !infos.isEmpty()) {
                    List<TopicPartition> tps = new ArrayList<>();
                    infos.forEach(i -> tps.add(new TopicPartition(topic, i.partition())));
                    return tps;
                }
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                LOG.debug("executor: partitions of {} not known yet", topic);
            }
        }
        throw new WakeupException();
    }

    /** Reads {@code migration-outcomes} from its beginning to the end it has now. */
    private void readOutcomes() {
        List<TopicPartition> tps = partitions(settings.outcomesTopic());
        consumer.assign(tps);
        consumer.seekToBeginning(tps);
        Map<TopicPartition, Long> end = null;
        while (running && end == null) {
            try {
                end = consumer.endOffsets(tps, Duration.ofSeconds(5));
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                LOG.debug("executor: end of outcomes not known yet");
            }
        }
        while (running) {
            boolean done = true;
            for (TopicPartition tp : tps) {
                if (consumer.position(tp) < end.get(tp)) {
                    done = false;
                }
            }
            if (done) {
                break;
            }
            for (ConsumerRecord<String, byte[]> r : consumer.poll(settings.pollTimeout())) {
                try {
                    Outcome o = Messages.decodeOutcome(r.value());
                    if (o.status().isFinal()) {
                        finished.add(o.decisionId());
                    } else {
                        accepted.add(o.decisionId());
                    }
                } catch (MessageException e) {
                    skipped.incrementAndGet();
                    LOG.warn("executor {}: skipped an outcome: {}", settings.instanceId(), e.getMessage());
                }
            }
        }
        LOG.info("executor {}: {} decisions already finished, {} accepted without an outcome",
                settings.instanceId(), finished.size(), accepted.stream().filter(a -> !finished.contains(a)).count());
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return false when the pool could not be asked where the VM is (the decision must come again) */
    private boolean execute(Decision d, HypervisorAdapter pool) {
        if (finished.contains(d.id()) || started.containsKey(d.id())) {
            duplicates.incrementAndGet(); // a redelivery: finished, or running on this executor
            return true;
        }
        MigrationRequest r = d.request();
        Optional<VmState> vm;
        try {
            vm = pool.snapshot().vm(r.vm());
        } catch (HypervisorException e) {
            // the pool cannot be asked now: try the same decision again on the next poll
            LOG.warn("executor {}: pool {} unreachable ({}); decision {} waits", settings.instanceId(), d.pool(),
                    e.getMessage(), d.id());
            return false;
        }
        Optional<HostId> at = vm.flatMap(VmState::residentOn);
        if (accepted.contains(d.id())) {
            // started by an earlier run of this executor that stopped before its outcome: never again
            boolean onTarget = at.isPresent() && at.get().equals(r.target());
            finish(d, onTarget ? Outcome.Status.COMPLETED : Outcome.Status.FAILED, onTarget ? r.target() : r.source(),
                    "", "executor restarted before the outcome; the VM was found on " + at.map(HostId::value)
                            .orElse("no host"));
            return true;
        }
        if (at.isEmpty() || !at.get().equals(r.source())) {
            refuse(d, "VM " + r.vm() + " runs on " + at.map(HostId::value).orElse("no host") + ", not on the "
                    + "decision's source " + r.source());
            return true;
        }
        Optional<MigrationPolicy> policy = policies.apply(d.policy());
        if (policy.isEmpty()) {
            refuse(d, "policy '" + d.policy() + "' is not installed on executor " + settings.instanceId());
            return true;
        }
        if (!send(new Outcome(d.id(), d.pool(), r.vm(), r.source(), r.target(), Outcome.Status.ACCEPTED,
                r.source(), "", "accepted", settings.instanceId(), clock.instant()), true)) {
            return true; // closing
        }
        accepted.add(d.id());
        started.merge(d.id(), 1, Integer::sum);
        MigrationHandle handle;
        try {
            handle = pool.migrate(new MigrationId(d.id()), r, policy.get().steer(r, pool.capabilities()));
        } catch (HypervisorException | RuntimeException e) {
            finish(d, Outcome.Status.FAILED, r.source(), "", "hypervisor refused: " + e.getMessage());
            return true;
        }
        handle.outcome().whenComplete((o, error) -> {
            if (error != null || o == null) {
                finish(d, Outcome.Status.FAILED, r.source(), "", "no outcome: " + error);
                return;
            }
            Outcome.Status status = switch (o.status()) {
                case COMPLETED -> Outcome.Status.COMPLETED;
                case CANCELLED -> Outcome.Status.CANCELLED;
                case FAILED -> Outcome.Status.FAILED;
            };
            finish(d, status, o.finalHost(), o.technique().name(), o.detail().isEmpty()
                    ? o.status().name().toLowerCase() : o.detail());
        });
        return true;
    }

    private void refuse(Decision d, String why) {
        refused.incrementAndGet();
        MigrationRequest r = d.request();
        finish(d, Outcome.Status.REFUSED, r.source(), "", why);
    }

    /**
     * Queues the final outcome; the writer sends it and waits for the broker's acknowledgement (retrying while the
     * broker is away) before the decision counts as finished. Never blocks the caller (an adapter's callback).
     */
    private void finish(Decision d, Outcome.Status status, HostId finalHost, String technique, String detail) {
        MigrationRequest r = d.request();
        Outcome o = new Outcome(d.id(), d.pool(), r.vm(), r.source(), r.target(), status, finalHost, technique,
                detail, settings.instanceId(), clock.instant());
        try {
            writer.execute(() -> {
                if (send(o, true)) {
                    finished.add(d.id());
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.info("executor {}: closed; outcome {} of {} left to the next executor", settings.instanceId(),
                    status, d.id());
        }
    }

    /**
     * Writes an outcome; with {@code await}, waits until the broker has it (retrying while the broker is away).
     * A record the producer has taken is never sent a second time: the producer retries it itself until it is
     * delivered ({@code delivery.timeout.ms} unbounded), so an acknowledgement that is late (the broker away for
     * longer than the wait) is waited for again; sending it anew would put the outcome on the topic twice when the
     * broker is back. Only a record the producer gave up on (or never took) is sent again.
     *
     * @return false only when closing before it was written
     */
    private boolean send(Outcome o, boolean await) {
        ProducerRecord<String, byte[]> rec = new ProducerRecord<>(settings.outcomesTopic(), o.pool().value(),
                Messages.encode(o));
        while (writing) {
            java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata> f;
            try {
                f = producer.send(rec);
            } catch (org.apache.kafka.common.KafkaException e) {
                LOG.warn("executor {}: writing {} of {} failed, retrying: {}", settings.instanceId(), o.status(),
                        o.decisionId(), e.toString());
                continue;
            }
            if (!await) {
                return true;
            }
            while (writing) {
                try {
                    f.get(30, TimeUnit.SECONDS);
                    return true;
                } catch (java.util.concurrent.TimeoutException e) {
                    LOG.warn("executor {}: {} of {} not acknowledged yet (broker away?), still waiting",
                            settings.instanceId(), o.status(), o.decisionId());
                } catch (ExecutionException e) {
                    LOG.warn("executor {}: writing {} of {} failed, retrying: {}", settings.instanceId(), o.status(),
                            o.decisionId(), e.getCause() == null ? e.toString() : e.getCause().toString());
                    break;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return false;
    }

    /**
     * Stops consuming and writes the outcomes already queued (bounded, 10 s). A migration still running on its
     * adapter finishes there, but its outcome is no longer written: the next executor on this pool finds it
     * accepted without an outcome and reads it off the pool.
     */
    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
            writer.shutdown();
            writer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writing = false;
        writer.shutdownNow();
        producer.close(Duration.ofSeconds(10));
    }
}
