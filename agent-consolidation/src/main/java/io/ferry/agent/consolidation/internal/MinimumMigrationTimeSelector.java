package io.ferry.agent.consolidation.internal;

import java.util.List;
import java.util.Optional;

/**
 * MMT: the VM with the least memory, which migrates fastest over a given link
 * ({@code PowerVmSelectionPolicyMinimumMigrationTime}). Cost O(VMs on the host).
 */
final class MinimumMigrationTimeSelector implements VmSelector {

    @Override
    public String label() {
        return "MMT";
    }

    @Override
    public Optional<WorkingVm> select(List<WorkingVm> candidates) {
        WorkingVm best = null;
        for (WorkingVm vm : candidates) {
            if (best == null || vm.ramBytes() < best.ramBytes()) {
                best = vm;
            }
        }
        return Optional.ofNullable(best);
    }
}
