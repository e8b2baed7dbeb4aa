package io.ferry.agent.dqn;

import io.ferry.api.model.PowerCurve;

import java.util.List;
import java.util.Optional;

/**
 * The state one host presents to the network: {@value #COUNT} numbers, each already of order 1 so that no scaler
 * has to be trained and shipped with the model, and none depending on the pool's size, so that one network with
 * shared weights scores the hosts of any pool. In {@link #NAMES} order:
 * <ol start="0">
 * <li>{@code u_now}: demand / capacity now, clipped to [0, 1.5] (demand may exceed capacity)</li>
 * <li>{@code u_mean}: mean of the last {@value PoolView#HISTORY} samples</li>
 * <li>{@code u_max}: their maximum</li>
 * <li>{@code u_std}: their standard deviation</li>
 * <li>{@code u_slope}: least-squares slope per sample × {@value PoolView#HISTORY}, clipped to [-1, 1]: the change
 * over the window if the trend held</li>
 * <li>{@code u_next}: the next interval's utilisation: the CPU predictor's forecast when the view has one for every
 * VM of the host, else {@code u_now} + slope (linear extrapolation), clipped to [0, 1.5]</li>
 * <li>{@code vms}: VMs on the host / 10, clipped to [0, 3]</li>
 * <li>{@code ram_used}: the host's used memory share, (total − free) / total as the hypervisor reports it</li>
 * <li>{@code mmt_vm}: the demand of the VM with the least memory (the one minimum-migration-time selection moves
 * first) as a share of the host's capacity: how much one cheap move relieves</li>
 * <li>{@code idle_power}: P(0) / P(1) of the host's curve, 0.7 when unknown: how much switching it off saves</li>
 * <li>{@code size}: host capacity / the pool's largest host capacity</li>
 * <li>{@code pool_u}: the pool's mean utilisation over active hosts</li>
 * <li>{@code pool_active}: the share of hosts that are active</li>
 * <li>{@code pool_overloaded}: the share of active hosts at or over 100 % CPU</li>
 * <li>{@code room}: free MIPS under {@value HostAction#OFFLOAD_CAP} on the other active hosts that accept VMs,
 * divided by this host's demand, clipped to [0, 10], / 10 (1 when the host demands nothing): whether evacuating
 * it could succeed</li>
 * <li>{@code blocked}: the share of its VMs the guard blocks now</li>
 * </ol>
 * Cost: O(VMs on the host) per host, plus O(hosts) once per view for {@code room} (cached by the caller through
 * {@link #encodeAll}). Stateless.
 */
public final class HostFeatures {

    /** The feature names, in vector order; a model's provenance records them and loading checks them. */
    public static final List<String> NAMES = List.of("u_now", "u_mean", "u_max", "u_std", "u_slope", "u_next",
            "vms", "ram_used", "mmt_vm", "idle_power", "size", "pool_u", "pool_active", "pool_overloaded", "room",
            "blocked");

    /** How many features there are: the network's input count. */
    public static final int COUNT = NAMES.size();

    /** The idle-power fraction assumed for a host without a known curve: a typical 2010s server. */
    public static final double UNKNOWN_IDLE_POWER = 0.7;

    private HostFeatures() {
    }

    /**
     * @param view the pool
     * @param host a host index of the view
     * @return its features; O(hosts) for the pool's free room — prefer {@link #encodeAll} for many hosts
     */
    public static double[] encode(PoolView view, int host) {
        return encode(view, host, freeUnderCap(view));
    }

    /**
     * @param view the pool
     * @return the features of every host (inactive ones too), index = host index; O(hosts + VMs)
     */
    public static double[][] encodeAll(PoolView view) {
        double free = freeUnderCap(view);
        double[][] out = new double[view.hosts().size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = encode(view, i, free);
        }
        return out;
    }

    private static double[] encode(PoolView view, int index, double poolFree) {
        PoolView.Host h = view.host(index);
        double[] f = new double[COUNT];
        int n = h.historyLength();
        double sum = 0;
        double max = 0;
        for (int i = 0; i < n; i++) {
            sum += h.history(i);
            max = Math.max(max, h.history(i));
        }
        double mean = sum / n;
        double var = 0;
        double sxy = 0;
        double sxx = 0;
        double xm = (n - 1) / 2.0;
        for (int i = 0; i < n; i++) {
            double d = h.history(i) - mean;
            var += d * d;
            sxy += (i - xm) * d;
            sxx += (i - xm) * (i - xm);
        }
        double slope = sxx == 0 ? 0 : sxy / sxx;
        double now = h.utilisation();
        f[0] = clip(now, 0, 1.5);
        f[1] = clip(mean, 0, 1.5);
        f[2] = clip(Math.max(max, now), 0, 1.5);
        f[3] = clip(Math.sqrt(var / n), 0, 1);
        f[4] = clip(slope * PoolView.HISTORY, -1, 1);
        f[5] = clip(Double.isNaN(h.forecast()) ? now + slope : h.forecast(), 0, 1.5);
        f[6] = clip(h.vms().size() / 10.0, 0, 3);
        long total = h.state().memoryTotalBytes();
        f[7] = total <= 0 ? 0 : clip((double) (total - h.state().memoryFreeBytes()) / total, 0, 1);
        f[8] = clip(mmtVmDemand(view, h) / h.capacityMips(), 0, 1);
        f[9] = idlePowerShare(h.power());
        f[10] = view.largestHostMips() <= 0 ? 1 : h.capacityMips() / view.largestHostMips();
        f[11] = clip(view.meanActiveUtilisation(), 0, 1.5);
        f[12] = view.activeShare();
        f[13] = view.overloadedShare();
        double others = poolFree - ownFree(h);
        f[14] = h.demandMips() <= 0 ? 1 : clip(others / h.demandMips(), 0, 10) / 10;
        int blocked = 0;
        for (int v : h.vms()) {
            if (!view.vms().get(v).movable()) {
                blocked++;
            }
        }
        f[15] = h.vms().isEmpty() ? 0 : (double) blocked / h.vms().size();
        return f;
    }

    private static double mmtVmDemand(PoolView view, PoolView.Host h) {
        PoolView.Vm best = null;
        for (int v : h.vms()) {
            PoolView.Vm vm = view.vms().get(v);
            if (vm.movable() && (best == null || vm.ramBytes() < best.ramBytes())) {
                best = vm;
            }
        }
        return best == null ? 0 : best.demandMips();
    }

    private static double idlePowerShare(Optional<PowerCurve> power) {
        if (power.isEmpty() || power.get().maxWatts() <= 0) {
            return UNKNOWN_IDLE_POWER;
        }
        return power.get().idleWatts() / power.get().maxWatts();
    }

    /** @return the free MIPS under the offload cap on every active host that accepts VMs */
    private static double freeUnderCap(PoolView view) {
        double free = 0;
        for (PoolView.Host h : view.hosts()) {
            free += ownFree(h);
        }
        return free;
    }

    private static double ownFree(PoolView.Host h) {
        if (!h.active() || !h.acceptsVms()) {
            return 0;
        }
        return Math.max(0, HostAction.OFFLOAD_CAP * h.capacityMips() - h.demandMips());
    }

    private static double clip(double x, double lo, double hi) {
        return x < lo ? lo : Math.min(x, hi);
    }
}
