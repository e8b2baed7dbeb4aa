package io.ferry.controller.internal;

import io.ferry.api.HypervisorAdapter;
import io.ferry.api.HypervisorException;
import io.ferry.api.MigrationAgent;
import io.ferry.api.MigrationHandle;
import io.ferry.api.MigrationPolicy;
import io.ferry.api.MigrationSteering;
import io.ferry.api.Predictor;
import io.ferry.api.model.Capability;
import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.HostId;
import io.ferry.api.model.Metric;
import io.ferry.api.model.MetricWindow;
import io.ferry.api.model.MigrationDecision;
import io.ferry.api.model.MigrationId;
import io.ferry.api.model.MigrationOutcome;
import io.ferry.api.model.MigrationPlan;
import io.ferry.api.model.MigrationProgress;
import io.ferry.api.model.MigrationRequest;
import io.ferry.api.model.PoolId;
import io.ferry.api.model.VmId;
import io.ferry.api.model.VmState;
import io.ferry.controller.AuditRecord;
import io.ferry.controller.ControllerException;
import io.ferry.controller.InFlight;
import io.ferry.controller.PoolStatus;
import io.ferry.controller.Selection;
import io.ferry.engine.DirtyingModel;
import io.ferry.engine.EngineScenario;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pool under control: its settings, its guard, its migrations in flight, and the control cycle of
 * DESIGN.md §1 — snapshot → forecasts → agent → guard → the active policy's plan → the adapter executes →
 * outcome recorded — run every {@code intervalSeconds}.
 *
 * <p>Swap semantics: a cycle reads the selection once, at its start, and every decision of that cycle runs
 * with the policy and agent instances resolved then. A migration keeps the steering its policy created (and
 * the agent that decided it, which learns its outcome) until it ends, whatever happens to their bundles; a
 * selection change takes effect at the next cycle. No decision is dropped or run twice: each is judged once,
 * recorded once and executed at most once.
 *
 * <p>Cost per cycle: one snapshot, the agent's decision, O(decisions × VMs on the target) in the guard.
 * Cycles of one pool never overlap; pools run independently.
 */
