package io.ferry.cluster.kafka;

import io.ferry.api.HypervisorAdapter;
import io.ferry.api.HypervisorException;
import io.ferry.api.MigrationHandle;
import io.ferry.api.MigrationSteering;
import io.ferry.api.model.Capability;
import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.LinkSpec;
import io.ferry.api.model.Metric;
import io.ferry.api.model.MetricWindow;
import io.ferry.api.model.MigrationId;
import io.ferry.api.model.MigrationOutcome;
import io.ferry.api.model.MigrationProgress;
import io.ferry.api.model.MigrationRequest;
import io.ferry.api.model.PoolId;
import io.ferry.api.model.Technique;
import io.ferry.controller.GuardStateStore;
import io.ferry.guard.GuardState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * A pool this instance owns through the consumer group, as the controller sees it: a {@link HypervisorAdapter}
 * whose snapshot and metric windows are those of the newest {@code vm-metrics} sample, and whose
 * {@link #migrate} does not migrate — it queues a {@link Decision} that the {@link ClusterMember}'s poll thread
 * commits to {@code migration-decisions} in one transaction with the pool's guard state and the consumed offsets.
 * The returned handle completes with the executor's final outcome from {@code migration-outcomes}, or as failed
 * (nothing executed) when the transaction is aborted or fenced, or the pool is revoked before it was sent.
 *
 * <p>As a {@link GuardStateStore} it seeds the controller's guard with the state the previous owner committed, and
 * each {@link #save} (the end of a control cycle) closes a batch: the cycle's decisions and the guard state after
 * them travel together. Nothing here touches Kafka: the controller's cycle thread never waits on the broker.
 *
 * <p>Cost: O(VMs + hosts) per sample kept (the newest only); O(samples) per metric window asked. Thread-safe.
 */
public final class StreamedPool implements HypervisorAdapter, GuardStateStore {

    /** One control cycle's decisions and the guard state after them. */
    record Batch(List<Pending> decisions, GuardState state) {
    }

    /** A decision queued by the controller, with the handle the controller waits on. */
    record Pending(Decision decision, StreamedHandle handle) {
    }

    private final PoolId pool;
    private final String instance;
    private final Supplier<Integer> generation;
    private final PoolSink sink;
    private final Optional<GuardState> restored;
    private final Duration staleAfter;
    private final Clock clock;
    private Sample latest;
    private Instant received;
    private List<Pending> open = new ArrayList<>();
    private final List<Batch> closed = new ArrayList<>();
    private GuardState lastSaved;
    private Optional<String> problem = Optional.empty();
    private volatile boolean revoked;

    /**
     * @param first      the fresh sample the pool starts from
     * @param restored   the guard state the previous owner committed, if any
     * @param staleAfter a sample older than this makes the snapshot fail (the pool decides nothing on old data)
     */
    StreamedPool(Sample first, String instance, Supplier<Integer> generation, PoolSink sink,
            Optional<GuardState> restored, Duration staleAfter, Clock clock) {
        this.pool = first.pool();
        this.sink = sink;
        this.instance = instance;
        this.generation = generation;
        this.restored = restored;
        this.staleAfter = staleAfter;
        this.clock = clock;
        update(first);
    }

    /** Keeps the newest sample. */
    synchronized void update(Sample sample) {
        if (latest == null || sample.sequence() >= latest.sequence()
                || !sample.source().equals(latest.source())) {
            latest = sample;
            received = clock.instant();
        }
    }

    /** @param why what stops the stream (an unreachable broker), shown by the controller as its problem; empty: none */
    synchronized void problem(Optional<String> why) {
        problem = why;
    }

    @Override
    public PoolId pool() {
        return pool;
    }

    @Override
    public synchronized String kind() {
        return latest.kind() + " via kafka, owned by " + instance;
    }

    @Override
    public synchronized Set<Capability> capabilities() {
        return latest.capabilities();
    }

    @Override
    public synchronized Optional<LinkSpec> migrationLink() {
        return latest.link();
    }

    @Override
    public synchronized ClusterSnapshot snapshot() throws HypervisorException {
        if (revoked) {
            throw new HypervisorException("NOT_OWNER", "pool " + pool + " is no longer owned by instance "
                    + instance, null);
        }
        if (problem.isPresent()) {
            throw new HypervisorException("UNREACHABLE", problem.get(), null);
        }
        Duration age = Duration.between(received, clock.instant());
        if (age.compareTo(staleAfter) > 0) {
            throw new HypervisorException("STALE", "no sample of pool " + pool + " on vm-metrics for "
                    + age.toSeconds() + " s (from " + latest.source() + "); deciding nothing on old data", null);
        }
        return latest.snapshot();
    }

    @Override
    public synchronized Optional<MetricWindow> metrics(String subject, Metric metric, int samples) {
        MetricWindow w = latest.windows().get(subject + "|" + metric);
        if (w == null) {
            return Optional.empty();
        }
        if (w.size() <= samples) {
            return Optional.of(w);
        }
        double[] v = w.values();
        return Optional.of(new MetricWindow(w.subject(), w.metric(), w.end(), w.step(),
                Arrays.copyOfRange(v, v.length - samples, v.length)));
    }

    /**
     * Queues the decision; see the class comment.
     *
     * @throws HypervisorException when the pool was revoked: the controller records the refusal
     */
    @Override
    public MigrationHandle migrate(MigrationId id, MigrationRequest request, MigrationSteering steering)
            throws HypervisorException {
        String policy = sink.policy(pool);
        String agent = sink.agent(pool);
        synchronized (this) {
            if (revoked) {
                throw new HypervisorException("NOT_OWNER", "pool " + pool + " is no longer owned by instance "
                    + instance, null);
            }
            int g = generation.get();
            Decision d = new Decision(id.value() + "@" + instance + "-g" + g, pool, request,
                    agent.isEmpty() ? "unknown" : agent, "decided by " + instance, policy, instance, g,
                    clock.instant());
            StreamedHandle h = new StreamedHandle(id, d);
            open.add(new Pending(d, h));
            return h;
        }
    }

    @Override
    public Optional<GuardState> load() {
        return restored;
    }

    /** Closes the cycle's batch; a cycle that decided nothing and left the guard as it was sends nothing. */
    @Override
    public synchronized void save(GuardState state) {
        if (open.isEmpty() && state.equals(lastSaved)) {
            return;
        }
        lastSaved = state;
        closed.add(new Batch(open, state));
        open = new ArrayList<>();
    }

    /** @return the batches closed since the last call, oldest first */
    synchronized List<Batch> drain() {
        List<Batch> out = List.copyOf(closed);
        closed.clear();
        return out;
    }

    /**
     * Stops the pool: later snapshots and migrations fail, and every decision not yet sent fails with
     * {@code why} (nothing was executed).
     */
    synchronized void revoke(String why) {
        revoked = true;
        for (Batch b : closed) {
            b.decisions().forEach(p -> p.handle().notExecuted(why));
        }
        closed.clear();
        open.forEach(p -> p.handle().notExecuted(why));
        open.clear();
    }

    /** @return whether {@link #revoke} was called */
    boolean revoked() {
        return revoked;
    }

    /**
     * A decision in flight as the controller sees it: completes once, with the executor's final outcome or as a
     * failure when it was never executed. {@link #cancel()} is not propagated to the executor (the decision is
     * already committed); the outcome still comes from it.
     */
    static final class StreamedHandle implements MigrationHandle {
        private final MigrationId id;
        private final Decision decision;
        private final CompletableFuture<MigrationOutcome> outcome = new CompletableFuture<>();
        private volatile MigrationProgress.Phase phase = MigrationProgress.Phase.QUEUED;
        private final Instant created = Instant.now();

        StreamedHandle(MigrationId id, Decision decision) {
            this.id = id;
            this.decision = decision;
        }

        Decision decision() {
            return decision;
        }

        @Override
        public MigrationId id() {
            return id;
        }

        @Override
        public MigrationProgress progress() {
            return new MigrationProgress(0, phase, 0, Duration.between(created, Instant.now()), 0);
        }

        @Override
        public CompletionStage<MigrationOutcome> outcome() {
            return outcome;
        }

        @Override
        public void cancel() {
            // committed decisions are the executor's; see the class comment
        }

        /**
         * Completes with a final outcome: the controller then records it (audit log, with the executor's measured
         * metrics when the outcome carries them) and its agent learns from it.
         *
         * @return whether this call completed the handle
         */
        boolean completeWith(Outcome o) {
            if (!o.status().isFinal()) {
                phase = MigrationProgress.Phase.PRE_COPY;
                return false;
            }
            MigrationRequest r = decision.request();
            MigrationOutcome.Status status = switch (o.status()) {
                case COMPLETED -> MigrationOutcome.Status.COMPLETED;
                case CANCELLED -> MigrationOutcome.Status.CANCELLED;
                default -> MigrationOutcome.Status.FAILED;
            };
            Technique technique = o.technique().isEmpty() ? Technique.PRE_COPY : Technique.valueOf(o.technique());
            return outcome.complete(new MigrationOutcome(id, r.vm(), r.source(), r.target(), status,
                    status == MigrationOutcome.Status.COMPLETED ? r.target() : r.source(), technique,
                    o.metrics(), o.status() + " by " + o.executor() + ": " + o.detail()));
        }

        /** Completes the handle as failed: the decision was never committed, so nothing ran. */
        boolean notExecuted(String why) {
            MigrationRequest r = decision.request();
            return outcome.complete(new MigrationOutcome(id, r.vm(), r.source(), r.target(),
                    MigrationOutcome.Status.FAILED, r.source(), Technique.PRE_COPY, Optional.empty(),
                    "not executed: " + why));
        }
    }
}
