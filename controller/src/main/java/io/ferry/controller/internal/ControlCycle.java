package io.ferry.controller.internal;

import io.ferry.api.HypervisorAdapter;
import io.ferry.api.HypervisorException;
import io.ferry.api.MigrationAgent;
import io.ferry.api.MigrationPolicy;
import io.ferry.api.Predictor;
import io.ferry.api.model.Capability;
import io.ferry.api.model.MigrationDecision;
import io.ferry.api.model.MigrationId;
import io.ferry.api.model.PoolId;
import io.ferry.api.model.VmState;
import io.ferry.controller.AuditRecord;
import io.ferry.guard.Guard;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One pool's control cycle (DESIGN.md §1), its seven steps in order, each its own class:
 * <ol>
 * <li>{@link TelemetryStep}: the hypervisor's snapshot and metric windows;</li>
 * <li>{@link ForecastStep}: forecasts by the predictor selected for the pool;</li>
 * <li>{@link DecideStep}: the selected agent's decisions, from a {@link CycleContext};</li>
 * <li>the {@link Guard} (module {@code guard}): the safety rules each decision must pass, with the pool's
 * {@link PoolSettings#guardRules() rules};</li>
 * <li>{@link PlanStep}: the selected policy's plan, computed once per move and reused;</li>
 * <li>{@link ExecuteStep}: the adapter migrates, outcomes come back;</li>
 * <li>{@link RecordStep}: the audit log and the counters.</li>
 * </ol>
 *
 * <p>Swap semantics: a cycle resolves the selection once, at its start, and every decision of that cycle runs
 * with the policy and agent instances resolved then; a selection change takes effect at the next cycle. No
 * decision is dropped or run twice: each is judged once, recorded once and executed at most once.
 *
 * <p>An agent that throws makes its cycle decide nothing; status shows the first line of its message
 * ({@link DecideStep.AgentFailed}), and the failure is recorded (an audit ERROR, one warning in the log) when it
 * starts and whenever its text changes, not again each cycle it repeats.
 *
 * <p>Cost per cycle: one snapshot, the agent's decision, one plan per distinct move, O(decisions × VMs on the
 * target) in the guard. Cycles of one pool never overlap (the scheduler runs the next after this one ends).
 */
final class ControlCycle {

    private final PoolId pool;
    private final HypervisorAdapter adapter;
    private final Plugins plugins;
    private final Clock clock;
    private final TelemetryStep telemetry;
    private final Guard guard;
    private final ExecuteStep execute;
    private final RecordStep record;
    private final Problems problems;
    private final PoolForecasts forecastsKept;
    private final AtomicLong sequence = new AtomicLong();
    /** The agent's failure of the last cycle, as recorded; null when it decided. */
    private volatile String lastAgentFailure;

    /** Where the cycle says what stops the pool from deciding, or what it decides without. */
    interface Problems {
        /** Something stops the pool from deciding: recorded the first time it is reported. */
        void report(String problem);

        /** What the pool decides without (or nothing): shown in status, not recorded. */
        void set(Optional<String> note);
    }

    /** @param problems told what stops the pool from deciding */
    ControlCycle(PoolId pool, HypervisorAdapter adapter, Plugins plugins, Clock clock, TelemetryStep telemetry,
            Guard guard, ExecuteStep execute, RecordStep record, Problems problems, PoolForecasts forecasts) {
        this.pool = pool;
        this.adapter = adapter;
        this.plugins = plugins;
        this.clock = clock;
        this.telemetry = telemetry;
        this.guard = guard;
        this.execute = execute;
        this.record = record;
        this.problems = problems;
        this.forecastsKept = forecasts;
    }

