package io.ferry.cluster.kafka;

import io.ferry.api.model.PoolId;
import io.ferry.api.model.VmId;
import io.ferry.guard.GuardState;
import io.ferry.kafka.support.KafkaClients;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One controller instance in the controllers' consumer group: it owns the pools keyed to the {@code vm-metrics}
 * partitions the group assigns it, and puts each into a {@link PoolSink} (a controller) as a {@link StreamedPool}.
 *
 * <p>What it decides, on one poll thread that owns the group consumer and the transactional producer:
 * <ul>
 * <li><b>Ownership</b> by Kafka's group membership (KIP-848 {@code group.protocol=consumer}, incremental
 * assignment), static membership ({@code group.instance.id} = the instance id, so a restart within the session
 * timeout keeps the pools), no auto commit, {@code read_committed}.</li>
 * <li><b>On assign</b> a pool becomes the controller's only when its first sample produced after the assignment
 * has arrived, the {@link Ledger} has read everything committed before, and every decision the previous owner
 * committed has its final outcome (or {@link ClusterSettings#handoverTimeout()} passed); its guard then starts from
 * the previous owner's committed state, corrected by the outcomes that arrived since.</li>
 * <li><b>Each loop</b>: poll samples, update pools, then in ONE transaction send every closed batch of decisions
 * with the pool's guard state and {@code sendOffsetsToTransaction(offsets, consumer.groupMetadata())}, and commit
 * (KIP-447: a stale owner's commit is fenced, its decisions never become visible, its handles fail: nothing
 * executed).</li>
 * <li><b>On revoke</b> the batches already closed are committed first, then the pool is detached; decisions not yet
 * closed fail. <b>On lost</b> the pool is dropped and nothing is committed.</li>
 * </ul>
 *
 * <p>Cost: two consumers, one producer and two threads; one transaction per loop with decisions, or per
 * {@link ClusterSettings#commitInterval()} without. A malformed or future-version sample is skipped and counted.
 */
public final class ClusterMember implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterMember.class);

    /** A pool assigned to this member, not yet handed to the controller. */
    private static final class Arriving {
        final TopicPartition partition;
        final Instant since;
        Sample newest;
        Map<TopicPartition, Long> targets;

        Arriving(TopicPartition partition, Instant since, Sample newest) {
            this.partition = partition;
            this.since = since;
            this.newest = newest;
        }
    }

    private final ClusterSettings settings;
    private final PoolSink sink;
    private final Clock clock;
    private final Consumer<String> events;
    private final Ledger ledger;
    private final KafkaConsumer<String, byte[]> consumer;
    private KafkaProducer<String, byte[]> producer;
    private final Thread thread;
    private volatile boolean running = true;

    // poll thread only
    private final Set<TopicPartition> assigned = new HashSet<>();
    private final Map<TopicPartition, Long> freshFrom = new HashMap<>();
    private final Map<PoolId, TopicPartition> partitionOf = new HashMap<>();
    private final Map<PoolId, Arriving> arriving = new HashMap<>();
    private Instant lastCommit = Instant.EPOCH;
    private boolean consumedSinceCommit;
    private Instant lastRecord;
    private Instant unreachableSince;

    private final Map<PoolId, StreamedPool> owned = new ConcurrentHashMap<>();
    private final Map<String, StreamedPool.StreamedHandle> awaiting = new ConcurrentHashMap<>();
    private final AtomicLong skippedSamples = new AtomicLong();
    private final AtomicLong committedDecisions = new AtomicLong();
    private final AtomicLong abortedTransactions = new AtomicLong();
    private volatile int generation = -1;
    private volatile Optional<String> problem = Optional.empty();

    /**
     * Joins the group on start.
     *
     * @param events told one line at every change of ownership ({@code owns [a, b]}) and of the broker's
     *               reachability; may be a no-op
     */
    public ClusterMember(ClusterSettings settings, PoolSink sink, Clock clock, Consumer<String> events) {
        this.settings = settings;
        this.sink = sink;
        this.clock = clock;
        this.events = events;
        this.lastRecord = clock.instant();
        this.ledger = new Ledger(settings, this::outcome);
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        c.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, settings.instanceId());
        c.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, settings.groupId() + "-" + settings.instanceId());
        this.consumer = KafkaClients.consumer(settings.connection(), c, new StringDeserializer(),
                new ByteArrayDeserializer());
        this.producer = newProducer();
        this.thread = new Thread(this::run, "ferry-cluster-member-" + settings.instanceId());
        this.thread.setDaemon(true);
    }

    private KafkaProducer<String, byte[]> newProducer() {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, settings.transactionalId());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) settings.transactionTimeout().toMillis());
        // the poll thread never waits on the broker longer than this per call, so heartbeats and status go on
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, settings.transactionalId() + "-decisions");
        return KafkaClients.producer(settings.connection(), p, new StringSerializer(), new ByteArraySerializer());
    }

    /** Starts the ledger and the poll thread; returns at once. */
    public void start() {
        ledger.start();
        thread.start();
    }

    /** @return the pools this instance owns and has handed to its controller */
    public Set<PoolId> owned() {
        return new TreeSet<>(owned.keySet());
    }

    /** @return this instance's id */
    public String instanceId() {
        return settings.instanceId();
    }

    /** @return the consumer group this member is in */
    public String groupId() {
        return settings.groupId();
    }

    /**
     * @return the member's group generation (KIP-848 member epoch) at its last assignment, -1 before the first
     * @since 1.1
     */
    public int generation() {
        return generation;
    }

    /** @return what stops this member now (an unreachable broker), for status; empty when nothing */
    public Optional<String> problem() {
        return problem;
    }

    /** @return samples and ledger records skipped as malformed or of a future schema version */
    public long skipped() {
        return skippedSamples.get() + ledger.skipped();
    }

    /** @return decisions committed by this member */
    public long committedDecisions() {
        return committedDecisions.get();
    }

    /** @return transactions aborted (fenced, or failed) */
    public long abortedTransactions() {
        return abortedTransactions.get();
    }

    // ------------------------------------------------------------------ the poll thread

    private void run() {
        try {
            Topics.ensure(settings);
            initTransactions();
            consumer.subscribe(List.of(settings.metricsTopic()), new Rebalance());
            while (running) {
                ConsumerRecords<String, byte[]> records;
                try {
                    records = consumer.poll(settings.pollTimeout());
                } catch (WakeupException e) {
                    break;
                } catch (FencedInstanceIdException e) {
                    LOG.error("instance {}: another member uses this group.instance.id; stopping: {}",
                            settings.instanceId(), e.getMessage());
                    problem = Optional.of("instance id " + settings.instanceId() + " is used by another member");
                    break;
                } catch (KafkaException e) {
                    LOG.warn("instance {}: poll failed: {}", settings.instanceId(), e.toString());
                    continue;
                }
                if (!records.isEmpty()) {
                    consumedSinceCommit = true;
                    lastRecord = clock.instant();
                    reachable();
                }
                for (ConsumerRecord<String, byte[]> r : records) {
                    sample(r);
                }
                activateReady();
                commit(false);
                checkReachable();
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("instance {}: member stopped: {}", settings.instanceId(), e.toString(), e);
            problem = Optional.of("cluster member stopped: " + e);
        } finally {
            for (PoolId p : List.copyOf(owned.keySet())) {
                drop(p, "instance " + settings.instanceId() + " is stopping");
            }
            try {
                consumer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.debug("closing the consumer: {}", e.toString());
            }
            producer.close(Duration.ofSeconds(5));
        }
    }

    private void initTransactions() {
        while (running) {
            try {
                producer.initTransactions();
                return;
            } catch (TimeoutException e) {
                LOG.warn("instance {}: initTransactions timed out, retrying: {}", settings.instanceId(),
                        e.getMessage());
                unreachable(clock.instant());
            }
        }
    }

    private void sample(ConsumerRecord<String, byte[]> r) {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        if (!assigned.contains(tp)) {
            return;
        }
        Sample s;
        try {
            s = Samples.decode(r.value(), r.headers());
        } catch (MessageException e) {
            skippedSamples.incrementAndGet();
            LOG.warn("instance {}: skipped a sample at {}@{}: {}", settings.instanceId(), tp, r.offset(),
                    e.getMessage());
            return;
        }
        partitionOf.put(s.pool(), tp);
        StreamedPool pool = owned.get(s.pool());
        if (pool != null) {
            pool.update(s);
            return;
        }
        Long fresh = freshFrom.get(tp);
        if (fresh == null || r.offset() < fresh) {
            return; // produced before this member took the partition: not fresh
        }
        Arriving a = arriving.computeIfAbsent(s.pool(), p -> new Arriving(tp, clock.instant(), s));
        a.newest = s;
        if (a.targets == null) {
            // everything committed before now: what the previous owner decided and saved
            a.targets = endOffsets(ledger.partitions());
        }
    }

    private Map<TopicPartition, Long> endOffsets(List<TopicPartition> tps) {
        if (tps.isEmpty()) {
            return null;
        }
        try {
            return consumer.endOffsets(tps, Duration.ofSeconds(5));
        } catch (TimeoutException e) {
            return null;
        }
    }

    private void activateReady() {
        for (var it = arriving.entrySet().iterator(); it.hasNext();) {
            var e = it.next();
            Arriving a = e.getValue();
            PoolId pool = e.getKey();
            if (a.targets == null) {
                a.targets = endOffsets(ledger.partitions());
                continue;
            }
            if (!ledger.caughtUp(a.targets)) {
                continue;
            }
            List<Decision> pending = ledger.pending(pool);
            boolean timedOut = Duration.between(a.since, clock.instant()).compareTo(settings.handoverTimeout()) > 0;
            if (!pending.isEmpty() && !timedOut) {
                continue;
            }
            it.remove();
            GuardState restored = restore(pool, pending);
            StreamedPool p = new StreamedPool(a.newest, settings.instanceId(), () -> generation, sink,
                    Optional.of(restored), settings.staleAfter(), clock);
            owned.put(pool, p);
            sink.attach(p);
            LOG.info("instance {}: took pool {} (partition {}, {} decisions of the previous owner unresolved)",
                    settings.instanceId(), pool, a.partition, pending.size());
            announce();
        }
    }

    private GuardState restore(PoolId pool, List<Decision> pending) {
        Optional<PoolState> saved = ledger.state(pool);
        return restore(saved.map(PoolState::guard).orElse(GuardState.EMPTY),
                saved.map(PoolState::at).orElse(Instant.EPOCH), pending, ledger.lastOutcomes(pool), clock.instant(),
                settings.handoverCooldown(), settings.handoverBackoff());
    }

    /**
     * The previous owner's committed guard state, corrected by what happened since it was saved: a move in flight
     * (or any move) that ended after the state was saved cools down (completed) or backs off (failed) from its
     * outcome's time; a VM whose decision still has no outcome (the handover timed out) backs off from now; the
     * moves in flight themselves are dropped (each has ended, or is held by the back-off). Hot-since and
     * proposed-since are kept. A longer deadline already saved is never shortened.
     *
     * @param saved   the newest committed state ({@link GuardState#EMPTY} when none)
     * @param savedAt when it was saved
     * @param pending the pool's committed decisions without a final outcome
     * @param last    the last final outcome per VM of the pool
     */
    static GuardState restore(GuardState saved, Instant savedAt, List<Decision> pending, Map<VmId, Outcome> last,
            Instant now, Duration cooldown, Duration backoff) {
        Map<VmId, Instant> cool = new HashMap<>(saved.cooldownUntil());
        Map<VmId, Instant> back = new HashMap<>(saved.backoffUntil());
        for (Outcome o : last.values()) {
            if (o.at().isBefore(savedAt) && !saved.moving(o.vm())) {
                continue; // the saved state already counts it
            }
            if (o.status() == Outcome.Status.COMPLETED) {
                cool.merge(o.vm(), o.at().plus(cooldown), ClusterMember::later);
            } else if (o.status() == Outcome.Status.FAILED) {
                back.merge(o.vm(), o.at().plus(backoff), ClusterMember::later);
            }
        }
        for (Decision d : pending) {
            back.merge(d.request().vm(), now.plus(backoff), ClusterMember::later);
        }
        return new GuardState(List.of(), cool, back, saved.hotSince(), saved.proposedSince());
    }

    private static Instant later(Instant x, Instant y) {
        return x.isAfter(y) ? x : y;
    }

    /** Sends every closed batch and the offsets in one transaction; see the class comment. */
    private void commit(boolean force) {
        List<StreamedPool.Batch> batches = new ArrayList<>();
        List<PoolId> pools = new ArrayList<>();
        for (StreamedPool p : owned.values()) {
            for (StreamedPool.Batch b : p.drain()) {
                batches.add(b);
                pools.add(p.pool());
            }
        }
        // offsets alone go out only when samples were consumed since (not while the broker is away)
        boolean due = consumedSinceCommit
                && Duration.between(lastCommit, clock.instant()).compareTo(settings.commitInterval()) >= 0;
        if (batches.isEmpty() && !(force || due) || assigned.isEmpty()) {
            failIfAny(batches, "no partition assigned");
            return;
        }
        List<StreamedPool.Pending> sent = new ArrayList<>();
        batches.forEach(b -> sent.addAll(b.decisions()));
        sent.forEach(p -> awaiting.put(p.decision().id(), p.handle()));
        boolean began = false;
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            for (TopicPartition tp : assigned) {
                offsets.put(tp, new OffsetAndMetadata(consumer.position(tp, Duration.ofSeconds(5))));
            }
            producer.beginTransaction();
            began = true;
            Instant now = clock.instant();
            for (int i = 0; i < batches.size(); i++) {
                PoolId pool = pools.get(i);
                for (StreamedPool.Pending p : batches.get(i).decisions()) {
                    producer.send(new ProducerRecord<>(settings.decisionsTopic(), pool.value(),
                            Messages.encode(p.decision())));
                }
                producer.send(new ProducerRecord<>(settings.stateTopic(), pool.value(), Messages.encode(
                        new PoolState(pool, settings.instanceId(), generation, now, batches.get(i).state()))));
            }
            producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
            commitWithRetry();
            committedDecisions.addAndGet(sent.size());
            lastCommit = now;
            consumedSinceCommit = false;
        } catch (ProducerFencedException | OutOfOrderSequenceException | InvalidProducerEpochException e) {
            abortedTransactions.incrementAndGet();
            LOG.warn("instance {}: fenced ({}); {} decisions not executed", settings.instanceId(), e.toString(),
                    sent.size());
            notExecuted(sent, "fenced: " + e.getMessage());
            renewProducer();
        } catch (KafkaException e) {
            abortedTransactions.incrementAndGet();
            LOG.warn("instance {}: transaction failed ({}); {} decisions not executed", settings.instanceId(),
                    e.toString(), sent.size());
            if (began) {
                abortWithRetry();
            }
            notExecuted(sent, "transaction aborted: " + e.getMessage());
        }
    }

    private void commitWithRetry() {
        while (true) {
            try {
                producer.commitTransaction();
                return;
            } catch (TimeoutException e) {
                // the outcome is unknown until the commit is retried (KafkaProducer allows it); a broker that comes
                // back finishes it. Meanwhile status says the broker is gone.
                LOG.warn("instance {}: commit timed out, retrying: {}", settings.instanceId(), e.getMessage());
                unreachable(clock.instant());
                if (!running) {
                    throw e;
                }
            }
        }
    }

    /**
     * Aborts the open transaction, retried while the broker does not answer (status says so meanwhile): a producer
     * whose abort timed out refuses every other call until the abort is retried, so giving up would leave the
     * member unable to begin a transaction ever again. When the abort itself fails, or the member is closing with
     * the abort still unanswered, the producer is replaced (its successor's {@code initTransactions} aborts the
     * open transaction at the broker).
     */
    private void abortWithRetry() {
        while (true) {
            try {
                producer.abortTransaction();
                return;
            } catch (TimeoutException e) {
                LOG.warn("instance {}: abort timed out, retrying: {}", settings.instanceId(), e.getMessage());
                unreachable(clock.instant());
                if (!running) {
                    renewProducer();
                    return;
                }
            } catch (KafkaException e) {
                LOG.warn("instance {}: abort failed: {}", settings.instanceId(), e.toString());
                renewProducer();
                return;
            }
        }
    }

    /** A new transactional producer under the same id: fences the old one and aborts its open transaction. */
    private void renewProducer() {
        producer.close(Duration.ZERO);
        producer = newProducer();
        initTransactions();
    }

    private void notExecuted(List<StreamedPool.Pending> sent, String why) {
        for (StreamedPool.Pending p : sent) {
            awaiting.remove(p.decision().id());
            p.handle().notExecuted(why);
        }
    }

    private static void failIfAny(List<StreamedPool.Batch> batches, String why) {
        batches.forEach(b -> b.decisions().forEach(p -> p.handle().notExecuted(why)));
    }

    private void checkReachable() {
        Instant now = clock.instant();
        if (Duration.between(lastRecord, now).compareTo(Duration.ofSeconds(5)) < 0) {
            return;
        }
        lastRecord = now; // check at most every 5 s
        try {
            consumer.listTopics(Duration.ofSeconds(2));
            reachable();
        } catch (TimeoutException e) {
            unreachable(now);
        }
    }

    private void unreachable(Instant now) {
        if (unreachableSince == null) {
            unreachableSince = now;
        }
        String line = "kafka: broker " + settings.connection().bootstrapServers() + " unreachable since "
                + unreachableSince + "; pools owned through the group decide nothing until it is back";
        if (problem.isEmpty()) {
            events.accept(line);
        }
        problem = Optional.of(line);
        owned.values().forEach(p -> p.problem(problem));
    }

    private void reachable() {
        if (unreachableSince != null) {
            unreachableSince = null;
            problem = Optional.empty();
            owned.values().forEach(p -> p.problem(Optional.empty()));
            events.accept("kafka: broker " + settings.connection().bootstrapServers() + " reachable again");
        }
    }

    private void outcome(Outcome o) {
        StreamedPool.StreamedHandle h = o.status().isFinal() ? awaiting.remove(o.decisionId())
                : awaiting.get(o.decisionId());
        if (h != null) {
            h.completeWith(o);
        }
    }

    private void drop(PoolId pool, String why) {
        arriving.remove(pool);
        StreamedPool p = owned.remove(pool);
        if (p != null) {
            p.revoke(why);
            sink.detach(p);
            LOG.info("instance {}: gave up pool {}: {}", settings.instanceId(), pool, why);
        }
    }

    private void announce() {
        events.accept("owns " + owned());
    }

    /** The group's incremental assignment, on the poll thread inside {@code poll}. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            generation = consumer.groupMetadata().generationId();
            if (partitions.isEmpty()) {
                return;
            }
            assigned.addAll(partitions);
            try {
                freshFrom.putAll(consumer.endOffsets(partitions, Duration.ofSeconds(5)));
            } catch (TimeoutException e) {
                partitions.forEach(tp -> freshFrom.put(tp, Long.MAX_VALUE));
                LOG.warn("instance {}: end offsets of {} unknown; those pools wait for a reassignment",
                        settings.instanceId(), partitions);
            }
            LOG.info("instance {}: assigned {} (generation {})", settings.instanceId(), partitions, generation);
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            commit(true); // the batches already closed go out while this member still owns the partitions
            leave(partitions, "its partition moved to another instance");
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            leave(partitions, "its partition was lost (this member left the group)");
        }

        private void leave(Collection<TopicPartition> partitions, String why) {
            assigned.removeAll(partitions);
            partitions.forEach(freshFrom::remove);
            boolean changed = false;
            for (var e : List.copyOf(partitionOf.entrySet())) {
                if (partitions.contains(e.getValue())) {
                    changed |= owned.containsKey(e.getKey());
                    drop(e.getKey(), why);
                    partitionOf.remove(e.getKey());
                }
            }
            if (changed) {
                announce();
            }
        }
    }

    /** Leaves the group (static membership: the pools move only after the session timeout), bounded. */
    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(15_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ledger.close();
    }
}
