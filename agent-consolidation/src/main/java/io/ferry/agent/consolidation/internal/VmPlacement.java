package io.ferry.agent.consolidation.internal;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds new hosts for VMs that must move: the order in which they are placed and, for each, the target
 * (CloudSim 3.0.3's {@code getNewVmPlacement} and {@code findHostForVm}). {@link PowerAwareBestFitDecreasing} is
 * the literature's; a vendor's variant overrides one of the two hooks.
 */
interface VmPlacement {

    /** A chosen target and what choosing it costs, for the decision's reason. */
    record Target(WorkingHost host, String cost) {
    }

    /** @return the VMs in the order they are placed (a new list) */
    List<WorkingVm> order(List<WorkingVm> vms);

    /**
     * @param vm       the VM to place (not on any host of the working placement, or on one in {@code excluded})
     * @param hosts    every host, in snapshot order
     * @param excluded hosts that may not receive it
     * @return the target, empty when none fits
     */
    Optional<Target> find(WorkingVm vm, List<WorkingHost> hosts, Set<WorkingHost> excluded);
}
