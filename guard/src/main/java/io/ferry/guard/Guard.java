package io.ferry.guard;

import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.HostId;
import io.ferry.api.model.HostState;
import io.ferry.api.model.MigrationDecision;
import io.ferry.api.model.VmId;
import io.ferry.api.model.VmState;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The safety rules every migration decision passes before anything runs (DESIGN.md §7). It decides, for one
 * decision against one snapshot, whether it may run and, if not, why, in this order: the VM and hosts are as the
 * agent believed (the VM is in the pool, running, on the decision's source; the target is in the pool); the target
 * accepts VMs (not in maintenance, not disabled); the VM is not already moving, not in cooldown after a move, not in
 * back-off after a failure; the pool and both hosts are under their concurrency limits; the target holds no VM of the
 * same anti-affinity group, and none of that group is moving there; the target has the memory, counting the VMs
 * already moving there; and, for an agent's decision, hysteresis: the source host has been at least
 * {@link GuardRules#hotThreshold() hotThreshold} busy for {@link GuardRules#hold() hold} (or the agent has proposed
 * this VM for that long), and a move off a hot host narrows the CPU gap between source and target by at least
 * {@link GuardRules#minImprovement() minImprovement}. With {@link GuardRules#off()} only the first group and the
 * VM already moving are refused.
 *
 * <p>A refusal concerns one decision only; the caller judges the others on their own, so one unmigratable VM never
 * blocks the rest. {@link #blocked} tells an agent in advance what no choice of target can change (in flight,
 * cooldown, back-off). The guard does not choose VMs or targets, does not execute anything, and forgets everything
 * when discarded (a restarted controller starts without cooldowns) unless its state was {@link #export() exported}
 * and is {@link #restore(GuardState) restored} into the new guard.
 *
 * <p>Use: per control cycle (or scheduling interval) {@link #observe} the snapshot and the agent's proposals, then
 * {@link #check} each decision, {@link #started} what runs, and {@link #ended} each migration when it ends. The
 * {@link GuardRules} are passed with every call, so rules changed between calls apply from the next call while the
 * moves in flight, cooldowns and back-offs stay. Time is passed in: a wall clock and a simulation's virtual clock
 * work alike.
 *
 * <p>Cost: {@link #observe} O(hosts + proposals + VMs in cooldown or back-off); {@link #check} O(VMs on the target
 * × their tags + migrations in flight); {@link #blocked}, {@link #started} and {@link #ended} O(1) (plus the VM's
 * tags). Memory: O(hosts + VMs in flight, cooldown or back-off).
 *
 * <p>Thread-safe: each method holds this guard's monitor. A caller that must check a decision and record it as
 * started with no other decision passing in between holds the monitor across both:
 * {@code synchronized (guard) { guard.check(…); …; guard.started(…); }}.
 */
public final class Guard {

    /** A migration the guard knows is in flight. */
    private record Move(VmId vm, HostId source, HostId target, long memoryBytes, Set<String> groups) {
    }

    private final Map<VmId, Move> inFlight = new HashMap<>();
    private final Map<VmId, Instant> cooldownUntil = new HashMap<>();
    private final Map<VmId, Instant> backoffUntil = new HashMap<>();
    private final Map<HostId, Instant> hotSince = new HashMap<>();
    private final Map<VmId, Instant> proposedSince = new HashMap<>();

    /** A guard that has seen nothing yet: no move in flight, no cooldown, no host hot. */
    public Guard() {
    }

    /**
     * Notes which hosts are hot now and which VMs the agent proposes, for the hysteresis hold time, and forgets the
     * cooldowns and back-offs that have run out. Call once per cycle, before the cycle's checks.
     *
     * @param snapshot the pool now
     * @param proposed the agent's decisions of this cycle (a VM not proposed now is no longer "proposed since")
     * @param rules    the rules (the hot threshold)
     * @param now      the cycle's instant
     */
    public synchronized void observe(ClusterSnapshot snapshot, List<MigrationDecision> proposed, GuardRules rules,
            Instant now) {
        for (HostState h : snapshot.hosts()) {
            if (h.cpuUtilisation() >= rules.hotThreshold()) {
                hotSince.putIfAbsent(h.id(), now);
            } else {
                hotSince.remove(h.id());
            }
        }
        Set<VmId> vms = proposed.stream().map(MigrationDecision::vm).collect(Collectors.toSet());
        proposedSince.keySet().retainAll(vms);
        for (VmId vm : vms) {
            proposedSince.putIfAbsent(vm, now);
        }
        cooldownUntil.values().removeIf(now::isAfter);
        backoffUntil.values().removeIf(now::isAfter);
    }

    /**
     * Judges one decision against the snapshot, the moves in flight and the rules.
     *
     * @param d        the decision
     * @param snapshot the pool as the decision was made on it
     * @param rules    the rules
     * @param now      the instant of the judgement
     * @param manual   an operator's request: hysteresis does not apply, every other rule does
     * @return why the decision is refused (one line), or empty when it may run
     */
    public synchronized Optional<String> check(MigrationDecision d, ClusterSnapshot snapshot, GuardRules rules,
            Instant now, boolean manual) {
        Optional<VmState> vmState = snapshot.vm(d.vm());
        if (vmState.isEmpty()) {
            return Optional.of("VM " + d.vm() + " is not in the pool");
        }
        VmState vm = vmState.get();
        if (!vm.migratable()) {
            return Optional.of("VM " + d.vm() + " is " + vm.power().name().toLowerCase() + ", not running");
        }
        if (!vm.residentOn().orElseThrow().equals(d.source())) {
            return Optional.of("VM " + d.vm() + " runs on " + vm.residentOn().get() + ", not on " + d.source());
        }
        Optional<HostState> targetState = snapshot.host(d.target());
        if (targetState.isEmpty()) {
            return Optional.of("target " + d.target() + " is not in the pool");
        }
        if (!rules.enabled()) {
            return inFlight.containsKey(d.vm()) ? Optional.of(alreadyMigrating(d.vm())) : Optional.empty();
        }
        HostState target = targetState.get();
        if (target.maintenance()) {
            return Optional.of("target " + d.target() + " is in maintenance");
        }
        if (!target.enabled()) {
            return Optional.of("target " + d.target() + " is disabled");
        }
        Optional<String> blocked = blocked(d.vm(), now);
        if (blocked.isPresent()) {
            return blocked;
        }
        if (inFlight.size() >= rules.maxConcurrentPerPool()) {
            return Optional.of("pool at its limit of " + rules.maxConcurrentPerPool() + " concurrent migrations");
        }
        for (HostId host : List.of(d.source(), d.target())) {
            long busy = inFlight.values().stream().filter(m -> m.source().equals(host) || m.target().equals(host))
                    .count();
            if (busy >= rules.maxConcurrentPerHost()) {
                return Optional.of("host " + host + " at its limit of " + rules.maxConcurrentPerHost()
                        + " concurrent migration(s)");
            }
        }
        Set<String> groups = groups(vm, rules);
        if (!groups.isEmpty()) {
            for (VmState other : snapshot.vmsOn(d.target())) {
                Set<String> shared = new HashSet<>(groups(other, rules));
                shared.retainAll(groups);
                if (!shared.isEmpty()) {
                    return Optional.of("anti-affinity: " + other.id() + " on " + d.target() + " is in group "
                            + shared.iterator().next());
                }
            }
            for (Move m : inFlight.values()) {
                if (m.target().equals(d.target()) && m.groups().stream().anyMatch(groups::contains)) {
                    return Optional.of("anti-affinity: " + m.vm() + " is moving to " + d.target() + " in the same group");
                }
            }
        }
        long incoming = inFlight.values().stream().filter(m -> m.target().equals(d.target()))
                .mapToLong(Move::memoryBytes).sum();
        if (target.memoryFreeBytes() - incoming < vm.memoryBytes()) {
            return Optional.of("target " + d.target() + " has " + (target.memoryFreeBytes() - incoming)
                    + " bytes free, the VM needs " + vm.memoryBytes());
        }
        return manual || !rules.hysteresis() ? Optional.empty() : hysteresis(d, vm, snapshot, target, rules, now);
    }

    /**
     * What no choice of target can change. Cooldowns and back-offs are recorded only while the rules are enabled.
     *
     * @return why no move of {@code vm} is allowed now, whatever its target: in flight, cooldown, back-off
     */
    public synchronized Optional<String> blocked(VmId vm, Instant now) {
        if (inFlight.containsKey(vm)) {
            return Optional.of(alreadyMigrating(vm));
        }
        Instant cooled = cooldownUntil.get(vm);
        if (cooled != null && now.isBefore(cooled)) {
            return Optional.of("VM " + vm + " moved recently: cooldown until " + cooled);
        }
        Instant backoff = backoffUntil.get(vm);
        if (backoff != null && now.isBefore(backoff)) {
            return Optional.of("VM " + vm + " failed to migrate recently: back-off until " + backoff);
        }
        return Optional.empty();
    }

    private static String alreadyMigrating(VmId vm) {
        return "VM " + vm + " is already migrating";
    }

    private Optional<String> hysteresis(MigrationDecision d, VmState vm, ClusterSnapshot snapshot, HostState target,
            GuardRules rules, Instant now) {
        HostState source = snapshot.host(d.source()).orElseThrow();
        Instant hot = hotSince.get(d.source());
        Instant proposed = proposedSince.get(d.vm());
        boolean held = (hot != null && !now.isBefore(hot.plus(rules.hold())))
                || (proposed != null && !now.isBefore(proposed.plus(rules.hold())));
        if (!held) {
            Duration waited = Duration.between(hot != null ? hot : proposed != null ? proposed : now, now);
            return Optional.of("hysteresis: condition held " + waited.toSeconds() + " s of the "
                    + rules.hold().toSeconds() + " s required");
        }
        if (hot != null) {
            double load = vm.cpuUtilisation() * vm.vcpus();
            double before = source.cpuUtilisation() - target.cpuUtilisation();
            double after = Math.abs((source.cpuUtilisation() - load / source.cpuCount())
                    - (target.cpuUtilisation() + load / target.cpuCount()));
            if (before - after < rules.minImprovement()) {
                return Optional.of(String.format("hysteresis: the move narrows the CPU gap by %.3f, less than %.3f",
                        before - after, rules.minImprovement()));
            }
        }
        return Optional.empty();
    }

    private static Set<String> groups(VmState vm, GuardRules rules) {
        String prefix = rules.antiAffinityPrefix();
        if (prefix.isEmpty()) {
            return Set.of();
        }
        return vm.tags().stream().filter(t -> t.startsWith(prefix) && t.length() > prefix.length())
                .collect(Collectors.toSet());
    }

    /**
     * Records a migration as started: it counts against the limits of the pool and both hosts, its memory against
     * the target, its groups against the target's anti-affinity, until {@link #ended}.
     *
     * @param decision the decision that passed {@link #check}
     * @param vm       the VM as the snapshot showed it (its memory and tags)
     * @param rules    the rules (the anti-affinity prefix)
     */
    public synchronized void started(MigrationDecision decision, VmState vm, GuardRules rules) {
        inFlight.put(decision.vm(), new Move(decision.vm(), decision.source(), decision.target(), vm.memoryBytes(),
                groups(vm, rules)));
    }

    /**
     * Records how a migration ended, or that it never started (the hypervisor refused it): a completed VM cools
     * down, a failed one backs off, each for as long as the rules say, and only while they are enabled.
     *
     * @param vm        the VM
     * @param completed whether it now runs on the target
     * @param rules     the rules (cooldown, back-off)
     * @param now       when it ended
     */
    public synchronized void ended(VmId vm, boolean completed, GuardRules rules, Instant now) {
        inFlight.remove(vm);
        proposedSince.remove(vm);
        if (!rules.enabled()) {
            return;
        }
        if (completed) {
            cooldownUntil.put(vm, now.plus(rules.cooldown()));
        } else {
            backoffUntil.put(vm, now.plus(rules.failureBackoff()));
        }
    }

    /**
     * @return everything this guard remembers now, as a value another guard can {@link #restore}; O(entries)
     * @since 1.1
     */
    public synchronized GuardState export() {
        return new GuardState(inFlight.values().stream()
                .map(m -> new GuardState.Move(m.vm(), m.source(), m.target(), m.memoryBytes(), m.groups())).toList(),
                cooldownUntil, backoffUntil, hotSince, proposedSince);
    }

    /**
     * Replaces everything this guard remembers with {@code state}: moves in flight, cooldowns, back-offs, hot and
     * proposed since. A restored move in flight counts against the limits until {@link #ended} is called for its
     * VM, as a move started here would.
     *
     * @since 1.1
     */
    public synchronized void restore(GuardState state) {
        inFlight.clear();
        for (GuardState.Move m : state.inFlight()) {
            inFlight.put(m.vm(), new Move(m.vm(), m.source(), m.target(), m.memoryBytes(), m.groups()));
        }
        cooldownUntil.clear();
        cooldownUntil.putAll(state.cooldownUntil());
        backoffUntil.clear();
        backoffUntil.putAll(state.backoffUntil());
        hotSince.clear();
        hotSince.putAll(state.hotSince());
        proposedSince.clear();
        proposedSince.putAll(state.proposedSince());
    }

    /** @return how many migrations are in flight (started and not yet ended) */
    public synchronized int inFlight() {
        return inFlight.size();
    }
}