    /** Runs one control cycle now with settings {@code s}. */
    void run(PoolSettings s) {
        Instant now = clock.instant();
        record.cycle();
        Optional<PluginRegistry.Entry<MigrationPolicy>> policy = plugins.policies().get(s.policy());
        Optional<PluginRegistry.Entry<MigrationAgent>> agent = plugins.agents().get(s.agent());
        if (policy.isEmpty()) {
            problems.report(("policy '" + s.policy() + "' is not installed (installed: "
                    + plugins.policies().names() + "); no decisions until it is, or another is selected"));
            return;
        }
        Optional<Capability> missing = missingCapability(policy.get().service());
        if (missing.isPresent()) {
            problems.report(("policy '" + s.policy() + "' needs " + missing.get() + ", which this "
                    + adapter.kind() + " pool lacks; no decisions until another policy is selected"));
            return;
        }
        if (agent.isEmpty()) {
            problems.report(("agent '" + s.agent() + "' is not installed (installed: "
                    + plugins.agents().names() + "); no decisions until it is, or another is selected"));
            return;
        }
        // 1. telemetry
        TelemetryStep.Reading reading;
        try {
            reading = telemetry.read();
        } catch (HypervisorException | RuntimeException e) {
            problems.report(("hypervisor unreachable: " + e.getMessage()));
            return;
        }
        // 2. forecast: last cycles' forecasts whose round has come are audited, this cycle's are made on demand
        forecastsKept.settle(reading);
        Optional<String> note = forecastsKept.missing(s);
        ForecastStep forecasts = forecastsKept.step(reading, s);
        PlanStep plans = new PlanStep(policy.get(), new Requests(reading, forecasts, s));
        // 3. decide
        List<MigrationDecision> proposed;
        try {
            proposed = DecideStep.decide(agent.get(), new CycleContext(reading, forecasts, plans, guard, now));
        } catch (DecideStep.AgentFailed e) {
            // the same failure cycle after cycle (a model file that does not fit) is recorded once, not per cycle
            if (!e.getMessage().equals(lastAgentFailure)) {
                record.problem(s.agent(), policy.get().name(), policy.get().bundleVersion(), e.getMessage());
                lastAgentFailure = e.getMessage();
            }
            problems.set(Optional.of(e.inLastCycle()));
            forecastsKept.remember(forecasts.made(), s.forecastLedger());
            return;
        }
        lastAgentFailure = null;
        problems.set(note);
        record.proposed(proposed.size());
        record.proposedNow(proposed.stream().map(MigrationDecision::vm).collect(java.util.stream.Collectors.toSet()));
        // 4.-7. guard, plan, execute, record: each decision judged alone
        synchronized (guard) {
            guard.observe(reading.snapshot(), proposed, s.guardRules(), now);
            for (MigrationDecision d : proposed) {
                try {
                    judge(d, reading, forecasts, plans, agent, s, now, false);
                } catch (Refused e) {
                    // recorded; judged alone: the next decision of the cycle goes on
                }
            }
        }
        forecastsKept.remember(forecasts.made(), s.forecastLedger());
    }

    /**
     * Guards, plans (or reuses the plan the agent was shown), records and starts one decision.
     *
     * @param agent  the agent that decided it, empty for an operator's request
     * @param manual an operator's request: hysteresis does not apply
     * @return the migration's id when it was started (or recorded, in dry-run)
     * @throws Refused with the reason, already recorded
     */
    MigrationId judge(MigrationDecision d, TelemetryStep.Reading reading, ForecastStep forecasts, PlanStep plans,
            Optional<PluginRegistry.Entry<MigrationAgent>> agent, PoolSettings s, Instant now, boolean manual)
            throws Refused {
        PluginRegistry.Entry<MigrationPolicy> policy = plans.policy();
        String agentName = agent.map(PluginRegistry.Entry::name).orElse(RecordStep.OPERATOR);
        synchronized (guard) {
            Optional<String> refusal = guard.check(d, reading.snapshot(), s.guardRules(), now, manual);
            if (refusal.isPresent()) {
                record.refused(AuditRecord.Type.REFUSED, Optional.empty(), d, agentName, policy, Optional.empty(),
                        refusal.get());
                throw new Refused(refusal.get());
            }
            VmState vm = reading.snapshot().vm(d.vm()).orElseThrow();
            PlanStep.Planned planned = plans.plan(vm, d.source(), d.target());
            if (planned.plan().isEmpty()) {
                record.refused(AuditRecord.Type.ERROR, Optional.empty(), d, agentName, policy, Optional.empty(),
                        planned.failure());
                throw new Refused(planned.failure());
            }
            MigrationId id = new MigrationId(pool.value() + "-" + now.toEpochMilli() + "-"
                    + sequence.incrementAndGet());
            record.decision(id, d, agentName, policy, planned.plan().get(),
                    forecasts.about(List.of(d.vm().value(), d.source().value(), d.target().value())));
            if (s.dryRun()) {
                return id;
            }
            try {
                execute.start(id, d, vm, planned, policy, agent, s, now);
            } catch (ExecuteStep.NotStarted e) {
                throw new Refused(e.getMessage());
            }
            return id;
        }
    }

    /** @return the first capability the policy needs that the pool's hypervisor lacks */
    Optional<Capability> missingCapability(MigrationPolicy policy) {
        return policy.requiredCapabilities().stream().filter(c -> !adapter.capabilities().contains(c))
                .sorted().findFirst();
    }

    /** A decision the guard, the policy or the hypervisor refused. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message, null, false, false);
        }
    }
}
