package io.ferry.agent.dqn;

import io.ferry.api.model.MigrationDecision;
import io.ferry.api.model.PowerCurve;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns one action per host into migration decisions on a working copy of the pool. Order within a cycle: hosts
 * that accept no VMs (maintenance, disabled) are drained first whatever their action, VM by VM, largest demand
 * first, as an offload places them (those without a target wait for the next cycle); then offloads, most loaded
 * host first; then evacuations, least loaded first. Rules:
 * <ul>
 * <li>{@link HostAction#OFFLOAD}: movable VMs least memory first (minimum migration time) until the host's demand is
 * at most {@value HostAction#OFFLOAD_CAP} of its capacity; each to the active host with the least power increase
 * {@code P(u_after) − P(u_now)} that stays at or under the cap (best fit by utilisation when no curve is known); if
 * none fits, to the empty host that would draw least with it (waking it); a VM that finds no target stays and the
 * next is tried.</li>
 * <li>{@link HostAction#EVACUATE}, {@link HostAction#EVACUATE_TIGHT}: every VM, largest demand first, to active hosts
 * that stay at or under the action's cap, least power increase first; never waking a host; all or nothing — one VM
 * blocked by the guard or without a place and nothing moves.</li>
 * <li>A host that receives a VM this cycle is not evacuated (so when several light hosts choose to evacuate, the
 * lightest go first and fill the others, which then stay); a host emptied this cycle is never a target; a host whose
 * action evacuates is no target of an offload; a host that does not accept VMs is never a target; blocked VMs never
 * move; a target needs the VM's memory free unless memory checks are off; each VM moves at most once per cycle.</li>
 * </ul>
 * The reason line names the action and its Q margin over {@code KEEP}, e.g.
 * {@code dqn EVACUATE (Q +0.31 over KEEP): h0012 -> h0040}.
 *
 * <p>Cost: O(moved VMs × hosts) plus a sort of the acting hosts; no allocation per host that keeps. Stateless and
 * thread-safe.
 */
public final class ActionExecutor {

    private final boolean checkMemory;

    /** @param checkMemory whether a target needs the VM's memory free (false reproduces CloudSim, whose VMs hold none) */
    public ActionExecutor(boolean checkMemory) {
        this.checkMemory = checkMemory;
    }

    /** @return whether targets need the VM's memory free */
    public boolean checkMemory() {
        return checkMemory;
    }

    /**
     * @param view          the pool
     * @param actionPerHost the action index per host index (inactive hosts' entries are ignored)
     * @param agentName     the name that signs the decisions
     * @return the decisions, in the order made
     */
    public List<MigrationDecision> execute(PoolView view, int[] actionPerHost, String agentName) {
        return execute(view, actionPerHost, null, agentName);
    }

    /**
     * @param view          the pool
     * @param actionPerHost the action index per host index (inactive hosts' entries are ignored)
     * @param qPerHost      the Q values per host index, for the reason line; null, or null entries, when unknown
     * @param agentName     the name that signs the decisions
     * @return the decisions, in the order made
     * @throws IllegalArgumentException when the action array does not match the pool or holds an unknown index
     */
    public List<MigrationDecision> execute(PoolView view, int[] actionPerHost, double[][] qPerHost, String agentName) {
        Objects.requireNonNull(view, "view");
        Objects.requireNonNull(agentName, "agentName");
        int n = view.hosts().size();
        if (actionPerHost.length != n) {
            throw new IllegalArgumentException("actionPerHost has " + actionPerHost.length + " entries for " + n
                    + " hosts");
        }
        Work w = new Work(view, agentName);
        List<Integer> offloads = new ArrayList<>();
        List<Integer> evacuations = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (!view.host(i).active()) {
                continue;
            }
            HostAction a = HostAction.of(actionPerHost[i]);
            if (a == HostAction.OFFLOAD) {
                offloads.add(i);
            } else if (a.evacuates()) {
                evacuations.add(i);
                w.leaving[i] = true;
            }
        }
        offloads.sort(Comparator.comparingDouble((Integer i) -> -view.host(i).utilisation())
                .thenComparingInt(i -> i));
        evacuations.sort(Comparator.comparingDouble((Integer i) -> view.host(i).utilisation())
                .thenComparingInt(i -> i));
        List<MigrationDecision> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            PoolView.Host h = view.host(i);
            if (h.active() && !h.acceptsVms()) {
                drain(w, i, agentName + " drain (" + (h.state().maintenance() ? "maintenance" : "disabled") + ")",
                        out);
            }
        }
        for (int h : offloads) {
            offload(w, h, reason(agentName, HostAction.OFFLOAD, qPerHost, h), out);
        }
        for (int h : evacuations) {
            HostAction a = HostAction.of(actionPerHost[h]);
            evacuate(w, h, a.targetCap(), reason(agentName, a, qPerHost, h), out);
        }
        return out;
    }

    private void offload(Work w, int h, String reason, List<MigrationDecision> out) {
        PoolView view = w.view;
        PoolView.Host host = view.host(h);
        List<PoolView.Vm> order = new ArrayList<>();
        for (int v : host.vms()) {
            PoolView.Vm vm = view.vms().get(v);
            if (vm.movable() && !w.moved[v]) {
                order.add(vm);
            }
        }
        order.sort(Comparator.comparingLong(PoolView.Vm::ramBytes).thenComparingInt(PoolView.Vm::index));
        for (PoolView.Vm vm : order) {
            if (w.demand[h] <= HostAction.OFFLOAD_CAP * host.capacityMips()) {
                break;
            }
            int t = best(w, vm, h, HostAction.OFFLOAD_CAP, true);
            if (t >= 0) {
                w.move(vm, h, t);
                out.add(decision(vm, host, view.host(t), w.agent, reason));
            }
        }
    }

    /** Moves every movable VM of a host that accepts none, VM by VM (those without a target wait). */
    private void drain(Work w, int h, String reason, List<MigrationDecision> out) {
        PoolView view = w.view;
        PoolView.Host host = view.host(h);
        w.leaving[h] = true;
        List<PoolView.Vm> order = new ArrayList<>();
        for (int v : host.vms()) {
            PoolView.Vm vm = view.vms().get(v);
            if (vm.movable()) {
                order.add(vm);
            }
        }
        order.sort(Comparator.comparingDouble((PoolView.Vm vm) -> -vm.demandMips())
                .thenComparingInt(PoolView.Vm::index));
        for (PoolView.Vm vm : order) {
            int t = best(w, vm, h, HostAction.OFFLOAD_CAP, true);
            if (t >= 0) {
                w.move(vm, h, t);
                out.add(decision(vm, host, view.host(t), w.agent, reason));
            }
        }
    }

    private void evacuate(Work w, int h, double cap, String reason, List<MigrationDecision> out) {
        PoolView view = w.view;
        PoolView.Host host = view.host(h);
        if (w.received[h]) {
            return;
        }
        List<PoolView.Vm> order = new ArrayList<>();
        for (int v : host.vms()) {
            PoolView.Vm vm = view.vms().get(v);
            if (w.moved[v]) {
                continue;
            }
            if (!vm.movable()) {
                return; // all or nothing: the host cannot be emptied this cycle
            }
            order.add(vm);
        }
        order.sort(Comparator.comparingDouble((PoolView.Vm vm) -> -vm.demandMips())
                .thenComparingInt(PoolView.Vm::index));
        int[] targets = new int[order.size()];
        double[] demand = w.demand.clone();
        long[] free = w.freeRam.clone();
        int[] count = w.count.clone();
        for (int k = 0; k < order.size(); k++) {
            int t = best(w, order.get(k), h, cap, false);
            if (t < 0) {
                w.restore(demand, free, count);
                return;
            }
            targets[k] = t;
            w.place(order.get(k), t);
        }
        w.restore(demand, free, count);
        for (int k = 0; k < order.size(); k++) {
            w.move(order.get(k), h, targets[k]);
            out.add(decision(order.get(k), host, view.host(targets[k]), w.agent, reason));
        }
        w.emptied[h] = true;
    }

    /**
     * @return the target host index with the least power increase among active hosts that stay at or under
     *         {@code cap}; for an offload, hosts that are leaving excluded and the empty host drawing least with
     *         the VM when no active one fits; -1 when none
     */
    private int best(Work w, PoolView.Vm vm, int source, double cap, boolean offload) {
        PoolView view = w.view;
        int best = -1;
        double bestCost = Double.POSITIVE_INFINITY;
        int bestEmpty = -1;
        double bestEmptyCost = Double.POSITIVE_INFINITY;
        for (PoolView.Host t : view.hosts()) {
            int i = t.index();
            if (i == source || w.emptied[i] || (offload && w.leaving[i]) || !t.acceptsVms()) {
                continue;
            }
            if (checkMemory && w.freeRam[i] < vm.ramBytes()) {
                continue;
            }
            double add = vm.demandOn(t.coreMips());
            double before = w.demand[i] / t.capacityMips();
            double after = (w.demand[i] + add) / t.capacityMips();
            if (after > cap) {
                continue;
            }
            if (w.count[i] > 0) {
                double cost = power(t.power(), after) - power(t.power(), before);
                if (cost < bestCost) {
                    bestCost = cost;
                    best = i;
                }
            } else if (offload) {
                double cost = t.power().isPresent() ? power(t.power(), after) : after;
                if (cost < bestEmptyCost) {
                    bestEmptyCost = cost;
                    bestEmpty = i;
                }
            }
        }
        return best >= 0 ? best : bestEmpty;
    }

    private static double power(Optional<PowerCurve> curve, double u) {
        double c = Math.min(1, Math.max(0, u));
        return curve.isPresent() ? curve.get().watts(c) : c;
    }

    private static MigrationDecision decision(PoolView.Vm vm, PoolView.Host from, PoolView.Host to, String agent,
            String reason) {
        return new MigrationDecision(vm.id(), from.id(), to.id(), agent,
                reason + ": " + from.id().value() + " -> " + to.id().value());
    }

    private static String reason(String agent, HostAction a, double[][] q, int h) {
        if (q == null || q[h] == null || q[h].length <= a.ordinal()) {
            return agent + " " + a.name();
        }
        return String.format(Locale.ROOT, "%s %s (Q %+.2f over KEEP)", agent, a.name(),
                q[h][a.ordinal()] - q[h][HostAction.KEEP.ordinal()]);
    }

    /** The cycle's working placement: demand, free memory and VM count per host. */
    private static final class Work {
        final PoolView view;
        final String agent;
        final double[] demand;
        final long[] freeRam;
        final int[] count;
        final boolean[] leaving;
        final boolean[] emptied;
        final boolean[] received;
        final boolean[] moved;

        Work(PoolView view, String agent) {
            this.view = view;
            this.agent = agent;
            int n = view.hosts().size();
            demand = new double[n];
            freeRam = new long[n];
            count = new int[n];
            leaving = new boolean[n];
            emptied = new boolean[n];
            received = new boolean[n];
            moved = new boolean[view.vms().size()];
            for (PoolView.Host h : view.hosts()) {
                demand[h.index()] = h.demandMips();
                freeRam[h.index()] = h.state().memoryFreeBytes();
                count[h.index()] = h.vms().size();
            }
        }

        void place(PoolView.Vm vm, int t) {
            demand[t] += vm.demandOn(view.host(t).coreMips());
            freeRam[t] -= vm.ramBytes();
            count[t]++;
        }

        void move(PoolView.Vm vm, int from, int t) {
            place(vm, t);
            demand[from] = Math.max(0, demand[from] - vm.demandMips());
            count[from]--;
            received[t] = true;
            moved[vm.index()] = true;
        }

        void restore(double[] d, long[] f, int[] c) {
            System.arraycopy(d, 0, demand, 0, d.length);
            System.arraycopy(f, 0, freeRam, 0, f.length);
            System.arraycopy(c, 0, count, 0, c.length);
        }
    }
}
