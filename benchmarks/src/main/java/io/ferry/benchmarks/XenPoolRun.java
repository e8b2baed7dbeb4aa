package io.ferry.benchmarks;

import io.ferry.api.HypervisorAdapter;
import com.xensource.xenapi.Connection;
import com.xensource.xenapi.Session;
import com.xensource.xenapi.Host;
import com.xensource.xenapi.VM;
import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.HostId;
import io.ferry.api.model.HostState;
import io.ferry.api.model.PoolId;
import io.ferry.api.model.VmState;
import io.ferry.controller.PoolStatus;
import io.ferry.controller.embedded.EmbeddedController;
import io.ferry.xapisim.XapiSimulator;
import java.io.PrintStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * The XenServer path at the scale: Ferry's {@code xen-adapter} against a simulated XenServer pool of 64 hosts
 * and 1,000 VMs ({@link XapiSimulator} in this process, reached over HTTP on loopback through the real XenAPI SDK
 * 8.1). Three figures, each a sample with its order statistics:
 *
 * <ol>
 * <li><b>First full snapshot</b>: from constructing the adapter to its first {@code snapshot()} returning — login
 * (the SDK's five calls), the event token, {@code get_all_records} of hosts, host metrics, VMs and VM metrics,
 * {@code host.compute_free_memory} of every host, and one {@code /rrd_updates} download per host (64), so that the
 * first snapshot carries CPU figures. A fresh adapter each time (the first in a cold JVM, reported apart); the
 * simulator stays up.</li>
 * <li><b>Incremental update from events</b>: another XenAPI client migrates a VM with the synchronous
 * {@code VM.pool_migrate}; the time from that call's reply to the adapter's {@code snapshot()} showing the VM on its
 * new host. Between them: {@code event.from} returning the change, the inventory applying it, the free memory of the
 * two hosts read again. (The simulator produces the event when the migration completes, a little before the
 * reply leaves; so this slightly under-states the whole delay.)</li>
 * <li><b>One full control cycle</b>: {@link EmbeddedController#cycle} on that pool with the threshold agent and the
 * pre-copy policy, in <b>dry-run</b> (decisions recorded, nothing executed, so every cycle finds the same pool):
 * the adapter's snapshot (from its cache, rebuilt only when an event or a telemetry poll changed something),
 * the agent's decision with a plan per candidate move, the guard, the plans, one audit line per decision.</li>
 * </ol>
 *
 * <p>Arguments ({@code key=value}, all optional): {@code hosts} (64), {@code vms} (1000), {@code seed} (42),
 * {@code snapshots} (5 fresh adapters), {@code updates} (40 migrations), {@code warmup} (20 cycles),
 * {@code cycles} (100). The simulator: 16 CPUs per host, host memory sized so that every VM fits anywhere, a
 * 100 Gbit/s migration network (so that each migration of phase 2 ends within a second) and simulated time at wall
 * speed (so that a telemetry poll fetches one or two new rows per host, as on a real pool). Prints the machine's load average before and after, because the figures mean little without it.
 *
 * <p>What it does not measure: a real XenServer (it answers in milliseconds where the simulator answers in
 * microseconds, and its event and RRD latencies are its own), nor TLS (plain HTTP on loopback).
 */
public final class XenPoolRun {

    private static final PoolId POOL = new PoolId("xen");
    /** The history the adapter's first telemetry pass asks of each host: 90 rows of 5 s. */
    private static final int FIRST_HISTORY_SECONDS = 450;

    private XenPoolRun() {
    }

    /**
     * Runs the three measurements and prints them.
     *
     * @param args {@code key=value} arguments, see the class comment
     */
    public static void main(String[] args) throws Exception {
        Map<String, Integer> a = arguments(args);
        PrintStream out = System.out;
        out.printf(Locale.ROOT, "# XenPoolRun: %d hosts, %d VMs, seed %d; %d CPUs, Java %s; load average %s%n",
                a.get("hosts"), a.get("vms"), a.get("seed"), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), loadAverage());
        try (XapiSimulator sim = XapiSimulator.builder().hosts(a.get("hosts")).vms(a.get("vms")).seed(a.get("seed"))
                .linkGbps(100).build().start()) {
            Map<String, Object> props = adapterProperties(sim);

            List<Double> first = new ArrayList<>();
            Plugins.OpenPool adapter = null;
            ClusterSnapshot snapshot = null;
            for (int i = 0; i < a.get("snapshots"); i++) {
                if (adapter != null) {
                    adapter.close();
                }
                long t0 = System.nanoTime();
                adapter = Plugins.pool("xenserver", props);
                snapshot = adapter.adapter().snapshot();
                first.add((System.nanoTime() - t0) / 1e6);
            }
            out.printf(Locale.ROOT, "# first snapshot: %d hosts, %d VMs (guests), CPU of %d VMs known%n",
                    snapshot.hosts().size(), snapshot.vms().size(),
                    snapshot.vms().stream().filter(v -> v.cpuUtilisation() > 0).count());
            out.printf(Locale.ROOT, "first full snapshot, cold JVM (ms): %.1f%n", first.get(0));
            print(out, "first full snapshot, later adapters (ms)", first.subList(1, first.size()));
            out.printf(Locale.ROOT, "# of which the simulator's own /rrd_updates exports of every host (the same %d"
                    + " s of history the adapter's first pass asks), fetched directly: %.1f ms%n", FIRST_HISTORY_SECONDS,
                    rrdExports(sim));

            List<Double> updates = updates(sim, adapter.adapter(), a.get("updates"));
            print(out, "incremental update, reply of VM.pool_migrate -> snapshot shows the move (ms)", updates);

            List<Double> cycles = new ArrayList<>();
            Path audit = Files.createTempDirectory("ferry-xen-bench");
            try (EmbeddedController controller = new EmbeddedController(audit, false)) {
                controller.addPolicy(Plugins.policy("precopy", Map.of()));
                controller.addAgent(Plugins.agent("threshold", Map.of()));
                controller.configure(POOL.value(), Map.of("policy", "precopy", "agent", "threshold", "dryRun", "true",
                        "holdSeconds", "0", "minImprovement", "0", "linkGbps", "100"));
                controller.addAdapter(adapter.adapter());
                for (int i = 0; i < a.get("warmup") + a.get("cycles"); i++) {
                    long t0 = System.nanoTime();
                    controller.cycle(POOL);
                    double ms = (System.nanoTime() - t0) / 1e6;
                    if (i >= a.get("warmup")) {
                        cycles.add(ms);
                    }
                }
                PoolStatus s = controller.pool(POOL).orElseThrow();
                print(out, "control cycle, dry-run, threshold + precopy (ms)", cycles);
                out.printf(Locale.ROOT, "# controller counters: %d cycles, %d decisions (%.1f per cycle), %d refused, "
                        + "problem: %s%n", s.counters().cycles(), s.counters().decisions(),
                        (double) s.counters().decisions() / s.counters().cycles(), s.counters().refused(),
                        s.problem().orElse("none"));
            }
            adapter.close();
        }
        out.printf(Locale.ROOT, "# load average after: %s%n", loadAverage());
    }

    /**
     * @return the time to download every host's {@code /rrd_updates} (the same request as the adapter's first
     *         telemetry pass) with plain HTTP, one after another: the simulator's share of the first snapshot
     */
    private static double rrdExports(XapiSimulator sim) throws Exception {
        Connection c = new Connection(new URL(sim.url()));
        Session.loginWithPassword(c, sim.user(), sim.password());
        Map<Host, Host.Record> hosts = Host.getAllRecords(c);
        long start = System.currentTimeMillis() / 1000 - FIRST_HISTORY_SECONDS;
        long t0 = System.nanoTime();
        for (Host.Record h : hosts.values()) {
            URL u = new URL("http://" + h.address + ":" + sim.port() + "/rrd_updates?session_id="
                    + c.getSessionReference() + "&start=" + start + "&host=true&cf=AVERAGE&interval=5");
            try (java.io.InputStream in = u.openStream()) {
                in.readAllBytes();
            }
        }
        double ms = (System.nanoTime() - t0) / 1e6;
        Session.logout(c);
        return ms;
    }

    /** Migrates VMs with another client's synchronous calls and times how soon the adapter's snapshot follows. */
    private static List<Double> updates(XapiSimulator sim, HypervisorAdapter adapter, int count) throws Exception {
        Connection c = new Connection(new URL(sim.url()));
        Session.loginWithPassword(c, sim.user(), sim.password());
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ClusterSnapshot s = adapter.snapshot();
            List<VmState> running = s.vms().stream().filter(VmState::migratable).toList();
            VmState vm = running.get((i * 37) % running.size());
            HostId from = vm.residentOn().orElseThrow();
            List<HostState> others = s.hosts().stream().filter(h -> !h.id().equals(from) && h.acceptsVms()).toList();
            HostId to = others.get((i * 13) % others.size()).id();
            VM ref = VM.getByUuid(c, vm.id().value());
            Host target = Host.getByUuid(c, to.value());
            ref.poolMigrate(c, target, Map.of("live", "true"));
            long t0 = System.nanoTime();
            long deadline = t0 + 30_000_000_000L;
            while (!adapter.snapshot().vm(vm.id()).flatMap(VmState::residentOn).equals(Optional.of(to))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the snapshot did not show " + vm.name() + " on " + to);
                }
                LockSupport.parkNanos(50_000);
            }
            out.add((System.nanoTime() - t0) / 1e6);
        }
        Session.logout(c);
        return out;
    }

    private static Map<String, Object> adapterProperties(XapiSimulator sim) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("pool.name", POOL.value());
        p.put("url", sim.url());
        p.put("user", sim.user());
        p.put(".password", sim.password());
        p.put("insecure", true); // plain HTTP on loopback to the simulator
        p.put("connectTimeoutSeconds", 120); // the first snapshot waits for the whole first load
        p.put("eventTimeoutSeconds", 30);
        return p;
    }

    private static Map<String, Integer> arguments(String[] args) {
        Map<String, Integer> a = new LinkedHashMap<>(Map.of("hosts", 64, "vms", 1000, "seed", 42, "snapshots", 5,
                "updates", 40, "warmup", 20, "cycles", 100));
        Set<String> known = Set.copyOf(a.keySet());
        for (String arg : args) {
            int eq = arg.indexOf('=');
            String key = eq > 0 ? arg.substring(0, eq) : arg;
            if (!known.contains(key)) {
                throw new IllegalArgumentException("argument '" + arg + "': must be key=value with a key from " + known);
            }
            try {
                int v = Integer.parseInt(arg.substring(eq + 1).trim());
                if (v < 1) {
                    throw new NumberFormatException();
                }
                a.put(key, v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " = " + arg.substring(eq + 1) + ": must be a whole number "
                        + ">= 1");
            }
        }
        if (a.get("snapshots") < 2) {
            throw new IllegalArgumentException("snapshots = " + a.get("snapshots") + ": must be >= 2 (the first is "
                    + "the cold one)");
        }
        return a;
    }

    /** Prints {@code n min p50 p90 max} of a sample (nearest rank). */
    private static void print(PrintStream out, String what, List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        out.printf(Locale.ROOT, "%s: n %d, min %.2f, p50 %.2f, p90 %.2f, max %.2f%n", what, v.length, v[0],
                rank(v, 0.5), rank(v, 0.9), v[v.length - 1]);
    }

    private static double rank(double[] sorted, double p) {
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException | RuntimeException e) {
            return "n/a";
        }
    }
}
