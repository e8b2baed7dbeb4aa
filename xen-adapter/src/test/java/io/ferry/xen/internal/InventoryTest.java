package io.ferry.xen.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.xensource.xenapi.Event;
import com.xensource.xenapi.Host;
import com.xensource.xenapi.HostMetrics;
import com.xensource.xenapi.Types;
import com.xensource.xenapi.VM;
import com.xensource.xenapi.VMMetrics;
import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.HostId;
import io.ferry.api.model.PoolId;
import io.ferry.api.model.PowerState;
import io.ferry.api.model.VmId;
import io.ferry.api.model.VmState;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a snapshot contains, and which hosts' free memory an event makes stale, from XAPI records. */
class InventoryTest {

    private final Inventory inventory = new Inventory();
    private final Map<Host, Host.Record> hosts = new HashMap<>();
    private final Map<HostMetrics, HostMetrics.Record> hostMetrics = new HashMap<>();
    private final Map<VM, VM.Record> vms = new HashMap<>();

    private static Host.Record host(String uuid, String name, boolean enabled, Map<String, String> otherConfig) {
        Host.Record h = new Host.Record();
        h.uuid = uuid;
        h.nameLabel = name;
        h.enabled = enabled;
        h.otherConfig = otherConfig;
        h.cpuInfo = Map.of("cpu_count", "8");
        h.metrics = Types.toHostMetrics("OpaqueRef:m-" + uuid);
        h.address = "10.0.0." + uuid.length();
        return h;
    }

    private static HostMetrics.Record metrics(boolean live) {
        HostMetrics.Record m = new HostMetrics.Record();
        m.live = live;
        m.memoryTotal = 64L << 30;
        return m;
    }

    private static VM.Record vm(String uuid, Types.VmPowerState power, String hostRef) {
        VM.Record r = new VM.Record();
        r.uuid = uuid;
        r.nameLabel = uuid;
        r.powerState = power;
        r.residentOn = Types.toHost(hostRef == null ? "OpaqueRef:NULL" : hostRef);
        r.isControlDomain = false;
        r.isATemplate = false;
        r.isASnapshot = false;
        r.memoryDynamicMax = 2L << 30;
        r.memoryOverhead = 20L << 20;
        r.VCPUsAtStartup = 2L;
        r.metrics = Types.toVMMetrics("OpaqueRef:NULL");
        r.tags = Set.of("aa:db", "web");
        r.currentOperations = Map.of();
        return r;
    }

    @BeforeEach
    void load() {
        hosts.put(Types.toHost("OpaqueRef:h1"), host("h1", "host-01", true, Map.of()));
        hosts.put(Types.toHost("OpaqueRef:h2"), host("h2", "host-02", true, Map.of(Inventory.MAINTENANCE_MODE,
                "true")));
        hosts.put(Types.toHost("OpaqueRef:h3"), host("h3", "host-03", true, Map.of()));
        hostMetrics.put(Types.toHostMetrics("OpaqueRef:m-h1"), metrics(true));
        hostMetrics.put(Types.toHostMetrics("OpaqueRef:m-h2"), metrics(true));
        hostMetrics.put(Types.toHostMetrics("OpaqueRef:m-h3"), metrics(false));
        vms.put(Types.toVM("OpaqueRef:v1"), vm("v1", Types.VmPowerState.RUNNING, "OpaqueRef:h1"));
        vms.put(Types.toVM("OpaqueRef:v2"), vm("v2", Types.VmPowerState.HALTED, null));
        VM.Record dom0 = vm("dom0", Types.VmPowerState.RUNNING, "OpaqueRef:h1");
        dom0.isControlDomain = true;
        VM.Record template = vm("tpl", Types.VmPowerState.HALTED, null);
        template.isATemplate = true;
        VM.Record snap = vm("snap", Types.VmPowerState.HALTED, null);
        snap.isASnapshot = true;
        vms.put(Types.toVM("OpaqueRef:dom0"), dom0);
        vms.put(Types.toVM("OpaqueRef:tpl"), template);
        vms.put(Types.toVM("OpaqueRef:snap"), snap);
        inventory.replaceAll(hosts, hostMetrics, vms, Map.<VMMetrics, VMMetrics.Record>of());
        inventory.staleFreeMemory().forEach(h -> inventory.freeMemory(h, 10L << 30));
    }

    private ClusterSnapshot snapshot() {
        return inventory.snapshot(new PoolId("xen"), Instant.EPOCH, uuid -> uuid.equals("v1") ? 0.75 : 0.25);
    }

