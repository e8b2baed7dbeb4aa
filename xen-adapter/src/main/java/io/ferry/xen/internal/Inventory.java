package io.ferry.xen.internal;

import com.xensource.xenapi.Event;
import com.xensource.xenapi.Host;
import com.xensource.xenapi.HostMetrics;
import com.xensource.xenapi.Types;
import com.xensource.xenapi.VM;
import com.xensource.xenapi.VMMetrics;
import com.xensource.xenapi.XenAPIObject;
import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.HostId;
import io.ferry.api.model.HostState;
import io.ferry.api.model.PoolId;
import io.ferry.api.model.PowerState;
import io.ferry.api.model.VmId;
import io.ferry.api.model.VmState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * The adapter's copy of the pool: the XAPI records of hosts, VMs and their metrics, keyed by reference, loaded
 * once in full and then kept current by {@code event.from} batches ({@link #apply}); and the hosts' free memory
 * as {@code host.compute_free_memory} last answered it (a computed value, which no event carries: the inventory
 * tells the adapter which hosts to ask again, see {@link #staleFreeMemory()}).
 *
 * <p>Decides what a {@link ClusterSnapshot} contains: guest VMs only (control domains, templates and snapshots
 * are excluded); running and paused VMs on their resident host, halted and suspended VMs on none; a host is
 * {@code enabled} when XAPI's {@code host.enabled} is set and its metrics say it is live, and in maintenance when
 * its {@code other_config} carries XenCenter's {@code MAINTENANCE_MODE = true}; a VM's memory is its
 * {@code memory_dynamic_max} (what XAPI reserves on a target, less the small per-VM overhead), its vCPUs those of
 * its running domain ({@code VM_metrics.VCPUs_number}) or, when halted, {@code VCPUs_at_startup}; its tags are XAPI's
 * tags. CPU figures come from the RRD telemetry.
 *
 * <p>Cost: O(changed objects) per event batch; O((hosts + VMs) log(hosts + VMs)) per snapshot, which the adapter
 * caches until something changes. Thread-safe (one monitor).
 */
final class Inventory {

    /** XenCenter's marker of a host in maintenance mode, in {@code host.other_config}. */
    static final String MAINTENANCE_MODE = "MAINTENANCE_MODE";

    private final Map<String, Host.Record> hosts = new HashMap<>();
    private final Map<String, HostMetrics.Record> hostMetrics = new HashMap<>();
    private final Map<String, VM.Record> vms = new HashMap<>();
    private final Map<String, VMMetrics.Record> vmMetrics = new HashMap<>();
    private final Map<String, Long> freeMemory = new HashMap<>();
    private final Map<String, String> vmByUuid = new HashMap<>();
    private final Map<String, String> hostByUuid = new HashMap<>();
    private final Map<String, String> expectedTargets = new HashMap<>();
    private final Set<String> staleFree = new HashSet<>();
    private long version;
    private boolean loaded;

    /** Replaces everything with a full load. Every host's free memory is then read again. */
    synchronized void replaceAll(Map<Host, Host.Record> allHosts, Map<HostMetrics, HostMetrics.Record> allHostMetrics,
            Map<VM, VM.Record> allVms, Map<VMMetrics, VMMetrics.Record> allVmMetrics) {
        hosts.clear();
        hostMetrics.clear();
        vms.clear();
        vmMetrics.clear();
        vmByUuid.clear();
        hostByUuid.clear();
        allHosts.forEach((k, v) -> putHost(k.toWireString(), v));
        allHostMetrics.forEach((k, v) -> hostMetrics.put(k.toWireString(), v));
        allVms.forEach((k, v) -> putVm(k.toWireString(), v));
        allVmMetrics.forEach((k, v) -> vmMetrics.put(k.toWireString(), v));
        freeMemory.keySet().retainAll(hosts.keySet());
        staleFree.clear();
        staleFree.addAll(hosts.keySet());
        loaded = true;
        version++;
    }

    /**
     * Applies one {@code event.from} batch: adds, modifications (the event's snapshot replaces the record) and
     * deletions of the classes the adapter subscribes to; other classes are ignored. Marks the hosts whose free
     * memory may have changed: a host or its metrics changed, a VM arrived, left, started, stopped or changed
     * size there, or a VM began or ended an operation without moving (a migration reserves memory on a target the
     * VM record does not name, so every host is asked again unless the adapter said where its own migration goes; a
     * completed migration moves the VM, and only its two hosts change).
     *
     * @return how many events changed something
     */
    synchronized int apply(Collection<Event.Record> events) {
        int changed = 0;
        for (Event.Record e : events) {
            if (e == null || e.clazz == null || e.ref == null) {
                continue;
            }
            boolean del = e.operation == Types.EventOperation.DEL;
            switch (e.clazz.toLowerCase(java.util.Locale.ROOT)) {
                case "host" -> {
                    Host.Record old = hosts.get(e.ref);
                    if (del) {
                        hosts.remove(e.ref);
                        if (old != null) {
                            hostByUuid.remove(old.uuid);
                        }
                        freeMemory.remove(e.ref);
                        staleFree.remove(e.ref);
                    } else if (e.snapshot instanceof Host.Record r) {
                        putHost(e.ref, r);
                        staleFree.add(e.ref);
                    }
                    changed++;
                }
                case "host_metrics" -> {
                    if (del) {
                        hostMetrics.remove(e.ref);
                    } else if (e.snapshot instanceof HostMetrics.Record r) {
                        hostMetrics.put(e.ref, r);
                        hostOfMetrics(e.ref).ifPresent(staleFree::add);
                    }
                    changed++;
                }
                case "vm" -> {
                    VM.Record old = vms.get(e.ref);
                    if (del) {
                        vms.remove(e.ref);
                        if (old != null) {
                            vmByUuid.remove(old.uuid);
                            markResident(old);
                        }
                    } else if (e.snapshot instanceof VM.Record r) {
                        putVm(e.ref, r);
                        vmChanged(e.ref, old, r);
                    }
                    changed++;
                }
                case "vm_metrics" -> {
                    if (del) {
                        vmMetrics.remove(e.ref);
                    } else if (e.snapshot instanceof VMMetrics.Record r) {
                        vmMetrics.put(e.ref, r);
                    }
                    changed++;
                }
                default -> {
                    // not subscribed: ignore
                }
            }
        }
        if (changed > 0) {
            version++;
        }
        return changed;
    }

    private void vmChanged(String ref, VM.Record old, VM.Record now) {
        if (old == null) {
            markResident(now);
            return;
        }
        boolean moved = !Objects.equals(refOf(old.residentOn), refOf(now.residentOn));
        boolean power = old.powerState != now.powerState;
        boolean size = !Objects.equals(old.memoryDynamicMax, now.memoryDynamicMax)
                || !Objects.equals(old.memoryOverhead, now.memoryOverhead);
        if (moved || power || size) {
            markResident(old);
            markResident(now);
        }
        Set<String> before = old.currentOperations == null ? Set.of() : old.currentOperations.keySet();
        Set<String> after = now.currentOperations == null ? Set.of() : now.currentOperations.keySet();
        if (!before.equals(after) && !moved) {
            // an operation began or ended without a move: a migration reserved (or released) memory on a target
            // the record does not name
            String target = expectedTargets.get(ref);
            if (target != null) {
                markResident(now);
                staleFree.add(target);
            } else {
                staleFree.addAll(hosts.keySet());
            }
        }
    }

    private void markResident(VM.Record r) {
        String host = refOf(r.residentOn);
        if (host != null && hosts.containsKey(host)) {
            staleFree.add(host);
        }
    }

    private Optional<String> hostOfMetrics(String metricsRef) {
        for (Map.Entry<String, Host.Record> h : hosts.entrySet()) {
            if (metricsRef.equals(refOf(h.getValue().metrics))) {
                return Optional.of(h.getKey());
            }
        }
        return Optional.empty();
    }

    private void putHost(String ref, Host.Record r) {
        Host.Record old = hosts.put(ref, r);
        if (old != null && old.uuid != null && !old.uuid.equals(r.uuid)) {
            hostByUuid.remove(old.uuid);
        }
        if (r.uuid != null) {
            hostByUuid.put(r.uuid, ref);
        }
    }

    private void putVm(String ref, VM.Record r) {
        VM.Record old = vms.put(ref, r);
        if (old != null && old.uuid != null && !old.uuid.equals(r.uuid)) {
            vmByUuid.remove(old.uuid);
        }
        if (r.uuid != null) {
            vmByUuid.put(r.uuid, ref);
        }
    }

    /** Says where the adapter's own migration of {@code vmRef} goes, so that only its two hosts are asked again. */
    synchronized void expectMigration(String vmRef, String targetRef) {
        expectedTargets.put(vmRef, targetRef);
    }

    /** Forgets {@link #expectMigration} once the migration has ended. */
    synchronized void migrationEnded(String vmRef) {
        expectedTargets.remove(vmRef);
    }

    /** @return the hosts whose free memory must be read again, and forgets them */
    synchronized Set<String> staleFreeMemory() {
        Set<String> out = new HashSet<>(staleFree);
        staleFree.clear();
        return out;
    }

    /** Marks a host's free memory as to be read again (after a failed read, or a migration this adapter started). */
    synchronized void markStale(String hostRef) {
        if (hosts.containsKey(hostRef)) {
            staleFree.add(hostRef);
        }
    }

    /** Records {@code host.compute_free_memory} of a host. */
    synchronized void freeMemory(String hostRef, long bytes) {
        if (hosts.containsKey(hostRef)) {
            Long old = freeMemory.put(hostRef, bytes);
            if (old == null || old != bytes) {
                version++;
            }
        }
    }

    /** @return a number that changes whenever the inventory does */
    synchronized long version() {
        return version;
    }

    /** @return whether a full load has completed */
    synchronized boolean loaded() {
        return loaded;
    }

    // ------------------------------------------------------------------ lookups

    /** @return the reference of the guest VM with this UUID */
    synchronized Optional<String> vmRef(String uuid) {
        return Optional.ofNullable(vmByUuid.get(uuid));
    }

    /** @return the reference of the host with this UUID */
    synchronized Optional<String> hostRef(String uuid) {
        return Optional.ofNullable(hostByUuid.get(uuid));
    }

    /** @return the record of a VM, by reference */
    synchronized Optional<VM.Record> vm(String ref) {
        return Optional.ofNullable(vms.get(ref));
    }

    /** @return the record of a host, by reference */
    synchronized Optional<Host.Record> host(String ref) {
        return Optional.ofNullable(hosts.get(ref));
    }

    /** @return whether the host's metrics say it is live (true when unknown) */
    synchronized boolean live(String hostRef) {
        Host.Record h = hosts.get(hostRef);
        HostMetrics.Record m = h == null ? null : hostMetrics.get(refOf(h.metrics));
        return m == null || m.live == null || m.live;
    }

    /** @return the last {@code host.compute_free_memory} of a host */
    synchronized Optional<Long> free(String hostRef) {
        return Optional.ofNullable(freeMemory.get(hostRef));
    }

    /** One host as telemetry needs it: reference, UUID, address. */
    record HostAddress(String ref, String uuid, String address) {
    }

    /** @return every host with its address, by UUID */
    synchronized List<HostAddress> hostAddresses() {
        List<HostAddress> out = new ArrayList<>();
        for (Map.Entry<String, Host.Record> e : hosts.entrySet()) {
            Host.Record r = e.getValue();
            if (r.uuid != null) {
                out.add(new HostAddress(e.getKey(), r.uuid, r.address == null ? "" : r.address));
            }
        }
        out.sort(Comparator.comparing(HostAddress::uuid));
        return out;
    }

    /** @return the UUIDs of the guest VMs (those a snapshot lists) */
    synchronized Set<String> guestUuids() {
        Set<String> out = new HashSet<>();
        for (VM.Record r : vms.values()) {
            if (guest(r) && r.uuid != null) {
                out.add(r.uuid);
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ snapshot

    /**
     * @param pool the pool
     * @param now  the snapshot's time
     * @param cpu  the latest CPU utilisation of a host or VM UUID, NaN when unknown
     * @return the pool as the records say now
     */
    synchronized ClusterSnapshot snapshot(PoolId pool, Instant now, ToDoubleFunction<String> cpu) {
        List<HostState> hostStates = new ArrayList<>(hosts.size());
        Map<String, HostId> hostIds = new HashMap<>();
        List<Map.Entry<String, Host.Record>> sortedHosts = new ArrayList<>(hosts.entrySet());
        sortedHosts.sort(Comparator.comparing((Map.Entry<String, Host.Record> e) -> nz(e.getValue().nameLabel))
                .thenComparing(e -> nz(e.getValue().uuid)));
        for (Map.Entry<String, Host.Record> e : sortedHosts) {
            Host.Record h = e.getValue();
            if (h.uuid == null || h.uuid.isBlank()) {
                continue;
            }
            HostId id = new HostId(h.uuid);
            HostMetrics.Record m = hostMetrics.get(refOf(h.metrics));
            boolean live = m == null || m.live == null || m.live;
            boolean maintenance = h.otherConfig != null && "true".equalsIgnoreCase(h.otherConfig.get(MAINTENANCE_MODE));
            long total = m == null || m.memoryTotal == null ? 0 : Math.max(0, m.memoryTotal);
            @SuppressWarnings("deprecation") // host_metrics.memory_free: only when compute_free_memory has not answered
            Long fallback = m == null ? null : m.memoryFree;
            long free = Math.max(0, freeMemory.getOrDefault(e.getKey(), fallback == null ? 0 : fallback));
            hostStates.add(new HostState(id, nz(h.nameLabel).isEmpty() ? h.uuid : h.nameLabel,
                    Boolean.TRUE.equals(h.enabled) && live, maintenance, cpuCount(h), unit(cpu.applyAsDouble(h.uuid)),
                    total, free));
            hostIds.put(e.getKey(), id);
        }
        List<VmState> vmStates = new ArrayList<>();
        for (VM.Record r : vms.values()) {
            if (!guest(r) || r.uuid == null || r.uuid.isBlank()) {
                continue;
            }
            PowerState power = power(r.powerState);
            if (power == null) {
                continue; // an unknown power state: not reported until XAPI says what it is
            }
            Optional<HostId> resident = Optional.empty();
            if (power == PowerState.RUNNING || power == PowerState.PAUSED) {
                HostId h = hostIds.get(refOf(r.residentOn));
                if (h == null) {
                    continue; // resident on a host not (yet) in the inventory: the next event completes it
                }
                resident = Optional.of(h);
            }
            VMMetrics.Record m = vmMetrics.get(refOf(r.metrics));
            long vcpus = m != null && m.VCPUsNumber != null && m.VCPUsNumber > 0 && power == PowerState.RUNNING
                    ? m.VCPUsNumber : r.VCPUsAtStartup == null ? 1 : r.VCPUsAtStartup;
            long memory = r.memoryDynamicMax != null ? r.memoryDynamicMax
                    : r.memoryTarget != null ? r.memoryTarget : m != null && m.memoryActual != null ? m.memoryActual : 0;
            vmStates.add(new VmState(new VmId(r.uuid), nz(r.nameLabel).isEmpty() ? r.uuid : r.nameLabel, power,
                    resident, Math.max(0, memory), (int) Math.max(1, Math.min(Integer.MAX_VALUE, vcpus)),
                    resident.isPresent() ? unit(cpu.applyAsDouble(r.uuid)) : 0.0,
                    r.tags == null ? Set.of() : Set.copyOf(r.tags)));
        }
        vmStates.sort(Comparator.comparing(VmState::name).thenComparing(VmState::id));
        return new ClusterSnapshot(pool, now, hostStates, vmStates);
    }

    /** @return whether a VM record is a guest: not a control domain, a template or a snapshot */
    static boolean guest(VM.Record r) {
        return !Boolean.TRUE.equals(r.isControlDomain) && !Boolean.TRUE.equals(r.isATemplate)
                && !Boolean.TRUE.equals(r.isASnapshot);
    }

    /** @return XAPI's power state as Ferry's, or null when unrecognised */
    static PowerState power(Types.VmPowerState s) {
        if (s == null) {
            return null;
        }
        return switch (s) {
            case RUNNING -> PowerState.RUNNING;
            case HALTED -> PowerState.HALTED;
            case PAUSED -> PowerState.PAUSED;
            case SUSPENDED -> PowerState.SUSPENDED;
            default -> null;
        };
    }

    /** @return a host's physical CPUs: {@code cpu_info.cpu_count}, else its {@code host_CPUs}, else 1 */
    static int cpuCount(Host.Record h) {
        if (h.cpuInfo != null) {
            try {
                int n = Integer.parseInt(String.valueOf(h.cpuInfo.get("cpu_count")).trim());
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // fall through
            }
        }
        return h.hostCPUs != null && !h.hostCPUs.isEmpty() ? h.hostCPUs.size() : 1;
    }

    /** @return the reference of an SDK object, or null for none ({@code OpaqueRef:NULL}) */
    static String refOf(XenAPIObject o) {
        return o == null || o.isNull() ? null : o.toWireString();
    }

    private static double unit(double v) {
        return Double.isFinite(v) ? Math.max(0, Math.min(1, v)) : 0.0;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
