package io.ferry.agent.dqn;

import io.ferry.api.AgentContext;
import io.ferry.api.model.Forecast;
import io.ferry.api.model.HostCapacity;
import io.ferry.api.model.HostId;
import io.ferry.api.model.HostState;
import io.ferry.api.model.Metric;
import io.ferry.api.model.MetricWindow;
import io.ferry.api.model.PowerCurve;
import io.ferry.api.model.VmId;
import io.ferry.api.model.VmState;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The pool as the DQN agent reasons about it, built once per cycle from an {@link AgentContext}: every host's
 * capacity in MIPS (CPUs × {@code mipsPerCpu} from {@link AgentContext#capacity}; without it one CPU counts 1.0),
 * power curve, memory, resident VMs, CPU demand now and a short utilisation history, and every resident VM's demand,
 * memory and whether the guard blocks it. A VM's demand is {@code cpuUtilisation × vcpus × vcpuMips} with each vCPU's
 * request capped at the host's core speed (as CloudSim's time-shared scheduler allocates it); a host's history is
 * the sum of its VMs' last {@value #HISTORY} CPU samples scaled the same way (the snapshot's value where a VM has no
 * window), oldest first, its newest sample replaced by the demand now so that the two always agree.
 *
 * <p>Cost: O(hosts + VMs) plus one {@code metrics} call (and, with {@code forecasts}, one {@code forecast} call)
 * per VM. Immutable once built; the arrays it returns are copies.
 */
public final class PoolView {

    /** How many utilisation samples a host's history holds. */
    public static final int HISTORY = 6;

    /** The utilisation at and above which a host counts as overloaded: 100 % of its CPU, what SLATAH counts. */
    public static final double OVERLOADED = 1.0;

    /**
     * One host.
     *
     * @param index       its position in the snapshot and in {@link PoolView#hosts()}
     * @param state       the snapshot's record
     * @param coreMips    the speed of one CPU (1.0 when the hypervisor does not say)
     * @param capacityMips CPUs × {@code coreMips}
     * @param power       its power curve, empty when unknown
     * @param vms         the indexes into {@link PoolView#vms()} of its resident VMs, snapshot order
     * @param demandMips  the sum of its VMs' demands now
     * @param history     utilisation (demand / capacity), oldest first, 1 to {@value PoolView#HISTORY} samples, the
     *                    last being now
     * @param forecast    the next interval's utilisation from the context's CPU predictor, summed over its VMs;
     *                    NaN when forecasts were not asked for or a VM has none
     */
    public record Host(int index, HostState state, double coreMips, double capacityMips, Optional<PowerCurve> power,
            List<Integer> vms, double demandMips, double[] history, double forecast) {

        public Host {
            vms = List.copyOf(vms);
            history = history.clone();
        }

        /** @return its id */
        public HostId id() {
            return state.id();
        }

        /** @return whether it runs at least one VM (the engine switches hosts without VMs off) */
        public boolean active() {
            return !vms.isEmpty();
        }

        /** @return whether it may receive VMs: enabled and not in maintenance */
        public boolean acceptsVms() {
            return state.acceptsVms();
        }

        /** @return demand / capacity now; may exceed 1 when its VMs ask more than it has */
        public double utilisation() {
            return demandMips / capacityMips;
        }

        @Override
        public double[] history() {
            return history.clone();
        }

        /** @return sample {@code i} of the history, 0 the oldest */
        public double history(int i) {
            return history[i];
        }

        /** @return how many samples the history holds */
        public int historyLength() {
            return history.length;
        }
    }

    /**
     * One resident VM.
     *
     * @param index     its position in {@link PoolView#vms()}
     * @param state     the snapshot's record
     * @param host      the index of the host it runs on
     * @param vcpuMips  the capacity of one of its vCPUs ({@link AgentContext#vcpuMips}, else the host's core speed)
     * @param demandMips its CPU demand on its host now
     * @param blocked   why the guard refuses any move of it now (or why it cannot move at all), empty when movable
     */
    public record Vm(int index, VmState state, int host, double vcpuMips, double demandMips,
            Optional<String> blocked) {

        /** @return its id */
        public VmId id() {
            return state.id();
        }

        /** @return its memory in bytes */
        public long ramBytes() {
            return state.memoryBytes();
        }

        /** @return whether it may be moved this cycle */
        public boolean movable() {
            return blocked.isEmpty();
        }

        /** @return what one of its vCPUs requests now, before any host's cap */
        public double requestPerVcpu() {
            return state.cpuUtilisation() * vcpuMips;
        }

        /** @return its demand on a host whose CPUs run at {@code coreMips}: each vCPU's request capped there */
        public double demandOn(double coreMips) {
            return Math.min(requestPerVcpu(), coreMips) * state.vcpus();
        }
    }

    private final AgentContext context;
    private final List<Host> hosts;
    private final List<Vm> vms;
    private final Map<HostId, Integer> hostIndex;
    private final double meanActiveUtilisation;
    private final double activeShare;
    private final double overloadedShare;
    private final double largestHostMips;
    private final boolean forecasts;

