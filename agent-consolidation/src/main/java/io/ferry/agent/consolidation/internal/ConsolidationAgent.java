package io.ferry.agent.consolidation.internal;

import io.ferry.api.AgentContext;
import io.ferry.api.MigrationAgent;
import io.ferry.api.model.MigrationDecision;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Beloglazov and Buyya's dynamic consolidation as CloudSim 3.0.3's {@code optimizeAllocation} runs it, composed
 * from one step of each family: an {@link OverloadDetector}, a {@link VmSelector}, a {@link VmPlacement} and an
 * {@link UnderloadConsolidation}. Each round, on a working copy of the placement built from the context:
 * <ol>
 * <li>the overloaded hosts, in host order, by the detector;</li>
 * <li>from each, VMs picked by the selector (skipping those the guard blocks) until it is no longer
 * overloaded;</li>
 * <li>those VMs placed by the placement (PABFD), the overloaded hosts excluded;</li>
 * <li>hosts that do not accept VMs (maintenance, disabled) evacuated VM by VM — Ferry's addition, CloudSim has
 * no maintenance: each movable VM that finds a target moves, the rest wait for the next round;</li>
 * <li>underloaded hosts emptied by the consolidation step.</li>
 * </ol>
 * The result is one decision per VM (its last target), with a one-line reason; or, configured so, one per move, as
 * CloudSim starts every entry of its migration map. A host's CPU is counted in MIPS
 * from {@link AgentContext#capacity}; without it (a real pool whose adapter gives no speed) one CPU counts 1.0 and
 * a vCPU one CPU. Source: A. Beloglazov, R. Buyya, CCPE 24(13), 2012, §5-6.
 *
 * <p>Cost per round: O(hosts + VMs) to build the copy, plus the detector over every host, plus
 * O(VMs to move × hosts) for placement (the detector only for hosts that would win) and O(underloaded hosts ×
 * active hosts) for consolidation: a few milliseconds for 800 hosts (a 288-round PlanetLab day took 0.4 to 1.7 s
 * of agent time on a busy 2-core machine). Stateless between rounds; thread-safe. Not for pools where
 * saving power is not the goal: it packs hosts as tightly as its detector allows.
 */
public final class ConsolidationAgent implements MigrationAgent {

    private final String name;
    private final OverloadDetector detector;
    private final VmSelector selector;
    private final VmPlacement placement;
    private final UnderloadConsolidation underload;
    private final boolean everyMove;

    /**
     * @param everyMove whether each move of a round is a decision (CloudSim's migration map), or only each VM's last
     */
    ConsolidationAgent(String name, OverloadDetector detector, VmSelector selector, VmPlacement placement,
            UnderloadConsolidation underload, boolean everyMove) {
        this.name = Objects.requireNonNull(name, "name");
        this.detector = Objects.requireNonNull(detector, "detector");
        this.selector = Objects.requireNonNull(selector, "selector");
        this.placement = Objects.requireNonNull(placement, "placement");
        this.underload = Objects.requireNonNull(underload, "underload");
        this.everyMove = everyMove;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<MigrationDecision> decide(AgentContext context) {
        Round round = decideRound(context);
        return everyMove ? round.everyMove(name) : round.decisions(name);
    }

    /** @return the round as decided: the moves and what they replaced */
    Round decideRound(AgentContext context) {
        Round round = Round.of(context);
        Instant taken = context.snapshot().taken();
        VmSelector roundSelector = selector.forRound(taken.getEpochSecond() * 1_000_000_000L + taken.getNano());
        List<WorkingHost> hosts = round.hosts();

        Map<WorkingHost, String> why = new HashMap<>();
        Set<WorkingHost> overloaded = new LinkedHashSet<>();
        for (WorkingHost h : hosts) {
            if (detector.overloaded(h)) {
                overloaded.add(h);
                why.put(h, detector.explain(h));
            }
        }

        List<WorkingVm> toMigrate = new ArrayList<>();
        Map<WorkingVm, String> reason = new HashMap<>();
        for (WorkingHost h : overloaded) {
            while (true) {
                List<WorkingVm> candidates = h.movableVms();
                Optional<WorkingVm> vm = candidates.isEmpty() ? Optional.empty() : roundSelector.select(candidates);
                if (vm.isEmpty()) {
                    break;
                }
                toMigrate.add(vm.get());
                reason.put(vm.get(), "host " + h.name() + " overloaded (" + why.get(h) + "); " + roundSelector.label());
                h.remove(vm.get());
                if (!detector.overloaded(h)) {
                    break;
                }
            }
        }
        for (WorkingVm vm : placement.order(toMigrate)) {
            placement.find(vm, hosts, overloaded).ifPresent(t -> {
                t.host().add(vm);
                round.moved(vm, t.host(), reason.get(vm) + "; " + t.cost());
            });
        }

        for (WorkingHost h : hosts) {
            if (!h.state().acceptsVms() && !h.movableVms().isEmpty()) {
                String because = "host " + h.name() + (h.state().maintenance() ? " in maintenance" : " disabled");
                for (WorkingVm vm : placement.order(h.movableVms())) {
                    placement.find(vm, hosts, overloaded).ifPresent(t -> {
                        h.remove(vm);
                        t.host().add(vm);
                        round.moved(vm, t.host(), because + "; " + t.cost());
                    });
                }
            }
        }

        underload.consolidate(round, overloaded, placement);
        return round;
    }

    @Override
    public String toString() {
        return name;
    }
}
