package io.ferry.api.testing;

import io.ferry.api.AgentContext;
import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.Forecast;
import io.ferry.api.model.HostCapacity;
import io.ferry.api.model.HostId;
import io.ferry.api.model.HostState;
import io.ferry.api.model.Metric;
import io.ferry.api.model.MetricWindow;
import io.ferry.api.model.MigrationPlan;
import io.ferry.api.model.PoolId;
import io.ferry.api.model.PowerCurve;
import io.ferry.api.model.PowerState;
import io.ferry.api.model.VmId;
import io.ferry.api.model.VmState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * A tiny hand-made pool for agents' tests (agent-consolidation's heuristics, the DQN agent), shipped in api's
 * test-jar: hosts with a CPU speed, a 125 MB/s link and a power curve (or no capacity at all), VMs with a current
 * utilisation, memory, vCPU speed and a utilisation history (oldest first, one value per 300 s interval, as the
 * data-centre engine gives it). A host's last reading is what its VMs are allocated now, as CloudSim's. Not
 * thread-safe; a new pool per test.
 */
public final class TestPool {

    public static final long MB = 1L << 20;
    public static final long LINK = 125 * MB;
    public static final PowerCurve FLAT_SLOPE = PowerCurve.linear(100, 200);

    private record Host(String id, int cpus, double mips, long ramMb, Optional<PowerCurve> power, boolean known) {
    }

    private record Vm(String id, String host, double utilisation, long ramMb, double vcpuMips, double[] history) {
    }

    private final Map<String, Host> hosts = new LinkedHashMap<>();
    private final List<Vm> vms = new ArrayList<>();
    private final Set<String> blocked = new HashSet<>();
    private final Set<String> maintenance = new HashSet<>();
    private final Map<String, Double> readings = new HashMap<>();

    public static TestPool pool() {
        return new TestPool();
    }

    /** A host of {@code cpus} × {@code mips}, 4096 MB, the linear 100-200 W curve. */
    public TestPool host(String id, int cpus, double mips) {
        return host(id, cpus, mips, 4096, FLAT_SLOPE);
    }

    public TestPool host(String id, int cpus, double mips, long ramMb, PowerCurve power) {
        hosts.put(id, new Host(id, cpus, mips, ramMb, Optional.of(power), true));
        return this;
    }

    /** A host whose adapter gives no speed, link or power curve (a real Xen pool). */
    public TestPool hostWithoutCapacity(String id, int cpus, long ramMb) {
        hosts.put(id, new Host(id, cpus, 1, ramMb, Optional.empty(), false));
        return this;
    }

    /** A one-vCPU VM. */
    public TestPool vm(String id, String host, double utilisation, long ramMb, double vcpuMips, double... history) {
        vms.add(new Vm(id, host, utilisation, ramMb, vcpuMips, history));
        return this;
    }

    public TestPool blocked(String vm) {
        blocked.add(vm);
        return this;
    }

    public TestPool maintenance(String host) {
        maintenance.add(host);
        return this;
    }

    /** Overrides a host's last reading (by default: what its VMs are allocated). */
    public TestPool reading(String host, double utilisation) {
        readings.put(host, utilisation);
        return this;
    }

    public AgentContext context() {
        List<HostState> hs = new ArrayList<>();
        for (Host h : hosts.values()) {
            double used = 0;
            long ram = 0;
            for (Vm v : vms) {
                if (v.host().equals(h.id())) {
                    used += Math.min(v.utilisation() * (h.known() ? v.vcpuMips() : 1), h.mips());
                    ram += v.ramMb();
                }
            }
            double u = readings.getOrDefault(h.id(), Math.min(1, used / (h.cpus() * h.mips())));
            hs.add(new HostState(new HostId(h.id()), h.id(), true, maintenance.contains(h.id()), h.cpus(), u,
                    h.ramMb() * MB, (h.ramMb() - ram) * MB));
        }
        List<VmState> vs = new ArrayList<>();
        for (Vm v : vms) {
            vs.add(new VmState(new VmId(v.id()), v.id(), PowerState.RUNNING, Optional.of(new HostId(v.host())),
                    v.ramMb() * MB, 1, v.utilisation(), Set.of()));
        }
        ClusterSnapshot snapshot = new ClusterSnapshot(new PoolId("test"), Instant.ofEpochSecond(3000), hs, vs);
        Map<String, Vm> byId = new HashMap<>();
        vms.forEach(v -> byId.put(v.id(), v));
        return new AgentContext() {
            @Override
            public ClusterSnapshot snapshot() {
                return snapshot;
            }

            @Override
            public Optional<MetricWindow> metrics(String subject, Metric metric, int samples) {
                Vm v = byId.get(subject);
                if (v == null || metric != Metric.CPU_UTILISATION || v.history().length == 0) {
                    return Optional.empty();
                }
                double[] h = v.history();
                double[] last = java.util.Arrays.copyOfRange(h, Math.max(0, h.length - samples), h.length);
                return Optional.of(new MetricWindow(subject, metric, snapshot.taken(), Duration.ofSeconds(300), last));
            }

            @Override
            public Optional<Forecast> forecast(String subject, Metric metric) {
                return Optional.empty();
            }

            @Override
            public Optional<MigrationPlan> plan(VmId vm, HostId target) {
                return Optional.empty();
            }

            @Override
            public Optional<String> blocked(VmId vm) {
                return blocked.contains(vm.value()) ? Optional.of(vm + " is migrating") : Optional.empty();
            }

            @Override
            public Optional<HostCapacity> capacity(HostId host) {
                Host h = hosts.get(host.value());
                return h == null || !h.known() ? Optional.empty()
                        : Optional.of(new HostCapacity(h.mips(), LINK, h.power()));
            }

            @Override
            public OptionalDouble vcpuMips(VmId vm) {
                Vm v = byId.get(vm.value());
                return v == null || !hosts.get(v.host()).known() ? OptionalDouble.empty()
                        : OptionalDouble.of(v.vcpuMips());
            }
        };
    }

    /** @return {@code n} copies of {@code value} */
    public static double[] repeat(double value, int n) {
        double[] out = new double[n];
        java.util.Arrays.fill(out, value);
        return out;
    }

    /** @return {@code n} values alternating {@code a}, {@code b}, … */
    public static double[] alternate(double a, double b, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = i % 2 == 0 ? a : b;
        }
        return out;
    }
}
