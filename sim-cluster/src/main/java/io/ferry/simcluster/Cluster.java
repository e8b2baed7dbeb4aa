package io.ferry.simcluster;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A cluster of hosts and VMs: where each VM runs, the memory each host has in use and reserved for incoming
 * migrations, which hosts are in service, and whether a migration may start. The one model under every
 * simulated front end; each adds its own objects and names on top and keeps its own lock around it.
 *
 * <p>Decides admission, in xapi's order ({@link #check}): VM running, not already migrating, target in service
 * (not in maintenance, online), source online, VM on the named source, memory free on the target. A VM's host
 * changes only when its migration completes ({@link #completeMigration}); an aborted one leaves it on its
 * source. Memory is a ledger: each VM has a footprint on its host and a reservation it needs on a migration's
 * target (equal in a plain pool; xapi adds overheads and balloons), so every question is O(1) and a cluster of
 * 1,000 hosts and 10,000 VMs builds in O(VMs). Only {@link #stuckVms()} is O(VMs × hosts).
 *
 * <p>Not thread-safe; the owner's lock guards it. When not to use it: for a pool whose memory changes outside
 * migrations (ballooning at run time), which this ledger does not model.
 */
public final class Cluster {

    private static final int GROW = 16;

    private final long[] capacity;
    private final int[] cpus;
    private final long[] used;
    private final long[] reserved;
    private final boolean[] maintenance;
    private final boolean[] offline;
    private int vms;
    private long[] footprint = new long[GROW];
    private long[] need = new long[GROW];
    private int[] vcpus = new int[GROW];
    private int[] host = new int[GROW];
    private int[] target = new int[GROW];

    /**
     * A cluster of hosts, all in service and online, holding no VM.
     *
     * @param capacityBytes per host, the memory its VMs may use (after what the hypervisor keeps)
     * @param cpus          per host, its physical CPUs
     * @throws IllegalArgumentException when the arrays differ in length, are empty, or hold a negative value
     */
    public Cluster(long[] capacityBytes, int[] cpus) {
        if (capacityBytes.length != cpus.length || cpus.length == 0) {
            throw new IllegalArgumentException("hosts: " + capacityBytes.length + " capacities and " + cpus.length
                    + " CPU counts: must be the same number, at least 1");
        }
        for (int h = 0; h < cpus.length; h++) {
            if (capacityBytes[h] < 0 || cpus[h] < 1) {
                throw new IllegalArgumentException("host " + h + ": capacity " + capacityBytes[h] + " bytes, "
                        + cpus[h] + " CPUs: must be >= 0 bytes and >= 1 CPU");
            }
        }
        this.capacity = capacityBytes.clone();
        this.cpus = cpus.clone();
        int n = cpus.length;
        this.used = new long[n];
        this.reserved = new long[n];
        this.maintenance = new boolean[n];
        this.offline = new boolean[n];
    }

    /** @return a cluster of {@code hosts} equal hosts */
    public static Cluster uniform(int hosts, long capacityBytes, int cpus) {
        long[] c = new long[hosts];
        int[] p = new int[hosts];
        Arrays.fill(c, capacityBytes);
        Arrays.fill(p, cpus);
        return new Cluster(c, p);
    }

    // ------------------------------------------------------------------ building

    /**
     * Adds a VM. Amortised O(1).
     *
     * @param footprintBytes what it uses on its host while it runs there
     * @param needBytes      what a migration reserves on its target
     * @param vcpus          its vCPUs, &gt;= 1
     * @param host           the host it runs on, or -1 when halted
     * @return its index, counted from 0 in the order VMs are added
     */
    public int addVm(long footprintBytes, long needBytes, int vcpus, int host) {
        if (footprintBytes < 0 || needBytes < 0 || vcpus < 1 || host < -1 || host >= capacity.length) {
            throw new IllegalArgumentException("VM " + vms + ": footprint " + footprintBytes + ", need " + needBytes
                    + ", " + vcpus + " vCPUs, host " + host + ": must be >= 0, >= 0, >= 1 and -1 or a host index");
        }
        if (vms == footprint.length) {
            int size = vms * 2;
            footprint = Arrays.copyOf(footprint, size);
            need = Arrays.copyOf(need, size);
            this.vcpus = Arrays.copyOf(this.vcpus, size);
            this.host = Arrays.copyOf(this.host, size);
            target = Arrays.copyOf(target, size);
        }
        int vm = vms++;
        footprint[vm] = footprintBytes;
        need[vm] = needBytes;
        this.vcpus[vm] = vcpus;
        this.host[vm] = host;
        target[vm] = -1;
        if (host >= 0) {
            used[host] += footprintBytes;
        }
        return vm;
    }

    // ------------------------------------------------------------------ hosts

    /** @return the number of hosts */
    public int hosts() {
        return capacity.length;
    }

    /** @return host {@code h}'s memory for VMs, in bytes */
    public long capacity(int h) {
        return capacity[h];
    }

    /** @return host {@code h}'s physical CPUs */
    public int cpus(int h) {
        return cpus[h];
    }

    /** @return the memory host {@code h}'s resident VMs use, reservations not counted */
    public long used(int h) {
        return used[h];
    }

    /** @return the memory reserved on host {@code h} for the migrations coming to it */
    public long reserved(int h) {
        return reserved[h];
    }

    /** @return the memory free on host {@code h} for a new migration: capacity − used − reserved, at least 0 */
    public long free(int h) {
        return Math.max(0, capacity[h] - used[h] - reserved[h]);
    }

    /** @return whether host {@code h} is in maintenance (disabled: it takes no VM) */
    public boolean inMaintenance(int h) {
        return maintenance[h];
    }

    /** Puts host {@code h} in maintenance or takes it out. */
    public void setMaintenance(int h, boolean inMaintenance) {
        maintenance[h] = inMaintenance;
    }

    /** @return whether host {@code h} is online (a fault may take it offline for a while) */
    public boolean online(int h) {
        return !offline[h];
    }

    /** Marks host {@code h} online or offline; its migrations are the front end's to end. */
    public void setOnline(int h, boolean online) {
        offline[h] = !online;
    }

    /** @return whether host {@code h} may take a VM: online and not in maintenance */
    public boolean inService(int h) {
        return !offline[h] && !maintenance[h];
    }

    // ------------------------------------------------------------------ VMs

    /** @return the number of VMs */
    public int vms() {
        return vms;
    }

    /** @return the host VM {@code vm} runs on, or -1 when it is halted */
    public int host(int vm) {
        return host[vm];
    }

    /** @return whether VM {@code vm} runs */
    public boolean running(int vm) {
        return host[vm] >= 0;
    }

    /** @return VM {@code vm}'s vCPUs */
    public int vcpus(int vm) {
        return vcpus[vm];
    }

    /** @return what VM {@code vm} uses on its host */
    public long footprint(int vm) {
        return footprint[vm];
    }

    /** @return what a migration of VM {@code vm} reserves on its target */
    public long need(int vm) {
        return need[vm];
    }

    /** @return whether VM {@code vm} is migrating */
    public boolean migrating(int vm) {
        return target[vm] >= 0;
    }

    /** @return the target of VM {@code vm}'s migration, or -1 when it is not migrating */
    public int migrationTarget(int vm) {
        return target[vm];
    }

    // ------------------------------------------------------------------ migrations

    /**
     * The admission checks for migrating {@code vm} to {@code to}, in xapi's order (see {@link Refusal.Reason}).
     * O(1).
     *
     * @param from the host the request says the VM is on, or -1 to take the VM's own host
     * @return why it may not start, or empty when it may
     */
    public Optional<Refusal> check(int vm, int from, int to) {
        if (host[vm] < 0) {
            return Optional.of(Refusal.of(Refusal.Reason.NOT_RUNNING));
        }
        if (target[vm] >= 0) {
            return Optional.of(Refusal.of(Refusal.Reason.MIGRATING));
        }
        if (maintenance[to]) {
            return Optional.of(Refusal.of(Refusal.Reason.TARGET_DISABLED));
        }
        if (offline[to]) {
            return Optional.of(Refusal.of(Refusal.Reason.TARGET_OFFLINE));
        }
        if (offline[host[vm]]) {
            return Optional.of(Refusal.of(Refusal.Reason.SOURCE_OFFLINE));
        }
        if (from >= 0 && host[vm] != from) {
            return Optional.of(Refusal.of(Refusal.Reason.NOT_RESIDENT));
        }
        long available = free(to);
        if (need[vm] > available) {
            return Optional.of(new Refusal(Refusal.Reason.NOT_ENOUGH_MEMORY, need[vm], available));
        }
        return Optional.empty();
    }

    /**
     * Starts migrating {@code vm} to {@code to} after {@link #check}: reserves its need there.
     *
     * @throws IllegalStateException when a check fails
     */
    public void beginMigration(int vm, int to) {
        Optional<Refusal> refusal = check(vm, -1, to);
        if (refusal.isPresent()) {
            throw new IllegalStateException("VM " + vm + " may not migrate to host " + to + ": " + refusal.get());
        }
        target[vm] = to;
        reserved[to] += need[vm];
    }

    /** Ends {@code vm}'s migration with the VM on its target: the reservation becomes the VM's footprint. */
    public void completeMigration(int vm) {
        int to = requireMigrating(vm);
        reserved[to] -= need[vm];
        used[host[vm]] -= footprint[vm];
        used[to] += footprint[vm];
        host[vm] = to;
        target[vm] = -1;
    }

    /** Ends {@code vm}'s migration with the VM still on its source (cancelled, failed): releases the reservation. */
    public void abortMigration(int vm) {
        int to = requireMigrating(vm);
        reserved[to] -= need[vm];
        target[vm] = -1;
    }

    /**
     * @return the running VMs that fit on no other host in service now (a front end warns about them: they
     *         cannot be migrated); O(VMs × hosts)
     */
    public List<Integer> stuckVms() {
        List<Integer> stuck = new ArrayList<>();
        for (int vm = 0; vm < vms; vm++) {
            int from = host[vm];
            if (from < 0) {
                continue;
            }
            boolean movable = false;
            for (int h = 0; h < capacity.length && !movable; h++) {
                movable = h != from && inService(h) && free(h) >= need[vm];
            }
            if (!movable) {
                stuck.add(vm);
            }
        }
        return stuck;
    }

    /**
     * @param utilisation per VM, the share of its vCPUs in use
     * @return per host, its CPU demand: Σ vCPUs × utilisation of its resident VMs; O(VMs)
     */
    public double[] cpuDemand(double[] utilisation) {
        double[] demand = new double[capacity.length];
        for (int vm = 0; vm < vms; vm++) {
            if (host[vm] >= 0) {
                demand[host[vm]] += vcpus[vm] * utilisation[vm];
            }
        }
        return demand;
    }

    private int requireMigrating(int vm) {
        int to = target[vm];
        if (to < 0) {
            throw new IllegalStateException("VM " + vm + " is not migrating");
        }
        return to;
    }
}
