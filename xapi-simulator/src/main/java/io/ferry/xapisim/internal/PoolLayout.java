package io.ferry.xapisim.internal;

import io.ferry.simcluster.Cluster;
import io.ferry.simcluster.VmSizes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The starting state of a simulated pool, drawn from the seed.
 *
 * <ol>
 * <li>Each guest draws its memory from {@code vmMemoryGiB} and its vCPUs from {@code vmVcpus};
 * {@code haltedVms} guests, chosen at random, are halted and resident nowhere.</li>
 * <li>Running guests are placed largest first on the host with the least memory in use, which spreads them.</li>
 * <li>With {@code hostMemoryGiB = 0}, every host gets the smallest multiple of 8 GiB (at least 16) in which the
 * fullest host still has room for the largest running guest, so that every running guest fits on any other
 * host; a given size that cannot hold the guests is refused.</li>
 * <li>Each host gets a control domain ({@code controlDomainMemoryMiB}, up to 4 vCPUs, domid 0) and host 0 is the
 * master; {@code templates} default templates are added, halted.</li>
 * </ol>
 * Memory overheads follow xapi's orders of magnitude: a guest's is about 1/128 of its memory plus 256 KiB per
 * vCPU and 1 MiB; Xen keeps 1 % of a host. Cost: O(guests × hosts), once.
 *
 * The guests, and the hosts' memory for guests (total less Xen's overhead and the control domain), form the
 * pool's {@link Cluster}: guest {@code i} is the cluster's VM {@code i}, host {@code h} its host {@code h}.
 *
 * @param pool      the pool object
 * @param hosts     the hosts, in index order
 * @param guests    the guests, in index order
 * @param cluster   the hosts and guests as the shared cluster model
 * @param nextDomid per host, the next domain id to give a VM that arrives
 */
