package io.ferry.api.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A consistent picture of one pool at one instant: the input of an agent's decision.
 *
 * <p>Cost: O(hosts + VMs) to build, once, including the indexes; lookups by id and {@link #vmsOn(HostId)}
 * are then O(1) and O(VMs on that host).
 */
public final class ClusterSnapshot {

    private final PoolId pool;
    private final Instant taken;
    private final List<HostState> hosts;
    private final List<VmState> vms;
    private final Map<HostId, HostState> hostIndex;
    private final Map<VmId, VmState> vmIndex;
    private final Map<HostId, List<VmState>> residents;

    /**
     * @param pool  the pool
     * @param taken when the adapter took it
     * @param hosts the hosts, in the adapter's order, ids unique
     * @param vms   the VMs, in the adapter's order, ids unique, each resident on a listed host
     */
    public ClusterSnapshot(PoolId pool, Instant taken, List<HostState> hosts, List<VmState> vms) {
        this.pool = Require.nonNull(pool, "pool");
        this.taken = Require.nonNull(taken, "taken");
        this.hosts = List.copyOf(Require.nonNull(hosts, "hosts"));
        this.vms = List.copyOf(Require.nonNull(vms, "vms"));
        Map<HostId, HostState> hostMap = new HashMap<>();
        Map<HostId, List<VmState>> residentMap = new HashMap<>();
        for (HostState h : this.hosts) {
            if (hostMap.put(h.id(), h) != null) {
                throw new IllegalArgumentException("hosts: host id " + h.id() + " appears twice");
            }
            residentMap.put(h.id(), new ArrayList<>());
        }
        Map<VmId, VmState> vmMap = new HashMap<>();
        for (VmState v : this.vms) {
            if (vmMap.put(v.id(), v) != null) {
                throw new IllegalArgumentException("vms: VM id " + v.id() + " appears twice");
            }
            if (v.residentOn().isPresent()) {
                List<VmState> list = residentMap.get(v.residentOn().get());
                if (list == null) {
                    throw new IllegalArgumentException(
                            "vms: VM " + v.id() + " is resident on unknown host " + v.residentOn().get());
                }
                list.add(v);
            }
        }
        residentMap.replaceAll((k, list) -> List.copyOf(list));
        this.hostIndex = Map.copyOf(hostMap);
        this.vmIndex = Map.copyOf(vmMap);
        this.residents = Map.copyOf(residentMap);
    }

    /** @return the pool */
    public PoolId pool() {
        return pool;
    }

    /** @return when the adapter took the snapshot */
    public Instant taken() {
        return taken;
    }

    /** @return the hosts, in the adapter's order */
    public List<HostState> hosts() {
        return hosts;
    }

    /** @return the VMs, in the adapter's order */
    public List<VmState> vms() {
        return vms;
    }

    /** @return the host with this id, if it is in the snapshot */
    public Optional<HostState> host(HostId id) {
        return Optional.ofNullable(hostIndex.get(id));
    }

    /** @return the VM with this id, if it is in the snapshot */
    public Optional<VmState> vm(VmId id) {
        return Optional.ofNullable(vmIndex.get(id));
    }

    /** @return the VMs resident on {@code host}, empty for an unknown host */
    public List<VmState> vmsOn(HostId host) {
        return residents.getOrDefault(host, List.of());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ClusterSnapshot that && pool.equals(that.pool) && taken.equals(that.taken)
                && hosts.equals(that.hosts) && vms.equals(that.vms);
    }

    @Override
    public int hashCode() {
        return Objects.hash(pool, taken, hosts, vms);
    }

    @Override
    public String toString() {
        return "ClusterSnapshot[" + pool + " at " + taken + ": " + hosts.size() + " hosts, " + vms.size() + " VMs]";
    }
}
