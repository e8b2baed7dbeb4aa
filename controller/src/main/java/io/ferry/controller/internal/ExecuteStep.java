package io.ferry.controller.internal;

import io.ferry.api.HypervisorAdapter;
import io.ferry.api.HypervisorException;
import io.ferry.api.MigrationAgent;
import io.ferry.api.MigrationHandle;
import io.ferry.api.MigrationPolicy;
import io.ferry.api.MigrationSteering;
import io.ferry.api.model.MigrationDecision;
import io.ferry.api.model.MigrationId;
import io.ferry.api.model.MigrationOutcome;
import io.ferry.api.model.MigrationPlan;
import io.ferry.api.model.MigrationProgress;
import io.ferry.api.model.MigrationRequest;
import io.ferry.api.model.PoolId;
import io.ferry.api.model.VmState;
import io.ferry.controller.AuditRecord;
import io.ferry.controller.InFlight;
import io.ferry.guard.Guard;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The execute step of the cycle, sixth of seven: starts a planned decision on the pool's hypervisor with the
 * steering its policy creates for the plan's request, cancels it when it exceeds {@code migrationTimeoutSeconds},
 * and when it ends tells the guard (cooldown or back-off), the record step (outcome beside prediction) and the
 * agent that decided it (to learn).
 *
 * <p>Swap semantics: a migration keeps the policy entry, steering and agent it started with until it ends,
 * whatever happens to their bundles. An outcome is recorded once, even if an adapter completes twice. Cost: one
 * timer per migration in flight. Thread-safe.
 */
final class ExecuteStep {

    private static final Logger LOG = LoggerFactory.getLogger(ExecuteStep.class);

    /** A migration in flight with everything it started with. */
    private record Running(MigrationId id, MigrationDecision decision, MigrationHandle handle,
            PluginRegistry.Entry<MigrationPolicy> policy, Optional<PluginRegistry.Entry<MigrationAgent>> agent,
            MigrationPlan plan, Instant started, ScheduledFuture<?> timeout) {
    }

    /** The hypervisor or the policy refused to start a decision. */
    static final class NotStarted extends Exception {
        private static final long serialVersionUID = 1L;

        NotStarted(String message) {
            super(message, null, false, false);
        }
    }

    private final PoolId pool;
    private final HypervisorAdapter adapter;
    private final Guard guard;
    private final RecordStep record;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final Executor callbacks;
    private final java.util.function.Supplier<PoolSettings> settings;
    private final Map<MigrationId, Running> running = new ConcurrentHashMap<>();

    ExecuteStep(PoolId pool, HypervisorAdapter adapter, Guard guard, RecordStep record, Clock clock,
            ScheduledExecutorService scheduler, Executor callbacks,
            java.util.function.Supplier<PoolSettings> settings) {
        this.pool = pool;
        this.adapter = adapter;
        this.guard = guard;
        this.record = record;
        this.clock = clock;
        this.scheduler = scheduler;
        this.callbacks = callbacks;
        this.settings = settings;
    }

    /**
     * Starts one migration with the plan and request the plan step made. The caller holds the guard's monitor,
     * so that no other decision passes the guard between its check and this start.
     *
     * @throws NotStarted with the reason, already recorded, when the policy cannot steer or the hypervisor refuses
     */
    void start(MigrationId id, MigrationDecision d, VmState vm, PlanStep.Planned planned,
            PluginRegistry.Entry<MigrationPolicy> policy, Optional<PluginRegistry.Entry<MigrationAgent>> agent,
            PoolSettings s, Instant now) throws NotStarted {
        String agentName = agent.map(PluginRegistry.Entry::name).orElse(RecordStep.OPERATOR);
        MigrationRequest request = planned.request();
        MigrationPlan plan = planned.plan().orElseThrow();
        MigrationHandle handle;
        guard.started(d, vm, s.guardRules());
        try {
            MigrationSteering steering = policy.service().steer(request, adapter.capabilities());
            handle = adapter.migrate(id, request, steering);
        } catch (HypervisorException | RuntimeException | LinkageError e) {
            guard.ended(d.vm(), false, s.guardRules(), now);
            String why = e instanceof HypervisorException h ? "hypervisor refused: " + h.getMessage()
                    : "could not start: " + e;
            record.refused(AuditRecord.Type.REFUSED, Optional.of(id), d, agentName, policy, Optional.of(plan), why);
            throw new NotStarted(why);
        }
        record.started();
        ScheduledFuture<?> timeout = scheduler.schedule(() -> timeout(id), s.migrationTimeout().toMillis(),
                TimeUnit.MILLISECONDS);
        running.put(id, new Running(id, d, handle, policy, agent, plan, now, timeout));
        handle.outcome().whenCompleteAsync((outcome, error) -> finished(id, outcome, error), callbacks);
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
        guard.ended(r.decision().vm(), ok, settings.get().guardRules(), now);
        String agentName = r.agent().map(PluginRegistry.Entry::name).orElse(RecordStep.OPERATOR);
        if (error != null || outcome == null) {
            record.lost(id, r.decision(), agentName, r.policy(), r.plan(), error);
            return;
        }
        record.outcome(id, r.decision(), agentName, r.policy(), r.plan(), outcome);
        r.agent().ifPresent(a -> {
            try {
                a.service().learn(r.decision(), outcome);
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("pool {}: agent {} failed to learn from {}: {}", pool, a.name(), id, e.toString());
            }
        });
    }

    /** @return the migrations in flight, oldest first, with their progress (asked of each handle, never the pool) */
    List<InFlight> inFlight() {
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
        return flights;
    }
}
