package io.ferry.datacenter;

import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.MigrationDecision;
import io.ferry.api.model.VmId;
import io.ferry.api.model.VmState;
import io.ferry.guard.Guard;
import io.ferry.guard.GuardRules;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The controller's own {@link Guard} (concurrency, cooldown, back-off, anti-affinity, memory, hysteresis) between an
 * agent and the data-centre engine, in virtual time: the same rules an agent meets in a running Ferry. One instance
 * per run ({@link #factory} makes them). Its memory rule counts a VM's whole RAM, which CloudSim's memory
 * artefact ({@link DatacenterSetup#migratedVmsHoldNoMemory()}) does not: a guarded run belongs with
 * {@link DatacenterSetup#physical()}, Ferry's own semantics. Virtual time: {@code Instant.EPOCH} plus the
 * simulated seconds. Cost: the guard's, per decision.
 */
public final class ControllerGuard implements DatacenterGuard {

    private final Guard guard = new Guard();
    private final GuardRules rules;
    private ClusterSnapshot last;

    /** @param rules the rules, e.g. {@link GuardRules#defaults()} (a pool without configuration) */
    public ControllerGuard(GuardRules rules) {
        this.rules = Objects.requireNonNull(rules, "rules");
    }

    /**
     * @param rules the rules every run's guard applies
     * @return a fresh guard per run, for {@link DatacenterSetup#withGuard}
     */
    public static Supplier<DatacenterGuard> factory(GuardRules rules) {
        Objects.requireNonNull(rules, "rules");
        return () -> new ControllerGuard(rules);
    }

    @Override
    public void observe(ClusterSnapshot snapshot, List<MigrationDecision> proposed, Instant now) {
        last = snapshot;
        guard.observe(snapshot, proposed, rules, now);
    }

    @Override
    public Optional<String> blocked(VmId vm, Instant now) {
        return guard.blocked(vm, now);
    }

    @Override
    public Optional<String> refusal(MigrationDecision decision, ClusterSnapshot snapshot, Instant now) {
        last = snapshot;
        return guard.check(decision, snapshot, rules, now, false);
    }

    @Override
    public void started(MigrationDecision decision, Instant now) {
        VmState vm = last.vm(decision.vm()).orElseThrow(
                () -> new IllegalStateException("VM " + decision.vm() + " started but is not in the snapshot"));
        guard.started(decision, vm, rules);
    }

    @Override
    public void finished(MigrationDecision decision, Instant now) {
        guard.ended(decision.vm(), true, rules, now);
    }
}
