package io.ferry.agent.consolidation.internal;

import io.ferry.api.model.PowerCurve;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * PABFD, power-aware best-fit decreasing (Beloglazov and Buyya 2012, Algorithm 1; CloudSim 3.0.3's
 * {@code PowerVmAllocationPolicyMigrationAbstract.findHostForVm}): VMs in decreasing order of requested MIPS
 * (stable, so ties keep their order); each goes to the first host, in host order, with the smallest increase in
 * power {@code P(u_after) - P(u_now)}, where {@code u_after} counts the round's working allocation plus the VM and
 * {@code u_now} is the host's last reading. A host qualifies when it accepts VMs, is not excluded, has a core
 * at least as fast as one of the VM's vCPUs requests, the free MIPS and the free memory, and — unless it
 * carries nothing yet — is not overloaded with the VM added, by the agent's own detector. Memory is checked unless
 * configured off: CloudSim 3.0.3 asks a running VM for 0 MB (its PlanetLab cloudlets' RAM model is
 * {@code UtilizationModelNull}), so in its runs memory never limits consolidation after the first placement.
 *
 * <p>As in CloudSim, waking a switched-off host costs only the rise above idle ({@code P(0)} is the idle power,
 * though the host drew nothing), so an empty fast host can win over a loaded one. Without a power curve (a real
 * pool whose adapter does not know it) the increase in utilisation stands in for the increase in power: plain
 * best fit by CPU share. Cost: O(hosts) per VM, plus the detector for each host that would improve on the best so
 * far.
 */
final class PowerAwareBestFitDecreasing implements VmPlacement {

    private final OverloadDetector detector;
    private final boolean checkMemory;

    /**
     * @param detector    refuses a target the VM would overload
     * @param checkMemory whether a target needs the VM's memory free (CloudSim: only at the first placement, so
     *                    false reproduces it)
     */
    PowerAwareBestFitDecreasing(OverloadDetector detector, boolean checkMemory) {
        this.detector = detector;
        this.checkMemory = checkMemory;
    }

    @Override
    public List<WorkingVm> order(List<WorkingVm> vms) {
        List<WorkingVm> sorted = new ArrayList<>(vms);
        sorted.sort(Comparator.comparingDouble(WorkingVm::requestedMips).reversed());
        return sorted;
    }

    @Override
    public Optional<Target> find(WorkingVm vm, List<WorkingHost> hosts, Set<WorkingHost> excluded) {
        double min = Double.MAX_VALUE;
        WorkingHost best = null;
        for (WorkingHost host : hosts) {
            if (excluded.contains(host) || !host.state().acceptsVms() || !host.suitable(vm, checkMemory)) {
                continue;
            }
            double increase = increase(host, vm);
            // CloudSim asks the detector before the power; asking only a host that would become the best so far
            // picks the same host (the first with the least increase among those that pass) with fewer questions
            if (increase < min && (host.allocatedMips() == 0 || !detector.overloaded(host.with(vm)))) {
                min = increase;
                best = host;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        String cost = best.power().isPresent() ? String.format(Locale.ROOT, "PABFD %+.1f W", min)
                : String.format(Locale.ROOT, "best fit %+.0f%% CPU", min * 100);
        return Optional.of(new Target(best, cost));
    }

    private static double increase(WorkingHost host, WorkingVm vm) {
        double after = Math.min(1, (host.allocatedMips() + vm.requestedMips()) / host.totalMips());
        double now = host.utilisationNow();
        Optional<PowerCurve> curve = host.power();
        return curve.isPresent() ? curve.get().watts(after) - curve.get().watts(now) : after - now;
    }
}
