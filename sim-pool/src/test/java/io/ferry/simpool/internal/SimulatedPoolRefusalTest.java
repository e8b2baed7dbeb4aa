package io.ferry.simpool.internal;

import static io.ferry.simpool.internal.TestPools.bigVmOnBusiestHost;
import static io.ferry.simpool.internal.TestPools.pool;
import static io.ferry.simpool.internal.TestPools.precopy;
import static io.ferry.simpool.internal.TestPools.roomiestHostOtherThan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.api.HypervisorException;
import io.ferry.api.MigrationSteering;
import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.DirtyBehaviour;
import io.ferry.api.model.LinkSpec;
import java.time.Duration;
import io.ferry.api.model.HostId;
import io.ferry.api.model.HostState;
import io.ferry.api.model.MigrationRequest;
import io.ferry.api.model.PowerState;
import io.ferry.api.model.VmId;
import io.ferry.api.model.VmState;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class SimulatedPoolRefusalTest {

    private static AbstractThrowableAssert<?, ? extends Throwable> refusing(TestPools.Pool p, MigrationRequest r,
            String code) {
        ClusterSnapshot before = p.snapshot();
        MigrationSteering steering = precopy().steer(r, p.adapter().capabilities());
        AbstractThrowableAssert<?, ? extends Throwable> thrown = assertThatThrownBy(
                () -> p.adapter().migrate(TestPools.nextId(), r, steering))
                .isInstanceOfSatisfying(HypervisorException.class, e -> assertThat(e.code()).isEqualTo(code))
                .hasMessageStartingWith(code + ": ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThat(p.snapshot()).as("a refusal changes nothing").isEqualTo(before);
        return thrown;
    }

    private static MigrationRequest request(VmId vm, HostId source, HostId target, long memory) {
        return new MigrationRequest(vm, source, target, memory, 4096, 1 << 20,
                new LinkSpec(10e9 / 8, Duration.ofMillis(1), 1),
                new DirtyBehaviour(1000, 0, DirtyBehaviour.Source.ASSUMED), Duration.ofMillis(300));
    }

    @Test
    void migrateWhenVmUnknownThenRefusesWithHandleInvalid() {
        TestPools.Pool p = pool();
        refusing(p, request(new VmId("vm-999"), new HostId("host-00"), new HostId("host-01"), 1L << 30),
                "HANDLE_INVALID").hasMessage("HANDLE_INVALID: VM vm-999 is not in pool sim");
    }

    @Test
    void migrateWhenTargetHostUnknownThenRefusesWithHandleInvalid() {
        TestPools.Pool p = pool();
        ClusterSnapshot s = p.snapshot();
        VmState vm = bigVmOnBusiestHost(s);
        refusing(p, TestPools.request(s, vm.id(), new HostId("host-42")), "HANDLE_INVALID")
                .hasMessage("HANDLE_INVALID: host host-42 is not in pool sim");
    }

    @Test
    void migrateWhenVmHaltedThenRefusesWithVmBadPowerState() {
        TestPools.Pool p = pool();
        ClusterSnapshot s = p.snapshot();
        VmState halted = s.vms().stream().filter(v -> v.power() == PowerState.HALTED).findFirst().orElseThrow();
        refusing(p, request(halted.id(), new HostId("host-00"), new HostId("host-01"), halted.memoryBytes()),
                "VM_BAD_POWER_STATE").hasMessageContaining(halted.id() + " is halted");
    }

    @Test
    void migrateWhenVmAlreadyMigratingThenRefusesWithOtherOperationInProgress() throws Exception {
        TestPools.Pool p = pool();
        ClusterSnapshot s = p.snapshot();
        VmState vm = bigVmOnBusiestHost(s);
        HostId target = roomiestHostOtherThan(s, vm.residentOn().get()).id();
        var first = p.migrate(vm.id(), target, precopy());
        p.ticker().tick();
        refusing(p, TestPools.request(s, vm.id(), target), "OTHER_OPERATION_IN_PROGRESS")
                .hasMessageContaining(first.id().value());
    }

    @Test
    void migrateWhenTargetInMaintenanceThenRefusesWithHostDisabled() {
        TestPools.Pool p = pool("maintenanceHosts", "host-06");
        ClusterSnapshot s = p.snapshot();
        VmState vm = bigVmOnBusiestHost(s);
        refusing(p, TestPools.request(s, vm.id(), new HostId("host-06")), "HOST_DISABLED")
                .hasMessage("HOST_DISABLED: host host-06 is disabled (in maintenance)");
    }

    @Test
    void migrateWhenSourceIsNotTheResidentHostThenRefusesWithVmNotResidentHere() {
        TestPools.Pool p = pool();
        ClusterSnapshot s = p.snapshot();
        VmState vm = bigVmOnBusiestHost(s);
        HostId actual = vm.residentOn().get();
        HostId wrong = s.hosts().stream().map(HostState::id).filter(h -> !h.equals(actual)).findFirst().get();
        HostId target = s.hosts().stream().map(HostState::id).filter(h -> !h.equals(actual) && !h.equals(wrong))
                .findFirst().get();
        refusing(p, request(vm.id(), wrong, target, vm.memoryBytes()), "VM_NOT_RESIDENT_HERE")
                .hasMessage("VM_NOT_RESIDENT_HERE: VM " + vm.id() + " runs on " + actual + ", not on " + wrong);
    }

    @Test
    void migrateWhenTargetLacksMemoryThenRefusesWithHostNotEnoughFreeMemory() {
        // 3 hosts of 8 GiB, 6 VMs of 4 GiB: every host is full
        TestPools.Pool p = pool("hosts", 3, "vms", 6, "haltedVms", 0, "hostMemoryGiB", 8, "vmMemoryGiB", "4",
                "antiAffinityTags", "");
        ClusterSnapshot s = p.snapshot();
        VmState vm = s.vms().get(0);
        HostId target = s.hosts().stream().map(HostState::id).filter(h -> !h.equals(vm.residentOn().get()))
                .findFirst().get();
        refusing(p, TestPools.request(s, vm.id(), target), "HOST_NOT_ENOUGH_FREE_MEMORY")
                .hasMessage("HOST_NOT_ENOUGH_FREE_MEMORY: host " + target + " has 0 bytes free; VM " + vm.id()
                        + " needs 4294967296");
    }

    @Test
    void migrateWhenTargetMemoryReservedByIncomingMigrationThenRefusesWithHostNotEnoughFreeMemory()
            throws Exception {
        // 3 hosts of 12 GiB, 4 VMs of 4 GiB: a host with 8 GiB free takes two incoming VMs, not three
        TestPools.Pool p = pool("hosts", 3, "vms", 4, "haltedVms", 0, "hostMemoryGiB", 12, "vmMemoryGiB", "4",
                "antiAffinityTags", "", "overloadedHostFraction", 0.0);
        ClusterSnapshot s = p.snapshot();
        HostState roomy = s.hosts().stream().filter(h -> h.memoryFreeBytes() == 8L << 30).findFirst().orElseThrow();
        var others = s.vms().stream().filter(v -> !v.residentOn().get().equals(roomy.id())).toList();
        p.migrate(others.get(0).id(), roomy.id(), precopy());
        p.migrate(others.get(1).id(), roomy.id(), precopy());
        assertThat(p.snapshot().host(roomy.id()).get().memoryFreeBytes()).isZero();
        refusing(p, TestPools.request(s, others.get(2).id(), roomy.id()), "HOST_NOT_ENOUGH_FREE_MEMORY")
                .hasMessageContaining("has 0 bytes free");
    }

    @Test
    void migrateWhenSeveralChecksFailThenReportsTheFirstInXapisOrder() {
        TestPools.Pool p = pool("maintenanceHosts", "host-07");
        ClusterSnapshot s = p.snapshot();
        VmState halted = s.vms().stream().filter(v -> v.power() == PowerState.HALTED).findFirst().orElseThrow();
        // halted, into a disabled host, from a wrong source: the power state is checked first
        refusing(p, request(halted.id(), new HostId("host-00"), new HostId("host-07"), halted.memoryBytes()),
                "VM_BAD_POWER_STATE");
        // disabled target and wrong source: the target is checked first
        VmState vm = bigVmOnBusiestHost(s);
        HostId wrong = s.hosts().stream().map(HostState::id)
                .filter(h -> !h.equals(vm.residentOn().get()) && !h.value().equals("host-07")).findFirst().get();
        refusing(p, request(vm.id(), wrong, new HostId("host-07"), vm.memoryBytes()), "HOST_DISABLED");
    }
}