final class PoolRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(PoolRuntime.class);
    private static final String OPERATOR = "operator";

    /** A migration in flight with everything it started with. */
    private record Running(MigrationId id, MigrationDecision decision, MigrationHandle handle,
            PluginRegistry.Entry<MigrationPolicy> policy, Optional<PluginRegistry.Entry<MigrationAgent>> agent,
            MigrationPlan plan, Instant started, ScheduledFuture<?> timeout) {
    }

    private final PoolId pool;
    private final HypervisorAdapter adapter;
    private final Plugins plugins;
    private final AuditLog audit;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final Executor callbacks;
    private final AtomicReference<PoolSettings> settings;
    private final Guard guard = new Guard();
    private final Deque<Selection> previous = new ArrayDeque<>();
    private final Map<MigrationId, Running> running = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong cycles = new AtomicLong();
    private final AtomicLong decisions = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong started = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong cancelled = new AtomicLong();
    private volatile Optional<ClusterSnapshot> lastSnapshot = Optional.empty();
    private volatile Optional<Instant> lastCycle = Optional.empty();
    private volatile Optional<String> problem = Optional.empty();
    private volatile ScheduledFuture<?> next;
    private volatile boolean stopped;

    PoolRuntime(PoolId pool, HypervisorAdapter adapter, PoolSettings initial, Plugins plugins, AuditLog audit,
            Clock clock, ScheduledExecutorService scheduler, Executor callbacks) {
        this.pool = pool;
        this.adapter = adapter;
        this.settings = new AtomicReference<>(initial);
        this.plugins = plugins;
        this.audit = audit;
        this.clock = clock;
        this.scheduler = scheduler;
        this.callbacks = callbacks;
    }

    PoolId pool() {
        return pool;
    }

    HypervisorAdapter adapter() {
        return adapter;
    }

    PoolSettings settings() {
        return settings.get();
    }

    // ------------------------------------------------------------------ scheduling

    /** Starts the cycles: the first after one interval, each next one an interval after the previous ended. */
    void start() {
        schedule(settings.get().interval());
    }

    private void schedule(Duration delay) {
        if (!stopped) {
            next = scheduler.schedule(this::cycleAndReschedule, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void cycleAndReschedule() {
        try {
            cycle();
        } catch (RuntimeException | LinkageError e) {
            LOG.error("pool {}: control cycle failed", pool, e);
            problem = Optional.of("control cycle failed: " + e);
        } finally {
            schedule(settings.get().interval());
        }
    }

    /** Stops the cycles. Migrations in flight finish (or are cancelled by their adapter) and are recorded. */
    void stop() {
        stopped = true;
        ScheduledFuture<?> f = next;
        if (f != null) {
            f.cancel(false);
        }
    }

    // ------------------------------------------------------------------ the cycle

    /** Runs one control cycle now. */
    void cycle() {
        Instant now = clock.instant();
        PoolSettings s = settings.get();
        cycles.incrementAndGet();
        lastCycle = Optional.of(now);
        Optional<PluginRegistry.Entry<MigrationPolicy>> policy = plugins.policies().get(s.policy());
        Optional<PluginRegistry.Entry<MigrationAgent>> agent = plugins.agents().get(s.agent());
        if (policy.isEmpty()) {
            reportProblem("policy '" + s.policy() + "' is not installed (installed: " + plugins.policies().names()
                    + "); no decisions until it is, or another is selected");
            return;
        }
        Optional<Capability> missing = missingCapability(policy.get().service());
        if (missing.isPresent()) {
            reportProblem("policy '" + s.policy() + "' needs " + missing.get() + ", which this " + adapter.kind()
                    + " pool lacks; no decisions until another policy is selected");
            return;
        }
        if (agent.isEmpty()) {
            reportProblem("agent '" + s.agent() + "' is not installed (installed: " + plugins.agents().names()
                    + "); no decisions until it is, or another is selected");
            return;
        }
        ClusterSnapshot snapshot;
        try {
            snapshot = adapter.snapshot();
        } catch (HypervisorException | RuntimeException e) {
            reportProblem("hypervisor unreachable: " + e.getMessage());
            return;
        }
        lastSnapshot = Optional.of(snapshot);
        Optional<Predictor> predictor = Optional.empty();
        Optional<String> note = Optional.empty();
        if (s.predictor().isPresent()) {
            predictor = plugins.predictors().get(s.predictor().get()).map(PluginRegistry.Entry::service);
            if (predictor.isEmpty()) {
                note = Optional.of("predictor '" + s.predictor().get() + "' is not installed; deciding without it");
            }
        }
        problem = note;
        Requests requests = new Requests(adapter, s);
        CycleContext context = new CycleContext(snapshot, adapter, policy.get().service(), predictor, requests);
        List<MigrationDecision> proposed;
        try {
            proposed = agent.get().service().decide(context);
        } catch (RuntimeException | LinkageError e) {
            auditError(s, policy.get(), "agent '" + s.agent() + "' failed: " + e);
            problem = Optional.of("agent '" + s.agent() + "' failed in the last cycle: " + e);
            return;
        }
        if (proposed == null) {
            proposed = List.of();
        }
        decisions.addAndGet(proposed.size());
        synchronized (lock) {
            guard.observe(snapshot, proposed, s, now);
            for (MigrationDecision d : proposed) {
                if (d == null) {
                    continue;
                }
                try {
                    execute(d, snapshot, s, policy.get(), agent, requests, now, false);
                } catch (RefusedException e) {
                    // recorded; judged alone: the next decision of the cycle goes on
                }
            }
        }
    }

    private Optional<Capability> missingCapability(MigrationPolicy policy) {
        return policy.requiredCapabilities().stream().filter(c -> !adapter.capabilities().contains(c))
                .sorted().findFirst();
    }

    private void reportProblem(String text) {
        if (!problem.equals(Optional.of(text))) {
            LOG.warn("pool {}: {}", pool, text);
            audit.append(record(AuditRecord.Type.ERROR, Optional.empty(), Optional.empty(), "", settings.get().policy(),
                    "", Optional.empty(), text));
        }
        problem = Optional.of(text);
    }

    /**
     * Judges one decision and, if the guard lets it through, plans and starts it. Called under {@link #lock}.
     *
     * @return the migration's id when it was started (or recorded, in dry-run)
     * @throws RefusedException when refused, with the reason
     */
    private MigrationId execute(MigrationDecision d, ClusterSnapshot snapshot, PoolSettings s,
            PluginRegistry.Entry<MigrationPolicy> policy, Optional<PluginRegistry.Entry<MigrationAgent>> agent,
            Requests requests, Instant now, boolean manual) {
        String agentName = agent.map(PluginRegistry.Entry::name).orElse(OPERATOR);
        Optional<String> refusal = guard.check(d, snapshot, s, now, manual);
        if (refusal.isPresent()) {
            refused.incrementAndGet();
            audit.append(record(AuditRecord.Type.REFUSED, Optional.empty(), Optional.of(d), agentName, policy.name(),
                    policy.bundleVersion(), Optional.empty(), refusal.get()));
            throw new RefusedException(refusal.get());
        }
        VmState vm = snapshot.vm(d.vm()).orElseThrow();
        MigrationRequest request = requests.request(vm, d.source(), d.target());
        MigrationPlan plan;
        try {
            plan = policy.service().plan(request);
            if (plan == null) {
                throw new IllegalStateException("returned no plan");
            }
        } catch (RuntimeException | LinkageError e) {
            refused.incrementAndGet();
            String why = "policy '" + policy.name() + "' could not plan: " + e;
            audit.append(record(AuditRecord.Type.ERROR, Optional.empty(), Optional.of(d), agentName, policy.name(),
                    policy.bundleVersion(), Optional.empty(), why));
            throw new RefusedException(why);
        }
        MigrationId id = new MigrationId(pool.value() + "-" + now.toEpochMilli() + "-" + sequence.incrementAndGet());
        String detail = d.reason() + "; " + plan.technique() + ": " + plan.rationale();
        audit.append(record(AuditRecord.Type.DECISION, Optional.of(id), Optional.of(d), agentName, policy.name(),
                policy.bundleVersion(), Optional.of(plan), detail));
        if (s.dryRun()) {
            return id;
        }
        MigrationSteering steering;
        MigrationHandle handle;
        guard.started(d, vm, s);
        try {
            steering = policy.service().steer(request, adapter.capabilities());
            handle = adapter.migrate(id, request, steering);
        } catch (HypervisorException | RuntimeException | LinkageError e) {
            guard.ended(d.vm(), false, s, now);
            refused.incrementAndGet();
            String why = e instanceof HypervisorException h ? "hypervisor refused: " + h.getMessage()
                    : "could not start: " + e;
            audit.append(record(AuditRecord.Type.REFUSED, Optional.of(id), Optional.of(d), agentName, policy.name(),
                    policy.bundleVersion(), Optional.of(plan), why));
            throw new RefusedException(why);
        }
        started.incrementAndGet();
        ScheduledFuture<?> timeout = scheduler.schedule(() -> timeout(id), s.migrationTimeout().toMillis(),
                TimeUnit.MILLISECONDS);
        running.put(id, new Running(id, d, handle, policy, agent, plan, now, timeout));
        handle.outcome().whenCompleteAsync((outcome, error) -> finished(id, outcome, error), callbacks);
        return id;
    }

    private void timeout(MigrationId id) {
        Running r = running.get(id);
        if (r != null) {
            LOG.warn("pool {}: migration {} of {} exceeded {}; cancelling", pool, id, r.decision().vm(),
                    settings.get().migrationTimeout());
            r.handle().cancel();
        }
    }

    private void finished(MigrationId id, MigrationOutcome outcome, Throwable error) {
        Running r = running.remove(id);
        if (r == null) {
            return; // an outcome is recorded once, even if an adapter completed twice
        }
        r.timeout().cancel(false);
        Instant now = clock.instant();
        boolean ok = error == null && outcome != null && outcome.status() == MigrationOutcome.Status.COMPLETED;
        synchronized (lock) {
            guard.ended(r.decision().vm(), ok, settings.get(), now);
        }
        String agentName = r.agent().map(PluginRegistry.Entry::name).orElse(OPERATOR);
        if (error != null || outcome == null) {
            failed.incrementAndGet();
            audit.append(record(AuditRecord.Type.ERROR, Optional.of(id), Optional.of(r.decision()), agentName,
                    r.policy().name(), r.policy().bundleVersion(), Optional.of(r.plan()),
                    "the hypervisor adapter reported no outcome: " + error + "; the next snapshot says where the VM is"));
            return;
        }
        switch (outcome.status()) {
            case COMPLETED -> completed.incrementAndGet();
            case FAILED -> failed.incrementAndGet();
            case CANCELLED -> cancelled.incrementAndGet();
        }
        audit.append(new AuditRecord(now, AuditRecord.Type.OUTCOME, pool, Optional.of(id),
                Optional.of(r.decision().vm()), Optional.of(outcome.source()), Optional.of(outcome.target()), agentName,
                r.policy().name(), r.policy().bundleVersion(), Optional.of(r.plan().predicted()), outcome.metrics(),
                Optional.of(outcome.status()), false, outcomeDetail(outcome), outcome.fellBack()));
        r.agent().ifPresent(a -> {
            try {
                a.service().learn(r.decision(), outcome);
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("pool {}: agent {} failed to learn from {}: {}", pool, a.name(), id, e.toString());
            }
        });
    }

    /** @return the outcome's line in the audit log; a fallback says so first, never as a plain completion */
    static String outcomeDetail(MigrationOutcome outcome) {
        String line = outcome.technique() + " on " + outcome.finalHost() + (outcome.detail().isEmpty() ? "" : ": "
                + outcome.detail());
        return outcome.fallback().map(why -> "FALLBACK, not steered by the policy to the end (" + why + "); " + line)
                .orElse(line);
    }

    // ------------------------------------------------------------------ operator requests

    /** Starts one migration now through the guard and the active policy. */
    MigrationId migrate(VmId vm, HostId target) throws ControllerException {
        PoolSettings s = settings.get();
        PluginRegistry.Entry<MigrationPolicy> policy = plugins.policies().get(s.policy())
                .orElseThrow(() -> new ControllerException("policy '" + s.policy() + "' is not installed"));
        Optional<Capability> missing = missingCapability(policy.service());
        if (missing.isPresent()) {
            throw new ControllerException("policy '" + s.policy() + "' needs " + missing.get()
                    + ", which this pool lacks");
        }
        ClusterSnapshot snapshot;
        try {
            snapshot = adapter.snapshot();
        } catch (HypervisorException e) {
            throw new ControllerException("hypervisor unreachable: " + e.getMessage());
        }
        VmState v = snapshot.vm(vm).orElseThrow(() -> new ControllerException("VM " + vm + " is not in pool " + pool));
        if (v.residentOn().isEmpty()) {
            throw new ControllerException("VM " + vm + " is " + v.power().name().toLowerCase() + ", not running");
        }
        if (v.residentOn().get().equals(target)) {
            throw new ControllerException("VM " + vm + " already runs on " + target);
        }
        MigrationDecision d = new MigrationDecision(vm, v.residentOn().get(), target, OPERATOR,
                "requested by an operator");
        synchronized (lock) {
            try {
                decisions.incrementAndGet();
                return execute(d, snapshot, s, policy, Optional.empty(), new Requests(adapter, s), clock.instant(),
                        true);
            } catch (RefusedException e) {
                throw new ControllerException(e.getMessage());
            }
        }
    }

    /**
     * Applies a new selection now.
     *
     * @param remember whether the selection it replaces can be rolled back to (not when this is a rollback)
     */
    Selection select(Selection selection, String why, boolean remember) {
        synchronized (lock) {
            PoolSettings current = settings.get();
            if (!current.selection().equals(selection)) {
                if (remember) {
                    previous.push(current.selection());
                }
                settings.set(current.with(selection));
                audit.append(new AuditRecord(clock.instant(), AuditRecord.Type.SELECTION, pool, Optional.empty(),
                        Optional.empty(), Optional.empty(), Optional.empty(), "", selection.policy(),
                        plugins.policies().get(selection.policy()).map(PluginRegistry.Entry::bundleVersion).orElse(""),
                        Optional.empty(), Optional.empty(), Optional.empty(), selection.dryRun(),
                        why + ": policy " + selection.policy() + ", agent " + selection.agent() + ", predictor "
                                + selection.predictor().orElse("none") + (selection.dryRun() ? ", dry-run" : "")));
            }
            return settings.get().selection();
        }
    }

    /** Applies new settings from configuration (the selection among them). */
    void configure(PoolSettings next) {
        synchronized (lock) {
            Selection before = settings.get().selection();
            settings.set(next.with(before));
            select(next.selection(), "configuration", true);
        }
    }

    /** @return the selection before the last change, removed from the history */
    Optional<Selection> popPrevious() {
        synchronized (lock) {
            return Optional.ofNullable(previous.poll());
        }
    }

    // ------------------------------------------------------------------ status and recordings

    PoolStatus status() {
        List<InFlight> flights = new ArrayList<>();
        for (Running r : running.values()) {
            MigrationProgress progress;
            try {
                progress = r.handle().progress();
            } catch (RuntimeException e) {
                progress = new MigrationProgress(0, MigrationProgress.Phase.QUEUED, 0, Duration.ZERO, 0);
            }
            flights.add(new InFlight(r.id(), r.decision().vm(), r.decision().source(), r.decision().target(),
                    r.policy().name(), r.policy().bundleVersion(), progress, r.started()));
        }
        flights.sort(Comparator.comparing(InFlight::started));
        Optional<ClusterSnapshot> snapshot;
        try {
            snapshot = Optional.of(adapter.snapshot());
        } catch (HypervisorException | RuntimeException e) {
            snapshot = lastSnapshot; // the hypervisor does not answer now: show what the last cycle saw
        }
        return new PoolStatus(pool, adapter.kind(), adapter.capabilities(), settings.get().selection(), snapshot,
                flights, lastCycle, problem, new PoolStatus.Counters(cycles.get(), decisions.get(), refused.get(),
                        started.get(), completed.get(), failed.get(), cancelled.get()),
                note());
    }

    /** @return what the operator should know about what this hypervisor really executes */
    String note() {
        var caps = adapter.capabilities();
        if (!caps.contains(Capability.ROUND_CONTROL) && !caps.contains(Capability.POST_COPY)) {
            return "this " + adapter.kind() + " pool migrates with pre-copy by its own rules: the policy contributes "
                    + "its cost prediction and timing advice, not the rounds";
        }
        if (!caps.contains(Capability.POST_COPY)) {
            return "this " + adapter.kind() + " pool executes pre-copy only";
        }
        return "the policy steers each migration round by round";
    }

    /** Turns recent telemetry into comparison scenarios, busiest VMs first. */
    List<EngineScenario> recording(int maxVms) throws ControllerException {
        ClusterSnapshot snapshot;
        try {
            snapshot = adapter.snapshot();
        } catch (HypervisorException e) {
            throw new ControllerException("hypervisor unreachable: " + e.getMessage());
        }
        PoolSettings s = settings.get();
        Requests requests = new Requests(adapter, s);
        List<EngineScenario> out = new ArrayList<>();
        List<VmState> vms = snapshot.vms().stream().filter(VmState::migratable)
                .sorted(Comparator.comparingDouble((VmState v) -> v.cpuUtilisation() * v.vcpus()).reversed()
                        .thenComparing(VmState::id))
                .limit(maxVms).toList();
        for (VmState vm : vms) {
            DirtyingModel model = recordedDirtying(vm, requests, s);
            out.add(new EngineScenario("recording-" + vm.id().value(), Math.max(vm.memoryBytes(), 1L << 20),
                    s.pageSizeBytes(), s.executionStateBytes(), requests.link(), model, s.downtimeBudget(), 1));
        }
        return out;
    }

    private DirtyingModel recordedDirtying(VmState vm, Requests requests, PoolSettings s) {
        try {
            if (adapter.capabilities().contains(Capability.DIRTY_RATE_METRIC)) {
                Optional<MetricWindow> w = adapter.metrics(vm.id().value(), Metric.DIRTY_PAGES_PER_SECOND, 720);
                if (w.isPresent() && w.get().size() > 0) {
                    return new DirtyingModel.Replay(w.get().step().toNanos() / 1e9, w.get().values(), 0);
                }
            }
            Optional<MetricWindow> cpu = adapter.metrics(vm.id().value(), Metric.CPU_UTILISATION, 720);
            if (cpu.isPresent() && cpu.get().size() > 0) {
                double[] rates = cpu.get().values();
                for (int i = 0; i < rates.length; i++) {
                    rates[i] = rates[i] * vm.vcpus() * s.inferredDirtyPagesPerCpuSecond();
                }
                return new DirtyingModel.Replay(cpu.get().step().toNanos() / 1e9, rates, 0);
            }
        } catch (HypervisorException | RuntimeException e) {
            LOG.debug("pool {}: no telemetry for {}: {}", pool, vm.id(), e.toString());
        }
        return new DirtyingModel.Uniform(requests.dirtyBehaviour(vm).pagesPerSecond());
    }

    // ------------------------------------------------------------------ helpers

    private void auditError(PoolSettings s, PluginRegistry.Entry<MigrationPolicy> policy, String text) {
        LOG.warn("pool {}: {}", pool, text);
        audit.append(record(AuditRecord.Type.ERROR, Optional.empty(), Optional.empty(), s.agent(), policy.name(),
                policy.bundleVersion(), Optional.empty(), text));
    }

    private AuditRecord record(AuditRecord.Type type, Optional<MigrationId> id, Optional<MigrationDecision> d,
            String agent, String policy, String bundle, Optional<MigrationPlan> plan, String detail) {
        return new AuditRecord(clock.instant(), type, pool, id, d.map(MigrationDecision::vm),
                d.map(MigrationDecision::source), d.map(MigrationDecision::target), agent, policy, bundle,
                plan.map(MigrationPlan::predicted), Optional.empty(), Optional.empty(), settings.get().dryRun(), detail);
    }

    /** A decision the guard, the policy or the hypervisor refused. */
    static final class RefusedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RefusedException(String message) {
            super(message, null, false, false);
        }
    }
}
