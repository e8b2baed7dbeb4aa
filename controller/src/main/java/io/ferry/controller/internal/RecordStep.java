package io.ferry.controller.internal;

import io.ferry.api.MigrationPolicy;
import io.ferry.api.model.MigrationDecision;
import io.ferry.api.model.MigrationId;
import io.ferry.api.model.MigrationOutcome;
import io.ferry.api.model.MigrationPlan;
import io.ferry.api.model.PoolId;
import io.ferry.api.model.VmId;
import io.ferry.controller.AuditRecord;
import io.ferry.controller.ForecastRecord;
import io.ferry.controller.PoolStatus;
import io.ferry.controller.Selection;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The record step of the cycle, last of seven: every decision, refusal, outcome, selection change and error of
 * one pool goes to the audit log with the strategy bundle and version that made it, and into the pool's counters
 * ({@code migration:status}).
 *
 * <p>Cost: one audit append per record. Thread-safe.
 */
final class RecordStep {

    private static final Logger LOG = LoggerFactory.getLogger(RecordStep.class);
    /** The agent name of an operator's request. */
    static final String OPERATOR = "operator";

    private final PoolId pool;
    private final AuditLog audit;
    private final Clock clock;
    private final Supplier<PoolSettings> settings;
    private final AtomicLong cycles = new AtomicLong();
    private final AtomicLong decisions = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong started = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong cancelled = new AtomicLong();
    /** Per VM, the last refusal of an agent's decision recorded and how often it repeated since. */
    private final Map<VmId, Repeated> lastRefusal = new HashMap<>();

    /** A refusal and how many identical ones followed it unrecorded. */
    private static final class Repeated {
        final String key;
        final MigrationDecision decision;
        final String agent;
        final PluginRegistry.Entry<MigrationPolicy> policy;
        final String why;
        int repeats;

        Repeated(String key, MigrationDecision decision, String agent, PluginRegistry.Entry<MigrationPolicy> policy,
                String why) {
            this.key = key;
            this.decision = decision;
            this.agent = agent;
            this.policy = policy;
            this.why = why;
        }
    }

    RecordStep(PoolId pool, AuditLog audit, Clock clock, Supplier<PoolSettings> settings) {
        this.pool = pool;
        this.audit = audit;
        this.clock = clock;
        this.settings = settings;
    }

    void cycle() {
        cycles.incrementAndGet();
    }

    void proposed(int count) {
        decisions.addAndGet(count);
    }

    void started() {
        started.incrementAndGet();
    }

    /** A decision that passed the guard and was planned (and, unless in dry-run, is about to start). */
    void decision(MigrationId id, MigrationDecision d, String agent, PluginRegistry.Entry<MigrationPolicy> policy,
            MigrationPlan plan) {
        decision(id, d, agent, policy, plan, List.of());
    }

    /** A decision with the forecasts that informed it (of its VM and its hosts, by the pool's predictors). */
    void decision(MigrationId id, MigrationDecision d, String agent, PluginRegistry.Entry<MigrationPolicy> policy,
            MigrationPlan plan, List<ForecastRecord> forecasts) {
        endRepeats(d.vm());
        String detail = d.reason() + "; " + plan.technique() + ": " + plan.rationale();
        AuditRecord r = record(AuditRecord.Type.DECISION, Optional.of(id), Optional.of(d), agent, policy.name(),
                policy.bundleVersion(), Optional.of(plan), detail);
        audit.append(new AuditRecord(r.time(), r.type(), r.pool(), r.migration(), r.vm(), r.source(), r.target(),
                r.agent(), r.policy(), r.bundle(), r.predicted(), r.actual(), r.status(), r.dryRun(), r.detail(),
                false, forecasts));
    }

