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
        double min = Double.MAX_VALUE;
        for (WorkingVm vm : candidates) {
            // CloudSim's arithmetic, (u × MIPS) / MIPS: its rounding decides between VMs at the same utilisation
            double metric = vm.utilisation() * vm.vcpuMips() / vm.vcpuMips();
            if (metric < min) {
                min = metric;
                best = vm;
            }
        }
        return Optional.ofNullable(best);
    }
}
