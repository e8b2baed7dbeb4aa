package io.ferry.agent.consolidation.internal;

import io.ferry.api.model.HostState;
import io.ferry.api.model.PowerCurve;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * One host of a round's working placement: the VMs CloudSim's {@code optimizeAllocation} has on it at this step
 * (snapshot order, then the VMs added this round, last), and the CPU allocation CloudSim's
 * {@code VmSchedulerTimeSharedOverSubscription} would give them: each vCPU's request capped at the core speed;
 * if the capped requests fit, each VM gets them; otherwise every vCPU gets its capped request scaled by
 * capacity / required, floored to whole MIPS (not floored when the host's speed is unknown and counted in CPUs).
 *
 * <p>Cost: O(1) per query once the sums are cached; adding a VM updates them in O(history); removing one
 * recomputes them on next use in O(VMs × history). Not thread-safe: one per round.
 */
final class WorkingHost implements HostView {

    private final HostState state;
    private final int index;
    private final double coreMips;
    private final boolean wholeMips;
    private final long link;
    private final Optional<PowerCurve> power;
    private final List<WorkingVm> vms = new ArrayList<>();
    private long freeRam;
    private boolean fresh;
    private double requested;
    private double capped;
    private long maxRam;
    private double interval;
    private double[] historySum;

    WorkingHost(HostState state, int index, double coreMips, boolean wholeMips, long link, Optional<PowerCurve> power) {
        this.state = state;
        this.index = index;
        this.coreMips = coreMips;
        this.wholeMips = wholeMips;
        this.link = link;
        this.power = power;
        this.freeRam = state.memoryFreeBytes();
    }

    HostState state() {
        return state;
    }

    /** @return its position in the snapshot */
    int index() {
        return index;
    }

    String name() {
        return state.id().value();
    }

    double coreMips() {
        return coreMips;
    }

    Optional<PowerCurve> power() {
        return power;
    }

    /** @return the VMs on it now, in CloudSim's list order */
    List<WorkingVm> vms() {
        return Collections.unmodifiableList(vms);
    }

    /** @return its VMs the guard does not block, in order ({@code getMigratableVms}) */
    List<WorkingVm> movableVms() {
        List<WorkingVm> out = new ArrayList<>(vms.size());
        for (WorkingVm vm : vms) {
            if (!vm.blocked()) {
                out.add(vm);
            }
        }
        return out;
    }

    /** @return whether a VM on it may move (CloudSim: not all its VMs are migrating) */
    boolean hasMovableVm() {
        for (WorkingVm vm : vms) {
            if (!vm.blocked()) {
                return true;
            }
        }
        return false;
    }

    /** Puts {@code vm} on this host, last ({@code host.vmCreate}); the caller checked {@link #suitable}. */
    void add(WorkingVm vm) {
        if (fresh) {
            requested += vm.requestedMips();
            capped += cappedMips(vm);
            maxRam = Math.max(maxRam, vm.ramBytes());
            if (historySum != null) {
                addHistory(historySum, vm);
                interval = interval > 0 ? interval : vm.historyStepSeconds();
            }
        }
        vms.add(vm);
        freeRam -= vm.ramBytes();
    }

    /** Takes {@code vm} off this host ({@code host.vmDestroy}). */
    void remove(WorkingVm vm) {
        if (vms.remove(vm)) {
            freeRam += vm.ramBytes();
            fresh = false;
        }
    }

    /**
     * @param checkMemory whether the VM's memory must be free too
     * @return CloudSim's {@code isSuitableForVm}: core speed, free MIPS and (if checked) free memory suffice
     */
    boolean suitable(WorkingVm vm, boolean checkMemory) {
        return coreMips >= vm.requestedMipsPerVcpu() && availableMips() >= vm.requestedMips()
                && (!checkMemory || freeRam >= vm.ramBytes());
    }

    /** @return the MIPS the scheduler has not handed out (0 once over-subscribed) */
    double availableMips() {
        refresh();
        return capped <= totalMips() ? totalMips() - capped : 0;
    }

    /** @return the MIPS its VMs are allocated ({@code getUtilizationOfCpuMips}) */
    double allocatedMips() {
        refresh();
        if (capped <= totalMips()) {
            return capped;
        }
        double scale = totalMips() / capped;
        double sum = 0;
        for (WorkingVm vm : vms) {
            double perVcpu = Math.min(vm.requestedMipsPerVcpu(), coreMips) * scale;
            sum += (wholeMips ? Math.floor(perVcpu) : perVcpu) * vm.vcpus();
        }
        return sum;
    }

    /** @return the share of its CPU used at the last reading (CloudSim's {@code getUtilizationOfCpu}) */
    double utilisationNow() {
        return state.cpuUtilisation();
    }

    /** @return this host as it would be with {@code vm} added last, leaving this host as it is */
    HostView with(WorkingVm vm) {
        refresh();
        double req = requested + vm.requestedMips();
        long ram = Math.max(maxRam, vm.ramBytes());
        return new HostView() {
            @Override
            public double totalMips() {
                return WorkingHost.this.totalMips();
            }

            @Override
            public double requestedMips() {
                return req;
            }

            @Override
            public double[] utilisationHistory() {
                double[] sum = history().clone();
                addHistory(sum, vm);
                return UtilisationStatistics.trimZeroTail(sum);
            }

            @Override
            public long maxVmRamBytes() {
                return ram;
            }

            @Override
            public long linkBytesPerSecond() {
                return link;
            }

            @Override
            public double intervalSeconds() {
                double own = WorkingHost.this.intervalSeconds();
                return own > 0 ? own : vm.historyStepSeconds();
            }
        };
    }

    @Override
    public double totalMips() {
        return state.cpuCount() * coreMips;
    }

    @Override
    public double requestedMips() {
        refresh();
        return requested;
    }

    @Override
    public double[] utilisationHistory() {
        return UtilisationStatistics.trimZeroTail(history());
    }

    @Override
    public long maxVmRamBytes() {
        refresh();
        return maxRam;
    }

    @Override
    public long linkBytesPerSecond() {
        return link;
    }

    @Override
    public double intervalSeconds() {
        history();
        return interval;
    }

    /** @return the untrimmed history sum, computed on first use after a change; do not modify */
    private double[] history() {
        refresh();
        if (historySum == null) {
            double[] sum = new double[WorkingVm.HISTORY_LENGTH];
            for (WorkingVm vm : vms) {
                addHistory(sum, vm);
                interval = interval > 0 ? interval : vm.historyStepSeconds();
            }
            historySum = sum;
        }
        return historySum;
    }

    private double cappedMips(WorkingVm vm) {
        return Math.min(vm.requestedMipsPerVcpu(), coreMips) * vm.vcpus();
    }

    /** Adds the VM's history, scaled by VM MIPS / host MIPS, newest values aligned, as CloudSim sums it. */
    private void addHistory(double[] sum, WorkingVm vm) {
        double[] h = vm.history();
        double mips = vm.mips();
        double hostMips = totalMips();
        for (int i = 0; i < h.length; i++) {
            sum[i] += h[i] * mips / hostMips; // CloudSim's order of operations, for the same rounding
        }
    }

    private void refresh() {
        if (fresh) {
            return;
        }
        requested = 0;
        capped = 0;
        maxRam = 0;
        interval = 0;
        historySum = null;
        fresh = true;
        List<WorkingVm> current = new ArrayList<>(vms);
        vms.clear();
        long ram = freeRam;
        for (WorkingVm vm : current) {
            add(vm);
        }
        freeRam = ram;
    }

    @Override
    public String toString() {
        return name() + Arrays.toString(vms.toArray());
    }
}
