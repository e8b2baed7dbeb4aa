package io.ferry.agent.consolidation.internal;

import io.ferry.api.AgentContext;
import io.ferry.api.model.HostCapacity;
import io.ferry.api.model.HostId;
import io.ferry.api.model.HostState;
import io.ferry.api.model.MigrationDecision;
import io.ferry.api.model.VmState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One decision round: the working copy of the placement built from an {@link AgentContext} (CloudSim works on its
 * live hosts and restores them afterwards; this copy is simply dropped), and the moves made on it. A VM moved
 * twice in one round (first off an overloaded host, then off the host it landed on because that one is emptied)
 * keeps its last target; a move back to its own host is no decision.
 *
 * <p>Cost: O(hosts + VMs) to build; histories are read from the context only when a detector or selector asks.
 */
final class Round {

    private final List<WorkingHost> hosts;
    private final Map<WorkingVm, Move> moves = new LinkedHashMap<>();
    private int superseded;

    private record Move(WorkingHost target, String reason) {
    }

    private record Hop(WorkingVm vm, HostId from, WorkingHost to, String reason) {
    }

    private final List<Hop> hops = new ArrayList<>();

    private Round(List<WorkingHost> hosts) {
        this.hosts = hosts;
    }

    /** @return the working placement of the context's snapshot: every resident VM on its host, in order */
    static Round of(AgentContext context) {
        List<HostState> states = context.snapshot().hosts();
        List<WorkingHost> hosts = new ArrayList<>(states.size());
        for (int i = 0; i < states.size(); i++) {
            HostState h = states.get(i);
            Optional<HostCapacity> c = context.capacity(h.id());
            WorkingHost host = new WorkingHost(h, i, c.map(HostCapacity::mipsPerCpu).orElse(1.0), c.isPresent(),
                    c.map(HostCapacity::linkBytesPerSecond).orElse(0L), c.flatMap(HostCapacity::power));
            for (VmState vm : context.snapshot().vmsOn(h.id())) {
                host.add(new WorkingVm(context, vm, context.vcpuMips(vm.id()).orElse(host.coreMips())));
            }
            hosts.add(host);
        }
        return new Round(hosts);
    }

    /** @return every host, in snapshot order */
    List<WorkingHost> hosts() {
        return hosts;
    }

    /** Records that {@code vm} goes to {@code target} (the caller has put it there), replacing an earlier move. */
    void moved(WorkingVm vm, WorkingHost target, String reason) {
        Move before = moves.remove(vm);
        if (before != null) {
            superseded++;
        }
        hops.add(new Hop(vm, before == null ? vm.source() : before.target().state().id(), target, reason));
        moves.put(vm, new Move(target, reason));
    }

    /**
     * @return how many moves a later move of the same VM replaced: CloudSim would have started (and counted) each
     *         of them as a migration of its own
     */
    int superseded() {
        return superseded;
    }

    /**
     * @return every move of the round as a decision, in the order made: a VM moved twice gets a second decision
     *         from the host its first one sends it to (CloudSim's migration map); none from a host to itself
     */
    List<MigrationDecision> everyMove(String agent) {
        List<MigrationDecision> out = new ArrayList<>(hops.size());
        for (Hop h : hops) {
            if (!h.to().state().id().equals(h.from())) {
                out.add(new MigrationDecision(h.vm().state().id(), h.from(), h.to().state().id(), agent, h.reason()));
            }
        }
        return out;
    }

    /** @return the round's decisions in the order of their (last) moves, none back to a VM's own host */
    List<MigrationDecision> decisions(String agent) {
        List<MigrationDecision> out = new ArrayList<>(moves.size());
        moves.forEach((vm, move) -> {
            if (!move.target().state().id().equals(vm.source())) {
                out.add(new MigrationDecision(vm.state().id(), vm.source(), move.target().state().id(), agent,
                        move.reason()));
            }
        });
        return out;
    }
}
