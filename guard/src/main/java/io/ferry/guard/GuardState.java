package io.ferry.guard;

import io.ferry.api.model.HostId;
import io.ferry.api.model.VmId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a {@link Guard} remembers, as an immutable value: the moves in flight, the cooldown and back-off deadlines,
 * since when each host has been hot and since when the agent has proposed each VM. {@link Guard#export()} takes it,
 * {@link Guard#restore(GuardState)} puts it into another guard, so that a pool handed from one controller to
 * another keeps every safety limit (a VM that moved a minute ago stays in cooldown on its new owner).
 *
 * <p>Instants are absolute: a guard restored on another machine applies the same deadlines by that machine's
 * clock. Cost: O(entries) to build, copied once.
 *
 * @param inFlight      the moves in flight, in no particular order, one per VM
 * @param cooldownUntil per VM that moved, until when it is left alone
 * @param backoffUntil  per VM whose migration failed, until when it is skipped
 * @param hotSince      per host at or above the hot threshold, since when
 * @param proposedSince per VM the agent keeps proposing, since when
 * @since 1.1
 */
public record GuardState(List<Move> inFlight, Map<VmId, Instant> cooldownUntil, Map<VmId, Instant> backoffUntil,
        Map<HostId, Instant> hotSince, Map<VmId, Instant> proposedSince) {

    /** The state of a guard that has seen nothing. */
    public static final GuardState EMPTY = new GuardState(List.of(), Map.of(), Map.of(), Map.of(), Map.of());

    /**
     * A migration in flight as the guard counts it.
     *
     * @param vm          the VM
     * @param source      where it runs until the move completes
     * @param target      where it goes; its memory counts against this host
     * @param memoryBytes the VM's memory
     * @param groups      its anti-affinity groups
     */
    public record Move(VmId vm, HostId source, HostId target, long memoryBytes, Set<String> groups) {
        public Move {
            Objects.requireNonNull(vm, "vm");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(target, "target");
            groups = Set.copyOf(groups);
        }
    }

    /** Copies every collection. */
    public GuardState {
        inFlight = List.copyOf(inFlight);
        cooldownUntil = Map.copyOf(cooldownUntil);
        backoffUntil = Map.copyOf(backoffUntil);
        hotSince = Map.copyOf(hotSince);
        proposedSince = Map.copyOf(proposedSince);
    }

    /** @return whether a VM is among the moves in flight */
    public boolean moving(VmId vm) {
        return inFlight.stream().anyMatch(m -> m.vm().equals(vm));
    }
}
