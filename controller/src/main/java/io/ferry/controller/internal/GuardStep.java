package io.ferry.controller.internal;

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
 * The guard step of the cycle: the safety rules every decision passes before anything runs (DESIGN.md §7): the VM and hosts are as the
 * agent believed, the target accepts VMs (not disabled, not in maintenance), the VM is not already moving,
 * not in cooldown after a move, not in back-off after a failure; the pool and both hosts are under their
 * concurrency limits; the target holds no VM of the same anti-affinity group and has the memory; and
 * hysteresis: the source host has been at least {@code hotThreshold} busy for {@code hold} (or the agent has
 * proposed this VM for that long), and the move narrows the CPU gap by at least {@code minImprovement}.
 *
 * <p>A refusal concerns one decision only; the others of the cycle are judged on their own, so one
 * unmigratable VM never blocks the rest. {@link #blocked} tells an agent in advance what no target can change
 * (in flight, cooldown, back-off). Cost: O(VMs on the target) per decision. Thread-safe: each method holds the
 * guard's monitor, and a caller that checks then starts a decision holds it across both.
 */
final class GuardStep {

    /** A migration the guard knows is in flight. */
    record Move(VmId vm, HostId source, HostId target, long memoryBytes, Set<String> groups) {
    }

    private final Map<VmId, Move> inFlight = new HashMap<>();
    private final Map<VmId, Instant> cooldownUntil = new HashMap<>();
    private final Map<VmId, Instant> backoffUntil = new HashMap<>();
    private final Map<HostId, Instant> hotSince = new HashMap<>();
    private final Map<VmId, Instant> proposedSince = new HashMap<>();

    /** Notes which hosts are hot now and which VMs the agent proposed, for the hold time. */
    synchronized void observe(ClusterSnapshot snapshot, List<MigrationDecision> proposed, PoolSettings settings, Instant now) {
        for (HostState h : snapshot.hosts()) {
            if (h.cpuUtilisation() >= settings.hotThreshold()) {
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
     * @param manual an operator's request: hysteresis does not apply, every other rule does
     * @return why the decision is refused, or empty when it may run
     */
    synchronized Optional<String> check(MigrationDecision d, ClusterSnapshot snapshot, PoolSettings settings, Instant now,
            boolean manual) {
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
        if (inFlight.size() >= settings.maxConcurrentPerPool()) {
            return Optional.of("pool at its limit of " + settings.maxConcurrentPerPool() + " concurrent migrations");
        }
        for (HostId host : List.of(d.source(), d.target())) {
            long busy = inFlight.values().stream().filter(m -> m.source().equals(host) || m.target().equals(host))
                    .count();
            if (busy >= settings.maxConcurrentPerHost()) {
                return Optional.of("host " + host + " at its limit of " + settings.maxConcurrentPerHost()
                        + " concurrent migration(s)");
            }
        }
        Set<String> groups = groups(vm, settings);
        if (!groups.isEmpty()) {
            for (VmState other : snapshot.vmsOn(d.target())) {
                Set<String> shared = new HashSet<>(groups(other, settings));
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
        return manual ? Optional.empty() : hysteresis(d, vm, snapshot, target, settings, now);
    }

    /** @return why no move of {@code vm} is allowed now, whatever its target: in flight, cooldown, back-off */
    synchronized Optional<String> blocked(VmId vm, Instant now) {
        if (inFlight.containsKey(vm)) {
            return Optional.of("VM " + vm + " is already migrating");
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

    private Optional<String> hysteresis(MigrationDecision d, VmState vm, ClusterSnapshot snapshot, HostState target,
            PoolSettings settings, Instant now) {
        HostState source = snapshot.host(d.source()).orElseThrow();
        Instant hot = hotSince.get(d.source());
        Instant proposed = proposedSince.get(d.vm());
        boolean held = (hot != null && !now.isBefore(hot.plus(settings.hold())))
                || (proposed != null && !now.isBefore(proposed.plus(settings.hold())));
        if (!held) {
            Duration waited = Duration.between(hot != null ? hot : proposed != null ? proposed : now, now);
            return Optional.of("hysteresis: condition held " + waited.toSeconds() + " s of the "
                    + settings.hold().toSeconds() + " s required");
        }
        if (hot != null) {
            double load = vm.cpuUtilisation() * vm.vcpus();
            double before = source.cpuUtilisation() - target.cpuUtilisation();
            double after = Math.abs((source.cpuUtilisation() - load / source.cpuCount())
                    - (target.cpuUtilisation() + load / target.cpuCount()));
            if (before - after < settings.minImprovement()) {
                return Optional.of(String.format("hysteresis: the move narrows the CPU gap by %.3f, less than %.3f",
                        before - after, settings.minImprovement()));
            }
        }
        return Optional.empty();
    }

    private static Set<String> groups(VmState vm, PoolSettings settings) {
        String prefix = settings.antiAffinityPrefix();
        if (prefix.isEmpty()) {
            return Set.of();
        }
        return vm.tags().stream().filter(t -> t.startsWith(prefix) && t.length() > prefix.length())
                .collect(Collectors.toSet());
    }

    /** Records a migration as started. */
    synchronized void started(MigrationDecision d, VmState vm, PoolSettings settings) {
        inFlight.put(d.vm(), new Move(d.vm(), d.source(), d.target(), vm.memoryBytes(), groups(vm, settings)));
    }

    /** Records how a migration ended: a completed VM cools down, a failed one backs off. */
    synchronized void ended(VmId vm, boolean completed, PoolSettings settings, Instant now) {
        inFlight.remove(vm);
        proposedSince.remove(vm);
        if (completed) {
            cooldownUntil.put(vm, now.plus(settings.cooldown()));
        } else {
            backoffUntil.put(vm, now.plus(settings.failureBackoff()));
        }
    }

    /** Records a refusal by the hypervisor: the VM backs off like after a failure. */
    synchronized void refusedByHypervisor(VmId vm, PoolSettings settings, Instant now) {
        backoffUntil.put(vm, now.plus(settings.failureBackoff()));
    }

    synchronized int inFlightCount() {
        return inFlight.size();
    }
}
