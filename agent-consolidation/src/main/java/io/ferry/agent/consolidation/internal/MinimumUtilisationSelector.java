package io.ferry.agent.consolidation.internal;

import java.util.List;
import java.util.Optional;

/**
 * MU: the VM using the smallest share of its own capacity ({@code PowerVmSelectionPolicyMinimumUtilization}).
 * Cost O(VMs on the host).
 */
final class MinimumUtilisationSelector implements VmSelector {

    @Override
    public String label() {
        return "MU";
    }

    @Override
    public Optional<WorkingVm> select(List<WorkingVm> candidates) {
        WorkingVm best = null;
        for (WorkingVm vm : candidates) {
            if (best == null || vm.utilisation() < best.utilisation()) {
                best = vm;
            }
        }
        return Optional.ofNullable(best);
    }
}
