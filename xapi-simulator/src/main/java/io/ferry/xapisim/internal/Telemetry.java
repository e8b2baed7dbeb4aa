package io.ferry.xapisim.internal;

import io.ferry.simcluster.CpuWorkload;
import io.ferry.engine.SeededHash;
import java.util.ArrayList;
import java.util.List;

/**
 * The RRD data sources of the simulated pool, as xcp-rrdd names them, computed from the workloads: pure
 * functions of (object, data source, simulated time), so any archive and any instant can be served and the
 * same question always gets the same answer.
 *
 * <p>Per VM: {@code cpu<N>} (share of each vCPU, the workload plus a small per-vCPU deviation),
 * {@code memory} and {@code memory_target} (bytes), {@code memory_internal_free} (KiB, what the guest agent
 * reports: memory in use grows with CPU), {@code vbd_xvda_read}/{@code _write} and {@code vif_0_rx}/{@code _tx}
 * (bytes per second, proportional to CPU with seeded noise). Per host: {@code cpu<N>}, {@code cpu_avg} (the
 * resident VMs' demand over the host's CPUs), {@code memory_total_kib}, {@code memory_free_kib}. There is no
 * dirty-page rate: XAPI has none; a predictor has to infer it from these proxies.
 *
 * <p>Cost: O(1) per VM value, O(VMs) per host value. Call under the pool's lock.
 */
final class Telemetry {

    /** Mean disk read rate of a fully busy guest, bytes per second. */
    static final double VBD_READ_BYTES = 4 * 1024 * 1024;
    /** Mean disk write rate of a fully busy guest, bytes per second. */
    static final double VBD_WRITE_BYTES = 3 * 1024 * 1024;
    /** Mean network receive rate of a fully busy guest, bytes per second. */
    static final double VIF_RX_BYTES = 2 * 1024 * 1024;
    /** Mean network transmit rate of a fully busy guest, bytes per second. */
    static final double VIF_TX_BYTES = 1.5 * 1024 * 1024;
    /** Seconds between two knots of the noise of derived series. */
    static final double NOISE_KNOT_SECONDS = 5;

    private static final long CPU_STREAM = 0x435055L;
    private static final long IO_STREAM = 0x494FL;

    private final XapiPool pool;
    private final long seed;
    /** The last host load computed: every CPU column of a row asks for the same one. */
    private Model.Host loadHost;
    private double loadTime = Double.NaN;
    private double loadValue;

    Telemetry(XapiPool pool) {
        this.pool = pool;
        this.seed = pool.settings().seed();
    }

    /** @return the data sources of {@code vm}, in legend order */
    static List<String> vmSources(Model.Vm vm) {
        List<String> out = new ArrayList<>();
        for (int c = 0; c < vm.vcpus; c++) {
            out.add("cpu" + c);
        }
        out.add("memory");
        out.add("memory_target");
        out.add("memory_internal_free");
        out.add("vbd_xvda_read");
        out.add("vbd_xvda_write");
        out.add("vif_0_rx");
        out.add("vif_0_tx");
        return out;
    }

    /** @return the data sources of {@code host}, in legend order */
    static List<String> hostSources(Model.Host host) {
        List<String> out = new ArrayList<>();
        for (int c = 0; c < host.cpus; c++) {
            out.add("cpu" + c);
        }
        out.add("cpu_avg");
        out.add("memory_total_kib");
        out.add("memory_free_kib");
        return out;
    }

    /** @return the share of {@code vm}'s vCPUs in use at {@code t} */
    double utilisation(Model.Vm vm, double t) {
        return switch (vm.kind) {
            case GUEST -> pool.workload().utilisation(vm.workload, t);
            case CONTROL_DOMAIN -> CpuWorkload.clamp(0.05 + 0.03 * Math.sin(2 * Math.PI * t / 600
                    + vm.residentOn.index));
            case TEMPLATE -> 0;
        };
    }

