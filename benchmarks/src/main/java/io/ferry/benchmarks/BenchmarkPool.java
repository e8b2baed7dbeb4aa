package io.ferry.benchmarks;

import io.ferry.api.MigrationAgent;
import io.ferry.controller.embedded.EmbeddedController;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The pool the controller's figures are measured on — the "simulated pool of 100 hosts / 2,000 VMs" — and
 * the strategies that drive it, built as outside OSGi: found by name through their factories ({@link Plugins}).
 *
 * <p>The simulated pool keeps every attribute of {@code io.ferry.simpool} at its default (16 CPUs per host, VMs of
 * 1, 2 or 4 GiB and 1 to 4 vCPUs, a quarter of the hosts overloaded at the start, a 10 Gbit/s link, seed
 * {@value #SEED}) except {@code hostMemoryGiB}, doubled to {@value #HOST_MEMORY_GIB} so that memory never binds:
 * 2,000 such VMs fill about 4,700 GiB of 12,800, and the agent's choices depend on CPU alone. With the defaults the
 * pool runs at about 85 % CPU on average and about half of its hosts are above the agent's 80 % threshold.
 *
 * <p>The controller's settings make every decision the guard can let through pass: {@code holdSeconds = 0} and
 * {@code minImprovement = 0} (the default 20 s hold and 5 % gain would refuse everything for the first 20 s, and
 * most moves of a 1-vCPU VM off a 16-CPU host afterwards). Cost: building the pool draws its layout, O(VMs × hosts).
 */
final class BenchmarkPool {

    /** The pool's name. */
    static final String NAME = "bench";
    /** Hosts in the pool of the issue. */
    static final int HOSTS = 100;
    /** VMs in the pool of the issue. */
    static final int VMS = 2000;
    /** Memory per host: twice the simulator's default, so that the VMs use about a third of it. */
    static final int HOST_MEMORY_GIB = 128;
    /** The seed of the pool's layout, workloads and faults. */
    static final long SEED = 42;
    /** The policy a pool starts with. */
    static final String PRECOPY = "precopy";
    /** The policy swapped in and out with {@link #PRECOPY}. */
    static final String HYBRID = "hybrid";

    private BenchmarkPool() {
    }

    /**
     * @param timeScale            simulated seconds per wall-clock second (1: real time)
     * @param migrationFailureRate share of migrations that fail part-way through pre-copy (0 to 1)
     * @return the properties of a simulated pool of {@code hosts} and {@code vms}, the rest as described above
     */
    static Map<String, Object> simulator(int hosts, int vms, long seed, double timeScale,
            double migrationFailureRate) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("pool.name", NAME);
        p.put("hosts", hosts);
        p.put("vms", vms);
        p.put("seed", seed);
        p.put("hostMemoryGiB", HOST_MEMORY_GIB);
        p.put("timeScale", timeScale);
        p.put("migrationFailureRate", migrationFailureRate);
        return p;
    }

    /** @return a started simulated pool with these properties; the caller closes it */
    static Plugins.OpenPool start(Map<String, Object> properties) {
        return Plugins.pool("simulator", properties);
    }

    /**
     * Installs the two policies the swaps alternate between: pre-copy and hybrid, each with its default
     * configuration, hybrid without a predictor.
     */
    static void installPolicies(EmbeddedController controller) {
        controller.addPolicy(Plugins.policy(PRECOPY, Map.of()));
        controller.addPolicy(Plugins.policy(HYBRID, Map.of()));
    }

    /**
     * @param maxDecisionsPerCycle the agent's cap on decisions per cycle (its default is 4)
     * @return the threshold agent, every other attribute at its default (80 % CPU, 25,000 dirty pages/s)
     */
    static MigrationAgent thresholdAgent(int maxDecisionsPerCycle) {
        return Plugins.agent("threshold", Map.of("maxDecisionsPerCycle", maxDecisionsPerCycle));
    }

    /**
     * @return the pool's controller settings: {@code policy}, the threshold agent, {@code intervalSeconds},
     *         {@code dryRun}, and the guard's hysteresis off as described above; the caller may add keys
     */
    static Map<String, Object> settings(String policy, double intervalSeconds, boolean dryRun) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("policy", policy);
        s.put("agent", "threshold");
        s.put("intervalSeconds", intervalSeconds);
        s.put("dryRun", dryRun);
        s.put("holdSeconds", 0);
        s.put("minImprovement", 0);
        return s;
    }
}
