package io.ferry.simpool.internal;

import static io.ferry.simpool.internal.TestPools.pool;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.HostId;
import io.ferry.api.model.HostState;
import io.ferry.api.model.PowerState;
import io.ferry.api.model.VmState;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SimulatedPoolSnapshotTest {

    private static final long GIB = 1L << 30;

    @Test
    void snapshotWhenDefaultThenEightHostsFortyVmsAndOneHalted() {
        ClusterSnapshot s = pool().snapshot();
        assertThat(s.pool().value()).isEqualTo("sim");
        assertThat(s.hosts()).extracting(h -> h.id().value()).containsExactly("host-00", "host-01", "host-02",
                "host-03", "host-04", "host-05", "host-06", "host-07");
        assertThat(s.vms()).hasSize(40);
        assertThat(s.vms().get(0).id().value()).isEqualTo("vm-000");
        assertThat(s.vms().stream().filter(v -> v.power() == PowerState.HALTED)).hasSize(1);
        assertThat(s.hosts()).allSatisfy(h -> {
            assertThat(h.cpuCount()).isEqualTo(16);
            assertThat(h.memoryTotalBytes()).isEqualTo(64 * GIB);
        });
        assertThat(s.vms()).allSatisfy(v -> {
            assertThat(v.memoryBytes()).isIn(GIB, 2 * GIB, 4 * GIB);
            assertThat(v.vcpus()).isBetween(1, 4);
        });
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 1234, -7})
    void snapshotWhenAnySeedThenEveryRunningVmOnExactlyOneKnownHostAndHaltedOnNone(long seed) {
        ClusterSnapshot s = pool("seed", seed, "haltedVms", 3).snapshot();
        Set<HostId> hosts = s.hosts().stream().map(HostState::id).collect(Collectors.toSet());
        for (VmState v : s.vms()) {
            if (v.power() == PowerState.RUNNING) {
                assertThat(v.residentOn()).isPresent();
                assertThat(hosts).contains(v.residentOn().get());
                assertThat(s.hosts().stream().filter(h -> s.vmsOn(h.id()).contains(v))).hasSize(1);
            } else {
                assertThat(v.residentOn()).isEmpty();
                assertThat(v.cpuUtilisation()).isZero();
            }
        }
        assertThat(s.vms().stream().filter(v -> v.power() == PowerState.HALTED)).hasSize(3);
        int resident = s.hosts().stream().mapToInt(h -> s.vmsOn(h.id()).size()).sum();
        assertThat(resident).isEqualTo(37);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 1234})
    void snapshotWhenAnySeedThenHostFiguresFollowFromTheirVms(long seed) {
        TestPools.Pool p = pool("seed", seed);
        p.ticker().tick(37);
        ClusterSnapshot s = p.snapshot();
        for (HostState h : s.hosts()) {
            List<VmState> on = s.vmsOn(h.id());
            long resident = on.stream().mapToLong(VmState::memoryBytes).sum();
            double demand = on.stream().mapToDouble(v -> v.vcpus() * v.cpuUtilisation()).sum();
            assertThat(h.memoryFreeBytes()).isEqualTo(h.memoryTotalBytes() - resident);
            assertThat(h.cpuUtilisation()).isCloseTo(Math.min(1, demand / h.cpuCount()),
                    org.assertj.core.data.Offset.offset(1e-12));
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 42, 99, 1234, 98765})
    void snapshotAtStartWhenDefaultsThenSomeHostsOverloadedAndOthersLight(long seed) {
        ClusterSnapshot s = pool("seed", seed).snapshot();
        List<Double> cpu = s.hosts().stream().map(HostState::cpuUtilisation).toList();
        assertThat(cpu.stream().filter(u -> u >= 0.8)).as("hosts at or above 80 %% CPU: %s", cpu).hasSize(2);
        assertThat(cpu.stream().filter(u -> u <= 0.5)).as("hosts at or below 50 %% CPU: %s", cpu)
                .hasSizeGreaterThanOrEqualTo(4);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 1234})
    void snapshotWhenDefaultsThenEveryRunningVmFitsOnSomeOtherHost(long seed) {
        ClusterSnapshot s = pool("seed", seed).snapshot();
        for (VmState v : s.vms()) {
            if (v.power() != PowerState.RUNNING) {
                continue;
            }
            assertThat(s.hosts().stream().anyMatch(h -> h.acceptsVms() && !h.id().equals(v.residentOn().get())
                    && h.memoryFreeBytes() >= v.memoryBytes())).as("%s can move", v.id()).isTrue();
        }
    }

    @Test
    void snapshotWhenSameSeedThenIdenticalAndOtherSeedThenDifferent() {
        assertThat(pool("seed", 7).snapshot()).isEqualTo(pool("seed", 7).snapshot());
        assertThat(pool("seed", 7).snapshot().vms()).isNotEqualTo(pool("seed", 8).snapshot().vms());
    }

    @Test
    void snapshotWhenDefaultTagsThenEachAntiAffinityGroupOnDistinctHosts() {
        ClusterSnapshot s = pool().snapshot();
        Map<String, List<VmState>> groups = new HashMap<>();
        for (VmState v : s.vms()) {
            for (String tag : v.tags()) {
                groups.computeIfAbsent(tag, k -> new java.util.ArrayList<>()).add(v);
            }
        }
        assertThat(groups).containsOnlyKeys("aa:db", "aa:web");
        assertThat(groups.get("aa:db")).hasSize(3);
        assertThat(groups.get("aa:web")).hasSize(2);
        for (List<VmState> group : groups.values()) {
            assertThat(group).allMatch(v -> v.power() == PowerState.RUNNING);
            assertThat(group.stream().map(v -> v.residentOn().get()).distinct()).hasSize(group.size());
        }
    }

    @Test
    void snapshotWhenHostsInMaintenanceThenDisabledEmptyAndFlagged() {
        ClusterSnapshot s = pool("maintenanceHosts", "host-03, host-05").snapshot();
        for (HostState h : s.hosts()) {
            boolean inMaintenance = h.id().value().equals("host-03") || h.id().value().equals("host-05");
            assertThat(h.maintenance()).isEqualTo(inMaintenance);
            assertThat(h.enabled()).isEqualTo(!inMaintenance);
            if (inMaintenance) {
                assertThat(s.vmsOn(h.id())).isEmpty();
                assertThat(h.acceptsVms()).isFalse();
            }
        }
    }

    @Test
    void snapshotTakenWhenTickedThenAdvancesBySimulatedTime() {
        TestPools.Pool p = pool("timeScale", 10.0);
        assertThat(p.snapshot().taken()).isEqualTo(ManualTicker.ORIGIN);
        p.ticker().tick(3);
        assertThat(p.snapshot().taken()).isEqualTo(ManualTicker.ORIGIN.plusSeconds(3));
    }

    @Test
    void adapterWhenDefaultThenSimulatorWithEveryEngineCapability() {
        SimulatedPoolAdapter a = pool().adapter();
        assertThat(a.kind()).isEqualTo("simulator");
        assertThat(a.pool().value()).isEqualTo("sim");
        assertThat(a.capabilities()).isEqualTo(io.ferry.engine.LiveMigrationEngine.CAPABILITIES);
    }

    @Test
    void adapterWhenPoolNamedThenReportsThatName() {
        assertThat(pool("pool.name", "lab-1").adapter().pool().value()).isEqualTo("lab-1");
    }
}