    /**
     * @return the value of {@code source} of {@code vm} at {@code t}, NaN for an unknown source
     */
    double vm(Model.Vm vm, String source, double t) {
        double u = utilisation(vm, t);
        long key = key(vm);
        if (source.startsWith("cpu")) {
            int c = index(source, 3, vm.vcpus);
            return c < 0 ? Double.NaN : CpuWorkload.clamp(u + 0.1 * (noise(CPU_STREAM, key * 4096 + c, t) - 0.5));
        }
        double memory = vm.memoryTarget();
        return switch (source) {
            case "memory", "memory_target" -> memory;
            case "memory_internal_free" -> {
                double used = Math.max(0.05, Math.min(0.98, 0.35 + 0.4 * u + 0.1 * (noise(IO_STREAM, key * 8, t)
                        - 0.5)));
                yield Math.floor(memory * (1 - used) / 1024);
            }
            case "vbd_xvda_read" -> io(VBD_READ_BYTES, 0.2 + u, key * 8 + 1, t);
            case "vbd_xvda_write" -> io(VBD_WRITE_BYTES, 0.1 + 1.5 * u, key * 8 + 2, t);
            case "vif_0_rx" -> io(VIF_RX_BYTES, 0.1 + u, key * 8 + 3, t);
            case "vif_0_tx" -> io(VIF_TX_BYTES, 0.1 + u, key * 8 + 4, t);
            default -> Double.NaN;
        };
    }

    /** @return the value of {@code source} of {@code host} at {@code t}, NaN for an unknown source */
    double host(Model.Host host, String source, double t) {
        switch (source) {
            case "memory_total_kib":
                return host.memoryTotal / 1024.0;
            case "memory_free_kib": {
                long used = 0;
                for (Model.Vm vm : pool.vms()) {
                    if (vm.running() && vm.hostAt(t) == host.index) {
                        used += vm.memoryTarget() + vm.memoryOverhead;
                    }
                }
                return Math.max(0, host.memoryTotal - host.memoryOverhead - used) / 1024.0;
            }
            case "cpu_avg":
                return load(host, t);
            default:
                if (source.startsWith("cpu")) {
                    int c = index(source, 3, host.cpus);
                    return c < 0 ? Double.NaN : CpuWorkload.clamp(load(host, t)
                            + 0.1 * (noise(CPU_STREAM, -1 - (host.index * 4096L + c), t) - 0.5));
                }
                return Double.NaN;
        }
    }

    /** @return the resident VMs' CPU demand over the host's CPUs at {@code t}, in [0, 1] */
    double load(Model.Host host, double t) {
        if (host == loadHost && t == loadTime) {
            return loadValue;
        }
        double demand = 0;
        for (Model.Vm vm : pool.vms()) {
            if (vm.running() && vm.hostAt(t) == host.index) {
                demand += vm.vcpus * utilisation(vm, t);
            }
        }
        loadHost = host;
        loadTime = t;
        loadValue = CpuWorkload.clamp(demand / host.cpus);
        return loadValue;
    }

    private double io(double scale, double level, long key, double t) {
        return Math.floor(scale * level * (0.8 + 0.4 * noise(IO_STREAM, key, t)));
    }

    /** @return noise in [0, 1) interpolated between seeded knots */
    private double noise(long stream, long key, double t) {
        double k = t / NOISE_KNOT_SECONDS;
        long knot = (long) Math.floor(k);
        double frac = k - knot;
        double a = SeededHash.unit(seed, stream, key, knot);
        double b = SeededHash.unit(seed, stream, key, knot + 1);
        return a + (b - a) * frac;
    }

    private static long key(Model.Vm vm) {
        return vm.kind == Model.VmKind.GUEST ? vm.workload : 1_000_000L + (vm.residentOn == null ? 0
                : vm.residentOn.index);
    }

    private static int index(String source, int prefix, int limit) {
        try {
            int i = Integer.parseInt(source.substring(prefix));
            return i >= 0 && i < limit && source.equals(source.substring(0, prefix) + i) ? i : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
