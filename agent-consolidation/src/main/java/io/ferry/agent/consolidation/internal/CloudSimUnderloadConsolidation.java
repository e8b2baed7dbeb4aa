package io.ferry.agent.consolidation.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * CloudSim 3.0.3's underload step, exactly ({@code getMigrationMapFromUnderUtilizedHosts}): repeatedly take the
 * least-utilised host (by its last reading, &gt; 0 and &lt; 1; the first in host order on a tie) that is not excluded
 * and has a VM the guard lets move, and move <em>all</em> its movable VMs (PABFD, in decreasing order) or none.
 * A host counts as switched off when its last reading is 0.
 *
 * <p>CloudSim's quirks, kept because the published figures come from them:
 * <ul>
 * <li>The hosts that just received VMs from overloaded hosts are <em>not</em> excluded from being emptied (the
 * code means to, but reads them from the still empty result list), so a VM can move twice in a round; the round
 * keeps its last target.</li>
 * <li>Targets exclude the overloaded hosts, the switched-off hosts (so consolidation never wakes a host, while the
 * overload step may) and every host already chosen as underloaded; they do not exclude the hosts that already
 * received VMs in this step, which may receive more, but those are no longer candidates for emptying.</li>
 * <li>The utilisation that ranks hosts is the last reading, not the working allocation, so a host that received
 * VMs this round ranks by its load before them.</li>
 * </ul>
 * Cost: O(hosts log hosts) to rank the hosts once (CloudSim rescans them for each underloaded host, with the same
 * picks), plus PABFD over the hosts that can be targets for each VM.
 */
final class CloudSimUnderloadConsolidation implements UnderloadConsolidation {

    @Override
    public void consolidate(Round round, Set<WorkingHost> overloaded, VmPlacement placement) {
        List<WorkingHost> hosts = round.hosts();
        Set<WorkingHost> switchedOff = new HashSet<>();
        for (WorkingHost h : hosts) {
            if (h.utilisationNow() == 0) {
                switchedOff.add(h);
            }
        }
        Set<WorkingHost> notSources = new HashSet<>(overloaded);
        notSources.addAll(switchedOff);
        Set<WorkingHost> notTargets = new HashSet<>(overloaded);
        notTargets.addAll(switchedOff);
        // only these hosts can ever be targets here (the others are excluded from the start): PABFD scans fewer
        List<WorkingHost> targets = new ArrayList<>();
        for (WorkingHost h : hosts) {
            if (!notTargets.contains(h) && h.state().acceptsVms()) {
                targets.add(h);
            }
        }
        // CloudSim rescans for the least utilised eligible host after each one; eligibility only ever shrinks
        // (exclusions grow, and a host gains VMs only as a target, which excludes it), so one pass in order of
        // (last reading, host order) picks the same hosts in the same order
        List<WorkingHost> byUtilisation = new ArrayList<>(hosts);
        byUtilisation.sort(Comparator.comparingDouble(WorkingHost::utilisationNow)
                .thenComparingInt(WorkingHost::index));
        for (WorkingHost source : byUtilisation) {
            double u = source.utilisationNow();
            if (notSources.contains(source) || !(u > 0 && u < 1) || !source.hasMovableVm()) {
                continue;
            }
            notSources.add(source);
            notTargets.add(source);
            List<WorkingVm> vms = source.movableVms();
            if (vms.isEmpty()) {
                continue;
            }
            List<WorkingVm> ordered = placement.order(vms);
            List<VmPlacement.Target> placed = placeAll(ordered, targets, notTargets, placement);
            if (placed.isEmpty()) {
                continue; // CloudSim: "Not all VMs can be reallocated from the host, reallocation cancelled"
            }
            String why = String.format(Locale.ROOT, "host %s underloaded (%.0f%% CPU, least used); all %d VMs placed",
                    source.name(), source.utilisationNow() * 100, ordered.size());
            for (int i = 0; i < ordered.size(); i++) {
                WorkingVm vm = ordered.get(i);
                VmPlacement.Target t = placed.get(i);
                source.remove(vm);
                notSources.add(t.host());
                round.moved(vm, t.host(), why + "; " + t.cost());
            }
        }
    }

    /**
     * Places every VM in turn on the working placement; if one finds no host, takes the others back off theirs.
     *
     * @return the targets in the VMs' order, or an empty list when not all of them fit
     */
    private static List<VmPlacement.Target> placeAll(List<WorkingVm> ordered, List<WorkingHost> hosts,
            Set<WorkingHost> excluded, VmPlacement placement) {
        List<VmPlacement.Target> targets = new ArrayList<>(ordered.size());
        for (WorkingVm vm : ordered) {
            Optional<VmPlacement.Target> t = placement.find(vm, hosts, excluded);
            if (t.isEmpty()) {
                for (int i = 0; i < targets.size(); i++) {
                    targets.get(i).host().remove(ordered.get(i));
                }
                return List.of();
            }
            t.get().host().add(vm);
            targets.add(t.get());
        }
        return targets;
    }

}
