package io.ferry.agent.consolidation.internal;

import io.ferry.api.AgentContext;
import io.ferry.api.model.HostId;
import io.ferry.api.model.Metric;
import io.ferry.api.model.MetricWindow;
import io.ferry.api.model.VmState;
import java.util.Optional;

/**
 * One VM of a round's working placement, in CloudSim's terms: what it requests now, its memory, and its
 * utilisation history (read from the context on first use, newest value first).
 */
final class WorkingVm {

    /** How many past intervals a VM's history holds: CloudSim's {@code PowerVm.HISTORY_LENGTH}. */
    static final int HISTORY_LENGTH = 30;

    private static final double[] NONE = new double[0];

    private final AgentContext context;
    private final VmState state;
    private final HostId source;
    private final double vcpuMips;
    private final boolean blocked;
    private double[] history;
    private double stepSeconds;

    WorkingVm(AgentContext context, VmState state, double vcpuMips) {
        this.context = context;
        this.state = state;
        this.source = state.residentOn().orElseThrow();
        this.vcpuMips = vcpuMips;
        this.blocked = !state.migratable() || context.blocked(state.id()).isPresent();
    }

    VmState state() {
        return state;
    }

    /** @return the host it runs on in the snapshot */
    HostId source() {
        return source;
    }

    /** @return whether the guard would refuse any move of it now (CloudSim: {@code vm.isInMigration()}) */
    boolean blocked() {
        return blocked;
    }

    long ramBytes() {
        return state.memoryBytes();
    }

    int vcpus() {
        return state.vcpus();
    }

    /** @return the MIPS one vCPU can use at 100 % */
    double vcpuMips() {
        return vcpuMips;
    }

    /** @return its whole capacity: vCPUs × vCPU MIPS */
    double mips() {
        return state.vcpus() * vcpuMips;
    }

    /** @return the share of its capacity it uses now */
    double utilisation() {
        return state.cpuUtilisation();
    }

    /** @return what one vCPU requests now ({@code getCurrentRequestedMaxMips}) */
    double requestedMipsPerVcpu() {
        return state.cpuUtilisation() * vcpuMips;
    }

    /** @return what it requests now in total, uncapped ({@code getCurrentRequestedTotalMips}) */
    double requestedMips() {
        return requestedMipsPerVcpu() * state.vcpus();
    }

    /** @return its utilisation history, newest first, at most {@link #HISTORY_LENGTH} values; do not modify */
    double[] history() {
        if (history == null) {
            Optional<MetricWindow> w = context.metrics(state.id().value(), Metric.CPU_UTILISATION, HISTORY_LENGTH);
            if (w.isEmpty() || w.get().size() == 0) {
                history = NONE;
            } else {
                double[] oldestFirst = w.get().values();
                int n = Math.min(oldestFirst.length, HISTORY_LENGTH);
                history = new double[n];
                for (int i = 0; i < n; i++) {
                    history[i] = oldestFirst[oldestFirst.length - 1 - i];
                }
                stepSeconds = w.get().step().toNanos() / 1e9;
            }
        }
        return history;
    }

    /** @return the step of its history in seconds, 0 when it has none */
    double historyStepSeconds() {
        history();
        return stepSeconds;
    }

    @Override
    public String toString() {
        return state.id().value();
    }
}
