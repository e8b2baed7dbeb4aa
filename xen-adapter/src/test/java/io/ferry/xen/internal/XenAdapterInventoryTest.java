package io.ferry.xen.internal;

import static io.ferry.xen.internal.XenTestPools.manual;
import static io.ferry.xen.internal.XenTestPools.props;
import static org.assertj.core.api.Assertions.assertThat;

import com.xensource.xenapi.Connection;
import com.xensource.xenapi.Host;
import com.xensource.xenapi.VM;
import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.HostState;
import io.ferry.api.model.Metric;
import io.ferry.api.model.MetricWindow;
import io.ferry.api.model.PowerState;
import io.ferry.api.model.VmState;
import io.ferry.xapisim.XapiSimulator;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The snapshot and the metric windows against what the simulator itself says (read beside the adapter with the
 * SDK): guests only, each on the host XAPI names, halted ones on none, memory and vCPUs as XAPI reports them;
 * {@code /rrd_updates} rows turned into evenly spaced windows; never a dirty-page rate.
 */
class XenAdapterInventoryTest {

    private final XenTestPools.ManualClock clock = new XenTestPools.ManualClock();

    @Test
    void snapshotWhenLoadedThenEveryGuestOnTheHostXapiNamesAndNothingElse() throws Exception {
        try (XapiSimulator sim = manual(clock).hosts(3).vms(9).haltedVms(2).build().start();
                XenHypervisorAdapter adapter = new XenHypervisorAdapter(props(sim))) {
            ClusterSnapshot s = adapter.snapshot();
            Connection c = XenTestPools.sdk(sim);
            Map<String, Optional<String>> truth = XenTestPools.residency(c);
            Map<VM, VM.Record> records = VM.getAllRecords(c);

            assertThat(s.vms()).hasSize(9);
            assertThat(s.vms().stream().collect(Collectors.toMap(v -> v.id().value(),
                    v -> v.residentOn().map(h -> h.value())))).isEqualTo(truth);
            assertThat(records.values().stream().filter(r -> r.isControlDomain || r.isATemplate).map(r -> r.uuid))
                    .as("control domains and templates are not VMs Ferry moves").isNotEmpty()
                    .allSatisfy(uuid -> assertThat(s.vm(new io.ferry.api.model.VmId(uuid))).isEmpty());
            assertThat(s.vms().stream().filter(v -> v.power() == PowerState.HALTED)).hasSize(2)
                    .allSatisfy(v -> assertThat(v.residentOn()).isEmpty());
            for (VM.Record r : records.values()) {
                s.vm(new io.ferry.api.model.VmId(r.uuid)).ifPresent(v -> {
                    assertThat(v.name()).isEqualTo(r.nameLabel);
                    assertThat(v.memoryBytes()).isEqualTo(r.memoryDynamicMax);
                    assertThat((long) v.vcpus()).isEqualTo(r.VCPUsAtStartup);
                });
            }
            for (Map.Entry<Host, Host.Record> h : Host.getAllRecords(c).entrySet()) {
                HostState hs = s.host(new io.ferry.api.model.HostId(h.getValue().uuid)).orElseThrow();
                assertThat(hs.name()).isEqualTo(h.getValue().nameLabel);
                assertThat(hs.enabled()).isTrue();
                assertThat(hs.maintenance()).isFalse();
                assertThat(hs.cpuCount()).isEqualTo(XapiSimulator.DEFAULT_HOST_CPUS);
                assertThat(hs.memoryTotalBytes()).isEqualTo(h.getValue().metrics.getMemoryTotal(c));
                assertThat(hs.memoryFreeBytes()).isEqualTo(h.getKey().computeFreeMemory(c));
            }
        }
    }

    @Test
    void metricsWhenRowsArriveThenEvenlySpacedWindowsOfEachSeriesAndNoDirtyRate() throws Exception {
        try (XapiSimulator sim = manual(clock).build().start();
                XenHypervisorAdapter adapter = new XenHypervisorAdapter(props(sim))) {
            ClusterSnapshot first = adapter.snapshot();
            VmState vm = first.vms().stream().filter(VmState::migratable).findFirst().orElseThrow();
            String id = vm.id().value();
            int before = adapter.metrics(id, Metric.CPU_UTILISATION, 10_000).map(MetricWindow::size).orElse(0);
            assertThat(before).as("the first poll reaches back into the archive").isGreaterThan(10);

            clock.advance(60);
            adapter.pollTelemetryNow();

            MetricWindow cpu = adapter.metrics(id, Metric.CPU_UTILISATION, 10_000).orElseThrow();
            assertThat(cpu.size()).as("12 new 5 s rows").isEqualTo(Math.min(720, before + 12));
            assertThat(cpu.step()).isEqualTo(Duration.ofSeconds(5));
            assertThat(java.util.Arrays.stream(cpu.values()).boxed()).allSatisfy(v -> assertThat(v).isBetween(0.0, 1.0));
            assertThat(cpu.end()).as("the last complete 5 s step of the pool's clock")
                    .isEqualTo(java.time.Instant.ofEpochSecond(Math.floorDiv(XenTestPools.EPOCH.getEpochSecond() + 60, 5) * 5));
            assertThat(adapter.metrics(id, Metric.CPU_UTILISATION, 3).orElseThrow().values())
                    .containsExactly(java.util.Arrays.copyOfRange(cpu.values(), cpu.size() - 3, cpu.size()));
            double used = adapter.metrics(id, Metric.MEMORY_USED_BYTES, 1).orElseThrow().latest();
            assertThat(used).isPositive().isLessThanOrEqualTo(vm.memoryBytes());
            for (Metric m : new Metric[] {Metric.DISK_READ_BYTES_PER_SECOND, Metric.DISK_WRITE_BYTES_PER_SECOND,
                    Metric.NET_RX_BYTES_PER_SECOND, Metric.NET_TX_BYTES_PER_SECOND}) {
                assertThat(adapter.metrics(id, m, 5)).as(m.name()).get().extracting(MetricWindow::latest)
                        .satisfies(v -> assertThat((double) v).isPositive());
            }
            assertThat(adapter.metrics(id, Metric.DIRTY_PAGES_PER_SECOND, 5)).as("XAPI has no dirty-page rate")
                    .isEmpty();
            String host = vm.residentOn().orElseThrow().value();
            assertThat(adapter.metrics(host, Metric.CPU_UTILISATION, 5)).isPresent();
            assertThat(adapter.metrics(host, Metric.MEMORY_USED_BYTES, 1).orElseThrow().latest()).isPositive();
            assertThat(adapter.snapshot().vm(vm.id()).orElseThrow().cpuUtilisation())
                    .isEqualTo(cpu.latest()).isPositive();
            assertThat(adapter.metrics("no-such-vm", Metric.CPU_UTILISATION, 5)).isEmpty();
        }
    }
}
