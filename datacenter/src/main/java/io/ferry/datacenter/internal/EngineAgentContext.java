package io.ferry.datacenter.internal;

import io.ferry.api.AgentContext;
import io.ferry.api.Predictor;
import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.Forecast;
import io.ferry.api.model.HostCapacity;
import io.ferry.api.model.HostId;
import io.ferry.api.model.HostState;
import io.ferry.api.model.Metric;
import io.ferry.api.model.MetricWindow;
import io.ferry.api.model.MigrationCost;
import io.ferry.api.model.MigrationPlan;
import io.ferry.api.model.PoolId;
import io.ferry.api.model.PowerState;
import io.ferry.api.model.Technique;
import io.ferry.api.model.VmId;
import io.ferry.api.model.VmState;
import io.ferry.datacenter.MigrationEstimate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * What the engine hands an agent at one processing time: the snapshot (hosts in host order; VMs grouped by host,
 * each host's VMs in the order they arrived on it, so that {@code vmsOn} lists them as CloudSim's host VM lists
 * do), the VMs' utilisation histories and the hosts' recorded utilisation, capacities in MIPS with power curves,
 * forecasts from the set-up's CPU predictor, and what blocks a VM (migrating, the guard). Valid for one
 * {@code decide} call. Cost: the snapshot is built on first use, O(hosts + VMs); the rest O(1) or O(samples).
 */
final class EngineAgentContext implements AgentContext {

    /** The pool the data-centre engine simulates. */
    static final PoolId POOL = new PoolId("datacenter");

    private final DatacenterEngine engine;
    private final Instant now;
    private final Duration step;
    private ClusterSnapshot snapshot;

    EngineAgentContext(DatacenterEngine engine, Instant now, Duration step) {
        this.engine = engine;
        this.now = now;
        this.step = step;
    }

    @Override
    public ClusterSnapshot snapshot() {
        if (snapshot == null) {
            DatacenterEngine e = engine;
            List<HostState> hosts = new ArrayList<>(e.hostCount);
            List<VmState> vms = new ArrayList<>(e.vmCount);
            for (int h = 0; h < e.hostCount; h++) {
                hosts.add(new HostState(e.hostIds[h], e.hostName[h], true, false, e.cores[h],
                        Math.max(0, Math.min(1, e.hostUtil[h])), e.hostRam[h], e.hostRam[h] - e.ramUsed[h]));
                for (int i = 0; i < e.hostVmCount[h]; i++) {
                    int v = e.hostVms[h][i];
                    if (e.vmHost[v] != h) {
                        continue;
                    }
                    vms.add(new VmState(e.vmIds[v], e.vmNames[v], PowerState.RUNNING, e.residentOn[h], e.vmRam[v],
                            e.vmVcpus[v], Math.max(0, Math.min(1, e.share[v])), Set.of()));
                }
            }
            snapshot = new ClusterSnapshot(POOL, now, hosts, vms);
        }
        return snapshot;
    }

    @Override
    public Optional<MetricWindow> metrics(String subject, Metric metric, int samples) {
        if (metric != Metric.CPU_UTILISATION || samples < 1) {
            return Optional.empty();
        }
        DatacenterEngine e = engine;
        Integer v = e.vmIndex.get(subject);
        if (v != null) {
            int n = Math.min(samples, e.historyCount[v]);
            if (n == 0) {
                return Optional.empty();
            }
            double[] values = new double[n];
            int base = v * DatacenterEngine.HISTORY_LENGTH;
            for (int i = 0; i < n; i++) {
                int slot = Math.floorMod(e.historyNext[v] - n + i, DatacenterEngine.HISTORY_LENGTH);
                values[i] = e.history[base + slot];
            }
            return Optional.of(new MetricWindow(subject, metric, now, step, values));
        }
        Integer h = e.hostIndex.get(subject);
        if (h != null) {
            int n = Math.min(samples, e.hostHistoryCount);
            if (n == 0) {
                return Optional.empty();
            }
            double[] values = new double[n];
            System.arraycopy(e.hostHistory[h], e.hostHistoryCount - n, values, 0, n);
            return Optional.of(new MetricWindow(subject, metric, now, step, values));
        }
        return Optional.empty();
    }

    @Override
    public Optional<Forecast> forecast(String subject, Metric metric) {
        Optional<Predictor> predictor = engine.cpuPredictor();
        if (predictor.isEmpty() || metric != Metric.CPU_UTILISATION) {
            return Optional.empty();
        }
        int history = Math.max(predictor.get().minimumHistory(), DatacenterEngine.HISTORY_LENGTH);
        Optional<MetricWindow> window = metrics(subject, metric, history);
        if (window.isEmpty() || window.get().size() < predictor.get().minimumHistory()) {
            return Optional.empty();
        }
        try {
            return Optional.of(predictor.get().forecast(window.get(), 1));
        } catch (IllegalArgumentException refused) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<MigrationPlan> plan(VmId vm, HostId target) {
        Integer v = engine.vmIndex.get(vm.value());
        Integer h = engine.hostIndex.get(target.value());
        if (v == null || h == null || engine.vmHost[v] == h) {
            return Optional.empty();
        }
        MigrationEstimate e = engine.estimateMove(v, h);
        MigrationCost cost = new MigrationCost(seconds(e.durationSeconds()), seconds(e.downtimeSeconds()),
                e.bytesMoved());
        String model = engine.migrationModelName();
        return Optional.of(new MigrationPlan(model, e.postCopy() ? Technique.POST_COPY : Technique.PRE_COPY, cost,
                Optional.empty(), "the " + model + " migration model's estimate"));
    }

    private static Duration seconds(double s) {
        return Duration.ofNanos(Math.round(Math.max(0, s) * 1e9));
    }

    @Override
    public Optional<String> blocked(VmId vm) {
        Integer v = engine.vmIndex.get(vm.value());
        if (v == null) {
            return Optional.empty();
        }
        if (engine.vmTarget[v] >= 0) {
            return Optional.of(DatacenterEngine.IN_MIGRATION);
        }
        return engine.guard().flatMap(g -> g.blocked(vm, now));
    }

    @Override
    public Optional<HostCapacity> capacity(HostId host) {
        Integer h = engine.hostIndex.get(host.value());
        return h == null ? Optional.empty() : Optional.of(engine.capacities[h]);
    }

    @Override
    public OptionalDouble vcpuMips(VmId vm) {
        Integer v = engine.vmIndex.get(vm.value());
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(engine.vmMips[v]);
    }
}