record PoolLayout(Model.Pool pool, List<Model.Host> hosts, List<Model.Vm> guests, Cluster cluster,
        long[] nextDomid) {

    private static final long GIB = 1L << 30;
    private static final long MIB = 1L << 20;

    /**
     * Draws the pool and adds its objects to {@code db}: the pool, hosts with their metrics and control domains,
     * guests with their metrics (and guest metrics when running), templates.
     *
     * @throws IllegalArgumentException {@code vms = n: must fit the hosts …} when the running guests do not fit
     */
    static PoolLayout build(SimSettings settings, List<String> addresses, Ids ids, Database db, Instant epoch) {
        Model.Pool pool = new Model.Pool(ids.ref(), ids.uuid(), settings.poolName());
        List<Model.Host> hosts = new ArrayList<>();
        long[] nextDomid = new long[settings.hosts()];
        int n = settings.hosts();
        Random rnd = new Random(settings.seed());
        // guests: sizes and power states
        int count = settings.vms();
        VmSizes sizes = VmSizes.draw(rnd, count, settings.vmMemoryGiB(), settings.vmVcpus());
        long[] memory = sizes.memoryBytes();
        int[] vcpus = sizes.vcpus();
        List<Integer> order = sizes.order();
        boolean[] halted = new boolean[count];
        for (int k = 0; k < settings.haltedVms(); k++) {
            halted[order.get(k)] = true;
        }
        // placement: largest first onto the host with the least memory in use
        long dom0Memory = settings.controlDomainMemoryMiB() * MIB;
        int dom0Vcpus = Math.min(settings.hostCpus(), 4);
        long dom0Need = dom0Memory + overhead(dom0Memory, dom0Vcpus);
        List<Integer> running = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (!halted[i]) {
                running.add(i);
            }
        }
        running.sort((a, b) -> memory[a] != memory[b] ? Long.compare(memory[b], memory[a]) : Integer.compare(a, b));
        long[] used = new long[n];
        int[] place = new int[count];
        java.util.Arrays.fill(place, -1);
        for (int i : running) {
            int best = 0;
            for (int h = 1; h < n; h++) {
                if (used[h] < used[best]) {
                    best = h;
                }
            }
            place[i] = best;
            used[best] += memory[i] + overhead(memory[i], vcpus[i]);
        }
        long maxUsed = 0;
        for (long u : used) {
            maxUsed = Math.max(maxUsed, u);
        }
        long maxNeed = 0;
        for (int i : running) {
            maxNeed = Math.max(maxNeed, memory[i] + overhead(memory[i], vcpus[i]));
        }
        long total;
        if (settings.hostMemoryGiB() > 0) {
            total = settings.hostMemoryGiB() * GIB;
        } else {
            // the smallest multiple of 8 GiB (at least 16) in which the fullest host still has room for the
            // largest running VM: then every running VM fits on any other host
            long need = dom0Need + maxUsed + maxNeed;
            need += hostOverhead(need * 102 / 100);
            total = Math.max(16 * GIB, (need + 8 * GIB - 1) / (8 * GIB) * (8 * GIB));
        }
        long capacity = total - hostOverhead(total) - dom0Need;
        if (maxUsed > capacity) {
            throw new IllegalArgumentException("vms = " + count + ": must fit the hosts (the fullest host needs "
                    + (maxUsed + dom0Need + hostOverhead(total)) / MIB + " MiB; hosts have " + total / MIB
                    + " MiB; raise hostMemoryGiB or hosts, or lower vms)");
        }

        int hostDigits = Math.max(2, String.valueOf(n - 1).length());
        Instant installed = epoch.minusSeconds(86_400L * 30);
        for (int h = 0; h < n; h++) {
            String name = String.format(Locale.ROOT, "host-%0" + hostDigits + "d", h);
            Model.Host host = new Model.Host(ids.ref(), ids.uuid(), h, name, name, addresses.get(h), settings.hostCpus(),
                    total, hostOverhead(total), "iqn.2019-12.io.ferry:" + name);
            hosts.add(host);
            db.add(host);
            host.metrics = new Model.HostMetrics(ids.ref(), ids.uuid(), host, epoch);
            db.add(host.metrics);
            Model.Vm dom0 = new Model.Vm(ids.ref(), ids.uuid(), Model.VmKind.CONTROL_DOMAIN,
                    "Control domain on host: " + name, "The domain which manages physical devices and manages other "
                    + "domains", -1, dom0Vcpus, dom0Memory, dom0Memory, dom0Memory, dom0Memory,
                    overhead(dom0Memory, dom0Vcpus), "", "");
            dom0.powerState = Model.PowerState.RUNNING;
            dom0.residentOn = host;
            dom0.domid = 0;
            dom0.residency.add(new double[] {0, h});
            dom0.metrics = new Model.VmMetrics(ids.ref(), ids.uuid(), dom0, installed, installed);
            db.add(dom0);
            db.add(dom0.metrics);
            host.controlDomain = dom0;
            nextDomid[h] = 1;
        }
        pool.master = hosts.get(0);
        db.add(pool);

        Cluster cluster = Cluster.uniform(n, capacity, settings.hostCpus());
        List<Model.Vm> guests = new ArrayList<>(count);
        int vmDigits = Math.max(2, String.valueOf(count - 1).length());
        for (int i = 0; i < count; i++) {
            String name = String.format(Locale.ROOT, "vm-%0" + vmDigits + "d", i);
            long mem = memory[i];
            Model.Vm vm = new Model.Vm(ids.ref(), ids.uuid(), Model.VmKind.GUEST, name, "", i, vcpus[i],
                    Math.min(mem, 512 * MIB), mem, mem, mem, overhead(mem, vcpus[i]), "", ids.uuid());
            Instant boot = epoch.minusSeconds(3600L * (1 + i % 24));
            vm.metrics = new Model.VmMetrics(ids.ref(), ids.uuid(), vm, halted[i] ? Instant.EPOCH : boot, installed);
            if (halted[i]) {
                vm.powerState = Model.PowerState.HALTED;
                vm.domid = -1;
            } else {
                Model.Host host = hosts.get(place[i]);
                vm.powerState = Model.PowerState.RUNNING;
                vm.residentOn = host;
                vm.domid = nextDomid[host.index]++;
                vm.residency.add(new double[] {0, host.index});
                vm.guestMetrics = new Model.VmGuestMetrics(ids.ref(), ids.uuid(), vm,
                        "10.0." + (i / 250) + "." + (i % 250 + 2), boot);
            }
            cluster.addVm(mem + vm.memoryOverhead, mem + vm.memoryOverhead, vcpus[i], halted[i] ? -1 : place[i]);
            guests.add(vm);
            db.add(vm);
            db.add(vm.metrics);
            if (vm.guestMetrics != null) {
                db.add(vm.guestMetrics);
            }
        }
        for (int t = 0; t < settings.templates(); t++) {
            long mem = GIB;
            Model.Vm template = new Model.Vm(ids.ref(), ids.uuid(), Model.VmKind.TEMPLATE,
                    t == 0 ? "Debian Buster 10" : "Debian Buster 10 (" + t + ")",
                    "Template that allows VM installation from Xen-aware Debian-based distros. To use this template "
                    + "from the CLI, install your VM using vm-install, then set other-config-install-repository to "
                    + "the path to your network repository, e.g. http://<server>/<path>", -1, 1, 128 * MIB, mem,
                    mem, mem, overhead(mem, 1), "debian-10", "");
            template.powerState = Model.PowerState.HALTED;
            template.domid = -1;
            template.metrics = new Model.VmMetrics(ids.ref(), ids.uuid(), template, Instant.EPOCH, installed);
            db.add(template);
            db.add(template.metrics);
        }
        return new PoolLayout(pool, List.copyOf(hosts), List.copyOf(guests), cluster, nextDomid);
    }

    /**
     * @return xapi-like memory overhead of a guest: shadow and page tables, about 1/128 of its memory, plus
     *         256 KiB per vCPU and 1 MiB, rounded up to a MiB
     */
    static long overhead(long memory, int vcpus) {
        long bytes = memory / 128 + vcpus * (256L << 10) + MIB;
        return (bytes + MIB - 1) / MIB * MIB;
    }

    /** @return the memory a host keeps for Xen itself: 1 % of it, rounded up to a MiB */
    static long hostOverhead(long total) {
        long bytes = total / 100;
        return (bytes + MIB - 1) / MIB * MIB;
    }
}
