package io.ferry.simpool.internal;

import io.ferry.simcluster.CpuWorkload;
import io.ferry.simcluster.SyntheticWorkload;
import io.ferry.simcluster.TraceWorkload;
import io.ferry.simcluster.VmSizes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * The starting state of a simulated pool, drawn from the seed: each VM's size, power state, tags and host,
 * and the workload that drives it.
 *
 * <p>Decides where VMs start so that a threshold agent has work at once and room to do it:
 * <ol>
 * <li>each VM draws its memory from {@code vmMemoryGiB} and its vCPUs from {@code vmVcpus};
 * {@code haltedVms} VMs, chosen at random, are halted and resident nowhere;</li>
 * <li>{@code overloadedHostFraction} of the hosts in service (at least one, never all) start <em>hot</em>:
 * each takes running VMs until their CPU demand at time 0 reaches {@value #HOT_DEMAND_MIN} to
 * {@value #HOT_DEMAND_MAX} of its CPUs, its memory is full, or it holds {@value #HOT_CROWDING} times the
 * average number of VMs per host. With the synthetic workload those VMs are busy (base {@value #BUSY_BASE_MIN}
 * to {@value #BUSY_BASE_MAX}), which overloads every hot host; with traces the busiest VMs at time 0 go first,
 * which overloads the hot hosts as far as the traces' load allows (PlanetLab VMs are mostly light: give the
 * hosts fewer CPUs to see overload);</li>
 * <li>every other running VM is light (base {@value #LIGHT_BASE_MIN} to {@value #LIGHT_BASE_MAX}) and goes
 * to the least loaded cold host with room, which spreads them and leaves memory free on every host;</li>
 * <li>each anti-affinity tag goes to its count of running VMs on distinct hosts.</li>
 * </ol>
 * Hosts in maintenance hold nothing. Cost: O(VMs × hosts) once, at activation.
 */
final class PoolLayout {

    /** Lowest CPU demand, as a share of the host's CPUs, that a hot host is filled to at time 0. */
    static final double HOT_DEMAND_MIN = 0.9;
    /** Highest such demand. */
    static final double HOT_DEMAND_MAX = 1.0;
    /**
     * A hot host takes at most this many times the average number of running VMs per host in service, so that
     * low-CPU workloads (PlanetLab traces average 10 to 20 %) do not pile every VM onto the hot hosts.
     */
    static final double HOT_CROWDING = 2.5;
    /** Lowest base utilisation of a busy synthetic VM. */
    static final double BUSY_BASE_MIN = 0.7;
    /** Highest base utilisation of a busy synthetic VM. */
    static final double BUSY_BASE_MAX = 0.95;
    /** Lowest base utilisation of a light synthetic VM. */
    static final double LIGHT_BASE_MIN = 0.05;
    /** Highest base utilisation of a light synthetic VM. */
    static final double LIGHT_BASE_MAX = 0.35;

    private static final long GIB = 1L << 30;

    private final long[] memoryBytes;
    private final int[] vcpus;
    private final int[] host;
    private final List<Set<String>> tags;
    private final Set<Integer> hotHosts;
    private final CpuWorkload workload;

    private PoolLayout(long[] memoryBytes, int[] vcpus, int[] host, List<Set<String>> tags, Set<Integer> hotHosts,
            CpuWorkload workload) {
        this.memoryBytes = memoryBytes;
        this.vcpus = vcpus;
        this.host = host;
        this.tags = tags;
        this.hotHosts = Set.copyOf(hotHosts);
        this.workload = workload;
    }

    /**
     * Draws the layout.
     *
     * @param settings the pool's settings
     * @param traces   the trace workload when traces drive the CPU
     * @throws IllegalArgumentException {@code vms = n: must fit …} when the running VMs do not fit in the
     *                                  memory of the hosts in service
     */
    static PoolLayout draw(PoolSettings settings, Optional<TraceWorkload> traces) {
        int vms = settings.vms();
        Random rnd = new Random(settings.seed());
        VmSizes sizes = VmSizes.draw(rnd, vms, settings.vmMemoryGiB(), settings.vmVcpus());
        long[] memory = sizes.memoryBytes();
        int[] vcpus = sizes.vcpus();
        List<Integer> order = sizes.order();
        int[] host = new int[vms];
        java.util.Arrays.fill(host, -1);
        List<Integer> running = new ArrayList<>(order.subList(settings.haltedVms(), vms));

        List<Integer> inService = new ArrayList<>();
        for (int h = 0; h < settings.hosts(); h++) {
            if (!settings.maintenanceHosts().contains(h)) {
                inService.add(h);
            }
        }
        List<Integer> hostOrder = new ArrayList<>(inService);
        Collections.shuffle(hostOrder, rnd);
        int hot = 0;
        if (settings.overloadedHostFraction() > 0) {
            hot = (int) Math.round(settings.overloadedHostFraction() * inService.size());
            hot = Math.max(1, Math.min(inService.size() - 1, hot));
        }
        List<Integer> hotHosts = hostOrder.subList(0, hot);
        List<Integer> coldHosts = new ArrayList<>(hostOrder.subList(hot, hostOrder.size()));
        Collections.sort(coldHosts);

        double[] base = new double[vms];
        SyntheticWorkload synthetic = new SyntheticWorkload(settings.seed(), settings.shape(), base);
        if (traces.isPresent()) {
            TraceWorkload t = traces.get();
            running.sort(Comparator.comparingDouble((Integer i) -> -vcpus[i] * t.utilisation(i, 0))
                    .thenComparingInt(i -> i));
        }
        double[] demand = new double[settings.hosts()];
        long[] used = new long[settings.hosts()];
        long hostMemory = settings.hostMemoryGiB() * GIB;
        int cursor = 0;
        int crowd = (int) Math.ceil(HOT_CROWDING * running.size() / inService.size());
        for (int h : hotHosts) {
            double target = (HOT_DEMAND_MIN + (HOT_DEMAND_MAX - HOT_DEMAND_MIN) * rnd.nextDouble())
                    * settings.hostCpus();
            int taken = 0;
            while (cursor < running.size() && demand[h] < target && taken < crowd) {
                int vm = running.get(cursor);
                if (used[h] + memory[vm] > hostMemory) {
                    break;
                }
                base[vm] = BUSY_BASE_MIN + (BUSY_BASE_MAX - BUSY_BASE_MIN) * rnd.nextDouble();
                double u = traces.isPresent() ? traces.get().utilisation(vm, 0)
                        : CpuWorkload.clamp(base[vm] + synthetic.variation(vm, 0));
                host[vm] = h;
                used[h] += memory[vm];
                demand[h] += vcpus[vm] * u;
                cursor++;
                taken++;
            }
        }
        List<Integer> fallback = new ArrayList<>(coldHosts);
        fallback.addAll(hotHosts);
        for (; cursor < running.size(); cursor++) {
            int vm = running.get(cursor);
            base[vm] = LIGHT_BASE_MIN + (LIGHT_BASE_MAX - LIGHT_BASE_MIN) * rnd.nextDouble();
            double u = traces.isPresent() ? traces.get().utilisation(vm, 0)
                    : CpuWorkload.clamp(base[vm] + synthetic.variation(vm, 0));
            int best = -1;
            for (int h : coldHosts.isEmpty() ? fallback : coldHosts) {
                if (used[h] + memory[vm] <= hostMemory && (best < 0 || demand[h] < demand[best]
                        || (demand[h] == demand[best] && used[h] < used[best]))) {
                    best = h;
                }
            }
            if (best < 0) {
                for (int h : fallback) {
                    if (used[h] + memory[vm] <= hostMemory && (best < 0 || used[h] < used[best])) {
                        best = h;
                    }
                }
            }
            if (best < 0) {
                long need = 0;
                for (int r : running) {
                    need += memory[r];
                }
                throw new IllegalArgumentException("vms = " + vms + ": must fit the hosts in service (the "
                        + running.size() + " running VMs need " + need / GIB + " GiB; " + inService.size()
                        + " hosts of " + settings.hostMemoryGiB() + " GiB hold " + inService.size() * hostMemory / GIB
                        + " GiB, and VM " + settings.vmName(vm) + " of " + memory[vm] / GIB + " GiB fits on none)");
            }
            host[vm] = best;
            used[best] += memory[vm];
            demand[best] += vcpus[vm] * u;
        }

        List<Set<String>> tags = new ArrayList<>();
        for (int i = 0; i < vms; i++) {
            tags.add(new TreeSet<>());
        }
        List<Integer> candidates = new ArrayList<>(running);
        Collections.sort(candidates);
        Collections.shuffle(candidates, rnd);
        for (Map.Entry<String, Integer> tag : settings.antiAffinityTags().entrySet()) {
            Set<Integer> hostsUsed = new HashSet<>();
            int given = 0;
            for (int vm : candidates) {
                if (given == tag.getValue()) {
                    break;
                }
                if (tags.get(vm).isEmpty() && hostsUsed.add(host[vm])) {
                    tags.get(vm).add(tag.getKey());
                    given++;
                }
            }
        }
        List<Set<String>> frozen = new ArrayList<>();
        for (Set<String> t : tags) {
            frozen.add(Set.copyOf(t));
        }
        CpuWorkload workload = traces.isPresent() ? traces.get() : synthetic.withBases(base);
        return new PoolLayout(memory, vcpus, host, List.copyOf(frozen), new TreeSet<>(hotHosts), workload);
    }

    /** @return VM {@code vm}'s memory in bytes */
    long memoryBytes(int vm) {
        return memoryBytes[vm];
    }

    /** @return VM {@code vm}'s vCPUs */
    int vcpus(int vm) {
        return vcpus[vm];
    }

    /** @return the host VM {@code vm} starts on, or -1 when it is halted */
    int initialHost(int vm) {
        return host[vm];
    }

    /** @return VM {@code vm}'s tags */
    Set<String> tags(int vm) {
        return tags.get(vm);
    }

    /** @return the hosts that start overloaded */
    Set<Integer> hotHosts() {
        return hotHosts;
    }

    /** @return what drives every VM's CPU */
    CpuWorkload workload() {
        return workload;
    }
}