    @Test
    void snapshotListsGuestsOnlyWithXapisTagsAndHaltedVmsOnNoHost() {
        ClusterSnapshot s = snapshot();

        assertThat(s.vms()).extracting(v -> v.id().value()).containsExactly("v1", "v2");
        VmState v1 = s.vm(new VmId("v1")).orElseThrow();
        assertThat(v1.residentOn()).contains(new HostId("h1"));
        assertThat(v1.tags()).containsExactlyInAnyOrder("aa:db", "web");
        assertThat(v1.memoryBytes()).isEqualTo(2L << 30);
        assertThat(v1.vcpus()).isEqualTo(2);
        assertThat(v1.cpuUtilisation()).isEqualTo(0.75);
        VmState v2 = s.vm(new VmId("v2")).orElseThrow();
        assertThat(v2.power()).isEqualTo(PowerState.HALTED);
        assertThat(v2.residentOn()).isEmpty();
        assertThat(v2.cpuUtilisation()).isZero();
    }

    @Test
    void snapshotMapsMaintenanceModeAndOfflineHosts() {
        ClusterSnapshot s = snapshot();

        assertThat(s.hosts()).extracting(h -> h.name()).containsExactly("host-01", "host-02", "host-03");
        assertThat(s.host(new HostId("h1")).orElseThrow().acceptsVms()).isTrue();
        assertThat(s.host(new HostId("h2")).orElseThrow().maintenance()).isTrue();
        assertThat(s.host(new HostId("h3")).orElseThrow().enabled()).as("host_metrics.live = false").isFalse();
        assertThat(s.host(new HostId("h1")).orElseThrow().cpuCount()).isEqualTo(8);
        assertThat(s.host(new HostId("h1")).orElseThrow().memoryFreeBytes()).isEqualTo(10L << 30);
        assertThat(s.host(new HostId("h1")).orElseThrow().memoryTotalBytes()).isEqualTo(64L << 30);
    }

    @Test
    void applyWhenAVmMovesThenItsTwoHostsAreStaleAndTheSnapshotFollows() {
        long before = inventory.version();
        Event.Record mod = event("vm", Types.EventOperation.MOD, "OpaqueRef:v1", vm("v1", Types.VmPowerState.RUNNING,
                "OpaqueRef:h3"));

        assertThat(inventory.apply(List.of(mod))).isEqualTo(1);

        assertThat(inventory.staleFreeMemory()).containsExactlyInAnyOrder("OpaqueRef:h1", "OpaqueRef:h3");
        assertThat(inventory.version()).isGreaterThan(before);
        assertThat(snapshot().vm(new VmId("v1")).orElseThrow().residentOn()).contains(new HostId("h3"));
    }

    @Test
    void applyWhenAVmStartsAnOperationThenEveryHostIsStaleUnlessTheTargetIsKnown() {
        VM.Record migrating = vm("v1", Types.VmPowerState.RUNNING, "OpaqueRef:h1");
        migrating.currentOperations = Map.of("OpaqueRef:task", Types.VmOperations.POOL_MIGRATE);

        inventory.apply(List.of(event("vm", Types.EventOperation.MOD, "OpaqueRef:v1", migrating)));
        assertThat(inventory.staleFreeMemory()).as("a foreign migration: its target is unknown").hasSize(3);

        inventory.expectMigration("OpaqueRef:v1", "OpaqueRef:h3");
        inventory.apply(List.of(event("vm", Types.EventOperation.MOD, "OpaqueRef:v1", vm("v1",
                Types.VmPowerState.RUNNING, "OpaqueRef:h1"))));
        assertThat(inventory.staleFreeMemory()).containsExactlyInAnyOrder("OpaqueRef:h1", "OpaqueRef:h3");
    }

    @Test
    void applyWhenObjectsComeAndGoThenTheSnapshotFollows() {
        inventory.apply(List.of(
                event("vm", Types.EventOperation.ADD, "OpaqueRef:v9", vm("v9", Types.VmPowerState.RUNNING,
                        "OpaqueRef:h1")),
                event("vm", Types.EventOperation.DEL, "OpaqueRef:v2", null),
                event("host_metrics", Types.EventOperation.MOD, "OpaqueRef:m-h3", metrics(true)),
                event("task", Types.EventOperation.MOD, "OpaqueRef:t", null)));

        ClusterSnapshot s = snapshot();
        assertThat(s.vms()).extracting(v -> v.id().value()).containsExactly("v1", "v9");
        assertThat(s.host(new HostId("h3")).orElseThrow().enabled()).isTrue();
        assertThat(inventory.vmRef("v2")).isEmpty();
        assertThat(inventory.vmRef("v9")).contains("OpaqueRef:v9");
    }

    private static Event.Record event(String cls, Types.EventOperation op, String ref, Object snapshot) {
        Event.Record e = new Event.Record();
        e.clazz = cls;
        e.operation = op;
        e.ref = ref;
        e.snapshot = snapshot;
        return e;
    }
}