    /** A forecast beside what was measured when its round came. */
    void forecast(ForecastRecord f) {
        String detail = String.format(java.util.Locale.ROOT, "%s forecast %s of %s %.4g, observed %.4g, error %+.4g",
                f.predictor(), f.metric(), f.subject(), f.value(), f.observed().orElse(Double.NaN),
                f.error().orElse(Double.NaN));
        audit.append(new AuditRecord(clock.instant(), AuditRecord.Type.FORECAST, pool, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), "", "", "", Optional.empty(), Optional.empty(),
                Optional.empty(), settings.get().dryRun(), detail, false, List.of(f)));
    }

    /**
     * A decision the guard, the policy or the hypervisor refused: counted and recorded. An agent's decision refused
     * for the same reason as its previous one for that VM (an agent re-proposing a VM in cooldown every cycle) is
     * counted and recorded once; when the series ends, one record says how many times it was refused.
     */
    synchronized void refused(AuditRecord.Type type, Optional<MigrationId> id, MigrationDecision d, String agent,
            PluginRegistry.Entry<MigrationPolicy> policy, Optional<MigrationPlan> plan, String why) {
        if (id.isEmpty() && !agent.equals(OPERATOR)) {
            String key = type + "|" + d.source() + "|" + d.target() + "|" + policy.name() + "|" + why;
            Repeated last = lastRefusal.get(d.vm());
            if (last != null && last.key.equals(key)) {
                last.repeats++;
                return;
            }
            endRepeats(d.vm());
            lastRefusal.put(d.vm(), new Repeated(key, d, agent, policy, why));
        } else {
            endRepeats(d.vm());
        }
        refused.incrementAndGet();
        audit.append(record(type, id, Optional.of(d), agent, policy.name(), policy.bundleVersion(), plan, why));
    }

    /** Closes the VM's series of identical refusals, recording how long it was when it repeated. */
    private synchronized void endRepeats(VmId vm) {
        Repeated last = lastRefusal.remove(vm);
        if (last != null && last.repeats > 0) {
            audit.append(record(AuditRecord.Type.REFUSED, Optional.empty(), Optional.of(last.decision), last.agent,
                    last.policy.name(), last.policy.bundleVersion(), Optional.empty(),
                    "refused " + (last.repeats + 1) + " times in a row, recorded once: " + last.why));
        }
    }

    /** Ends every series of refusals of VMs the agent did not propose again this cycle. */
    synchronized void proposedNow(Set<VmId> vms) {
        for (VmId vm : List.copyOf(lastRefusal.keySet())) {
            if (!vms.contains(vm)) {
                endRepeats(vm);
            }
        }
    }

    /** A problem of the pool (not of one decision), logged as a warning too. */
    void problem(String agent, String policy, String bundle, String text) {
        LOG.warn("pool {}: {}", pool, text);
        audit.append(record(AuditRecord.Type.ERROR, Optional.empty(), Optional.empty(), agent, policy, bundle,
                Optional.empty(), text));
    }

    /** A migration that ended with no outcome from its adapter. */
    void lost(MigrationId id, MigrationDecision d, String agent, PluginRegistry.Entry<MigrationPolicy> policy,
            MigrationPlan plan, Throwable error) {
        failed.incrementAndGet();
        audit.append(record(AuditRecord.Type.ERROR, Optional.of(id), Optional.of(d), agent, policy.name(),
                policy.bundleVersion(), Optional.of(plan),
                "the hypervisor adapter reported no outcome: " + error + "; the next snapshot says where the VM is"));
    }

    /** A migration's outcome, its prediction beside what happened. */
    void outcome(MigrationId id, MigrationDecision d, String agent, PluginRegistry.Entry<MigrationPolicy> policy,
            MigrationPlan plan, MigrationOutcome outcome) {
        switch (outcome.status()) {
            case COMPLETED -> completed.incrementAndGet();
            case FAILED -> failed.incrementAndGet();
            case CANCELLED -> cancelled.incrementAndGet();
        }
        audit.append(new AuditRecord(clock.instant(), AuditRecord.Type.OUTCOME, pool, Optional.of(id),
                Optional.of(d.vm()), Optional.of(outcome.source()), Optional.of(outcome.target()), agent,
                policy.name(), policy.bundleVersion(), Optional.of(plan.predicted()), outcome.metrics(),
                Optional.of(outcome.status()), false, outcomeDetail(outcome), outcome.fellBack()));
    }

    /** @return the outcome's line in the audit log; a fallback says so first, never as a plain completion */
    static String outcomeDetail(MigrationOutcome outcome) {
        String line = outcome.technique() + " on " + outcome.finalHost() + (outcome.detail().isEmpty() ? "" : ": "
                + outcome.detail());
        return outcome.fallback().map(why -> "FALLBACK, not steered by the policy to the end (" + why + "); " + line)
                .orElse(line);
    }

    /** A selection change. */
    void selection(Selection selection, String bundle, String why) {
        audit.append(new AuditRecord(clock.instant(), AuditRecord.Type.SELECTION, pool, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), "", selection.policy(), bundle,
                Optional.empty(), Optional.empty(), Optional.empty(), selection.dryRun(),
                why + ": policy " + selection.policy() + ", agent " + selection.agent() + ", predictor "
                        + selection.predictor().orElse("none") + (selection.dryRun() ? ", dry-run" : "")));
    }

    PoolStatus.Counters counters() {
        return new PoolStatus.Counters(cycles.get(), decisions.get(), refused.get(), started.get(), completed.get(),
                failed.get(), cancelled.get());
    }

    private AuditRecord record(AuditRecord.Type type, Optional<MigrationId> id, Optional<MigrationDecision> d,
            String agent, String policy, String bundle, Optional<MigrationPlan> plan, String detail) {
        return new AuditRecord(clock.instant(), type, pool, id, d.map(MigrationDecision::vm),
                d.map(MigrationDecision::source), d.map(MigrationDecision::target), agent, policy, bundle,
                plan.map(MigrationPlan::predicted), Optional.empty(), Optional.empty(), settings.get().dryRun(), detail);
    }
}
