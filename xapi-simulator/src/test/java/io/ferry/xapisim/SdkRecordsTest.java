package io.ferry.xapisim;

import static org.assertj.core.api.Assertions.assertThat;

import com.xensource.xenapi.Connection;
import com.xensource.xenapi.Host;
import com.xensource.xenapi.HostMetrics;
import com.xensource.xenapi.Pool;
import com.xensource.xenapi.Types;
import com.xensource.xenapi.VM;
import com.xensource.xenapi.VMGuestMetrics;
import com.xensource.xenapi.VMMetrics;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real SDK reads the records of every class with the right types, and they describe a consistent pool. */
class SdkRecordsTest {

    private static final ManualClock CLOCK = new ManualClock();
    private static XapiSimulator sim;
    private static Connection c;

    @BeforeAll
    static void start() throws Exception {
        sim = Simulators.manual(CLOCK).build().start();
        c = Simulators.login(sim);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @Test
    void hostGetAllRecordsWhenDefaultPoolThenFourHostsWithTypedFields() throws Exception {
        Map<Host, Host.Record> hosts = Host.getAllRecords(c);

        assertThat(hosts).hasSize(XapiSimulator.DEFAULT_HOSTS);
        for (Map.Entry<Host, Host.Record> e : hosts.entrySet()) {
            Host.Record r = e.getValue();
            assertThat(r.uuid).matches("[0-9a-f-]{36}");
            assertThat(r.APIVersionMajor).isEqualTo(2L);
            assertThat(r.APIVersionMinor).isEqualTo(14L);
            assertThat(r.enabled).isTrue();
            assertThat(r.memoryOverhead).isPositive();
            assertThat(r.allowedOperations).contains(Types.HostAllowedOperations.VM_MIGRATE)
                    .doesNotContain(Types.HostAllowedOperations.UNRECOGNIZED);
            assertThat(r.display).isEqualTo(Types.HostDisplay.ENABLED);
            assertThat(r.virtualHardwarePlatformVersions).containsExactly(0L, 1L, 2L);
            assertThat(r.softwareVersion).containsEntry("product_version", "8.1.0");
            assertThat(r.cpuInfo).containsEntry("cpu_count", "16");
            assertThat(r.address).startsWith("127.0.0.");
            assertThat(r.controlDomain.getIsControlDomain(c)).isTrue();
            assertThat(r.residentVMs).contains(r.controlDomain);
            assertThat(r.metrics.getRecord(c).live).isTrue();
            assertThat(r.toString()).contains(r.uuid);
        }
        assertThat(hosts.values().stream().map(r -> r.address).distinct()).hasSize(
                sim.hostAddresses().stream().distinct().toList().size());
    }

    @Test
    void vmGetAllRecordsWhenDefaultPoolThenGuestsControlDomainsAndATemplate() throws Exception {
        Map<VM, VM.Record> vms = VM.getAllRecords(c);

        List<VM.Record> dom0s = vms.values().stream().filter(r -> r.isControlDomain).toList();
        List<VM.Record> templates = vms.values().stream().filter(r -> r.isATemplate).toList();
        List<VM.Record> guests = vms.values().stream().filter(r -> !r.isControlDomain && !r.isATemplate).toList();
        assertThat(dom0s).hasSize(XapiSimulator.DEFAULT_HOSTS);
        assertThat(templates).hasSize(1).allSatisfy(t -> {
            assertThat(t.powerState).isEqualTo(Types.VmPowerState.HALTED);
            assertThat(t.residentOn.toWireString()).isEqualTo("OpaqueRef:NULL");
        });
        assertThat(guests).hasSize(XapiSimulator.DEFAULT_VMS);
        assertThat(guests.stream().filter(r -> r.powerState == Types.VmPowerState.HALTED)).hasSize(1);
        for (VM.Record r : guests) {
            assertThat(r.memoryStaticMax).isIn(1L << 30, 2L << 30, 4L << 30);
            assertThat(r.memoryDynamicMax).isEqualTo(r.memoryStaticMax);
            assertThat(r.VCPUsMax).isIn(1L, 2L, 4L);
            assertThat(r.HVMShadowMultiplier).isEqualTo(1.0);
            assertThat(r.snapshotTime).isEqualTo(new Date(0));
            assertThat(r.domainType).isEqualTo(Types.DomainType.HVM);
            assertThat(r.actionsAfterCrash).isEqualTo(Types.OnCrashBehaviour.RESTART);
            assertThat(r.allowedOperations).doesNotContain(Types.VmOperations.UNRECOGNIZED);
            if (r.powerState == Types.VmPowerState.RUNNING) {
                assertThat(r.allowedOperations).contains(Types.VmOperations.POOL_MIGRATE);
                assertThat(r.residentOn.getResidentVMs(c)).anySatisfy(v -> assertThat(v.getUuid(c)).isEqualTo(r.uuid));
                assertThat(r.domid).isPositive();
            } else {
                assertThat(r.residentOn.toWireString()).isEqualTo("OpaqueRef:NULL");
                assertThat(r.domid).isEqualTo(-1L);
            }
        }
        assertThat(guests.stream().map(r -> r.nameLabel).collect(Collectors.toSet())).contains("vm-00", "vm-11");
    }

    @Test
    void metricsRecordsWhenReadThenTypedAsTheSdkExpects() throws Exception {
        Map<VMMetrics, VMMetrics.Record> vmMetrics = VMMetrics.getAllRecords(c);
        Map<HostMetrics, HostMetrics.Record> hostMetrics = HostMetrics.getAllRecords(c);
        Map<VMGuestMetrics, VMGuestMetrics.Record> guestMetrics = VMGuestMetrics.getAllRecords(c);

        // every VM (control domains and the template included) has a metrics object
        assertThat(vmMetrics).hasSize(XapiSimulator.DEFAULT_VMS + XapiSimulator.DEFAULT_HOSTS + 1);
        assertThat(hostMetrics).hasSize(XapiSimulator.DEFAULT_HOSTS);
        // guest metrics for the running guests only
        assertThat(guestMetrics).hasSize(XapiSimulator.DEFAULT_VMS - 1);

        for (VM vm : VM.getAll(c)) {
            VM.Record r = vm.getRecord(c);
            VMMetrics.Record m = vm.getMetrics(c).getRecord(c);
            if (r.powerState == Types.VmPowerState.RUNNING) {
                assertThat(m.memoryActual).isEqualTo(r.memoryTarget).isPositive();
                assertThat(m.VCPUsNumber).isEqualTo(r.VCPUsAtStartup);
                assertThat(m.VCPUsUtilisation).hasSize(m.VCPUsNumber.intValue()).containsEntry(0L, 0.0);
                assertThat(m.VCPUsCPU).containsKey(0L);
                assertThat(m.VCPUsFlags.get(0L)).contains("running");
                assertThat(m.startTime).isBefore(Date.from(Simulators.EPOCH));
                assertThat(m.nomigrate).isFalse();
                assertThat(m.currentDomainType).isIn(Types.DomainType.HVM, Types.DomainType.PV);
            }
            if (!r.isControlDomain && r.powerState == Types.VmPowerState.RUNNING) {
                VMGuestMetrics.Record g = vm.getGuestMetrics(c).getRecord(c);
                assertThat(g.osVersion).containsEntry("distro", "debian");
                assertThat(g.networks).containsKey("0/ip");
                assertThat(g.other).containsEntry("feature-suspend", "1");
                assertThat(g.canUseHotplugVbd).isEqualTo(Types.TristateType.YES);
                assertThat(g.live).isTrue();
            }
        }
        for (HostMetrics.Record m : hostMetrics.values()) {
            assertThat(m.memoryTotal).isGreaterThanOrEqualTo(16L << 30);
            assertThat(m.memoryFree).isPositive().isLessThan(m.memoryTotal);
            assertThat(m.live).isTrue();
            assertThat(m.lastUpdated).isEqualTo(Date.from(Simulators.EPOCH));
        }
    }

    @Test
    @SuppressWarnings("deprecation") // host_metrics.memory_free: still on the wire, compared with compute_free_memory
    void computeFreeMemoryWhenNothingMigratesThenEveryRunningGuestFitsOnAnotherHost() throws Exception {
        Map<Host, Long> free = new java.util.HashMap<>();
        for (Host h : Host.getAll(c)) {
            long f = h.computeFreeMemory(c);
            assertThat(f).isEqualTo(h.getMetrics(c).getMemoryFree(c));
            free.put(h, f);
        }
        for (VM.Record r : VM.getAllRecords(c).values()) {
            if (r.isControlDomain || r.isATemplate || r.powerState != Types.VmPowerState.RUNNING) {
                continue;
            }
            long need = r.memoryDynamicMax + r.memoryOverhead;
            assertThat(free.entrySet()).as("a host other than %s with room for %s", r.residentOn, r.nameLabel)
                    .anySatisfy(e -> {
                        assertThat(e.getKey()).isNotEqualTo(r.residentOn);
                        assertThat(e.getValue()).isGreaterThanOrEqualTo(need);
                    });
        }
    }

    @Test
    void poolWhenReadThenItsMasterIsTheHostTheSessionIsOn() throws Exception {
        Map<Pool, Pool.Record> pools = Pool.getAllRecords(c);
        assertThat(pools).hasSize(1);
        Pool.Record p = pools.values().iterator().next();
        assertThat(p.nameLabel).isEqualTo(XapiSimulator.DEFAULT_POOL_NAME);
        assertThat(p.master.getAddress(c)).isEqualTo("127.0.0.1");
        assertThat(p.haEnabled).isFalse();
        assertThat(p.allowedOperations).doesNotContain(Types.PoolAllowedOperations.UNRECOGNIZED);
    }

    @Test
    void gettersWhenCalledOneByOneThenTheyMatchTheRecord() throws Exception {
        VM vm = VM.getByNameLabel(c, "vm-03").iterator().next();
        VM.Record r = vm.getRecord(c);
        assertThat(vm.getPowerState(c)).isEqualTo(r.powerState);
        assertThat(vm.getResidentOn(c)).isEqualTo(r.residentOn);
        assertThat(vm.getMemoryStaticMax(c)).isEqualTo(r.memoryStaticMax);
        assertThat(vm.getAllowedOperations(c)).isEqualTo(r.allowedOperations);
        assertThat(VM.getByUuid(c, r.uuid)).isEqualTo(vm);
        assertThat(vm.getHVMShadowMultiplier(c)).isEqualTo(1.0);
    }
}