    private PoolView(AgentContext context, List<Host> hosts, List<Vm> vms, boolean forecasts) {
        this.context = context;
        this.hosts = Collections.unmodifiableList(hosts);
        this.vms = Collections.unmodifiableList(vms);
        this.forecasts = forecasts;
        Map<HostId, Integer> index = new HashMap<>();
        double sumU = 0;
        int active = 0;
        int overloaded = 0;
        double largest = 0;
        for (Host h : hosts) {
            index.put(h.id(), h.index());
            largest = Math.max(largest, h.capacityMips());
            if (h.active()) {
                active++;
                sumU += h.utilisation();
                if (h.utilisation() >= OVERLOADED) {
                    overloaded++;
                }
            }
        }
        this.hostIndex = Map.copyOf(index);
        this.meanActiveUtilisation = active == 0 ? 0 : sumU / active;
        this.activeShare = hosts.isEmpty() ? 0 : (double) active / hosts.size();
        this.overloadedShare = active == 0 ? 0 : (double) overloaded / active;
        this.largestHostMips = largest;
    }

    /**
     * @param context the cycle's context
     * @return the view, without the predictor's forecasts (features then extrapolate the history)
     */
    public static PoolView of(AgentContext context) {
        return of(context, false);
    }

    /**
     * @param context   the cycle's context
     * @param forecasts whether to ask the context's CPU predictor for each VM's next interval
     * @return the view
     */
    public static PoolView of(AgentContext context, boolean forecasts) {
        Objects.requireNonNull(context, "context");
        List<HostState> states = context.snapshot().hosts();
        List<Host> hosts = new ArrayList<>(states.size());
        List<Vm> vms = new ArrayList<>(context.snapshot().vms().size());
        for (int i = 0; i < states.size(); i++) {
            HostState h = states.get(i);
            Optional<HostCapacity> c = context.capacity(h.id());
            double core = c.map(HostCapacity::mipsPerCpu).orElse(1.0);
            double capacity = h.cpuCount() * core;
            List<Integer> mine = new ArrayList<>();
            double demand = 0;
            double[] history = new double[HISTORY];
            int length = 1;
            double forecast = forecasts ? 0 : Double.NaN;
            for (VmState v : context.snapshot().vmsOn(h.id())) {
                double vcpuMips = context.vcpuMips(v.id()).orElse(core);
                Optional<String> blocked = v.migratable() ? context.blocked(v.id())
                        : Optional.of("not running (" + v.power() + ")");
                Vm vm = new Vm(vms.size(), v, i, vcpuMips, 0, blocked);
                double d = vm.demandOn(core);
                vm = new Vm(vm.index(), v, i, vcpuMips, d, blocked);
                vms.add(vm);
                mine.add(vm.index());
                demand += d;
                Optional<MetricWindow> w = context.metrics(v.id().value(), Metric.CPU_UTILISATION, HISTORY);
                double[] samples = w.isPresent() && w.get().size() > 0 ? w.get().values()
                        : new double[] {v.cpuUtilisation()};
                int n = Math.min(samples.length, HISTORY);
                length = Math.max(length, n);
                for (int k = 0; k < n; k++) {
                    double u = clamp01(samples[samples.length - 1 - k]);
                    history[HISTORY - 1 - k] += Math.min(u * vcpuMips, core) * v.vcpus() / capacity;
                }
                if (forecasts && !Double.isNaN(forecast)) {
                    Optional<Forecast> f = context.forecast(v.id().value(), Metric.CPU_UTILISATION);
                    forecast = f.isPresent() && f.get().horizon() >= 1
                            ? forecast + Math.min(clamp01(f.get().mean(1)) * vcpuMips, core) * v.vcpus() / capacity
                            : Double.NaN;
                }
            }
            double[] trimmed = new double[length];
            System.arraycopy(history, HISTORY - length, trimmed, 0, length);
            trimmed[length - 1] = demand / capacity;
            hosts.add(new Host(i, h, core, capacity, c.flatMap(HostCapacity::power), mine, demand, trimmed,
                    forecasts && mine.isEmpty() ? 0 : forecast));
        }
        return new PoolView(context, hosts, vms, forecasts);
    }

    private static double clamp01(double u) {
        return u < 0 ? 0 : Math.min(u, 1);
    }

    /** @return the context it was built from */
    public AgentContext context() {
        return context;
    }

    /** @return every host, snapshot order */
    public List<Host> hosts() {
        return hosts;
    }

    /** @return every resident VM, host by host in snapshot order */
    public List<Vm> vms() {
        return vms;
    }

    /** @return host {@code i} */
    public Host host(int i) {
        return hosts.get(i);
    }

    /** @return the host with this id */
    public Optional<Host> host(HostId id) {
        Integer i = hostIndex.get(id);
        return i == null ? Optional.empty() : Optional.of(hosts.get(i));
    }

    /** @return the indexes of the hosts running at least one VM, snapshot order */
    public List<Integer> activeHosts() {
        List<Integer> out = new ArrayList<>();
        for (Host h : hosts) {
            if (h.active()) {
                out.add(h.index());
            }
        }
        return out;
    }

    /** @return the mean utilisation of the active hosts, 0 when none is active */
    public double meanActiveUtilisation() {
        return meanActiveUtilisation;
    }

    /** @return the share of hosts that run a VM */
    public double activeShare() {
        return activeShare;
    }

    /** @return the share of active hosts at or over {@value #OVERLOADED} of their CPU */
    public double overloadedShare() {
        return overloadedShare;
    }

    /** @return the capacity of the largest host in MIPS */
    public double largestHostMips() {
        return largestHostMips;
    }

    /** @return whether it asked the context's predictor for forecasts */
    public boolean forecasts() {
        return forecasts;
    }

    @Override
    public String toString() {
        return "PoolView[" + hosts.size() + " hosts, " + vms.size() + " VMs, " + activeHosts().size() + " active]";
    }
}
