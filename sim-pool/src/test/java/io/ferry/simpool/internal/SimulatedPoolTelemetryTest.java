package io.ferry.simpool.internal;

import static io.ferry.simpool.internal.TestPools.pool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.api.HypervisorException;
import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.HostState;
import io.ferry.api.model.Metric;
import io.ferry.api.model.MetricWindow;
import io.ferry.api.model.PowerState;
import io.ferry.api.model.VmState;
import java.time.Duration;
import java.util.Arrays;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class SimulatedPoolTelemetryTest {

    private static MetricWindow window(SimulatedPoolAdapter a, String subject, Metric metric, int samples)
            throws HypervisorException {
        return a.metrics(subject, metric, samples).orElseThrow();
    }

    @Test
    void metricsWhenStartedThenOneSampleAtTimeZero() throws Exception {
        TestPools.Pool p = pool();
        MetricWindow w = window(p.adapter(), "host-00", Metric.CPU_UTILISATION, 10);
        assertThat(w.size()).isEqualTo(1);
        assertThat(w.end()).isEqualTo(ManualTicker.ORIGIN);
        assertThat(w.step()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void metricsWhenTickedThenOneSamplePerSamplePeriod() throws Exception {
        TestPools.Pool p = pool(); // 100 ms ticks, 5 s samples
        p.ticker().tick(49);
        assertThat(window(p.adapter(), "vm-001", Metric.CPU_UTILISATION, 100).size()).isEqualTo(1);
        p.ticker().tick();
        MetricWindow w = window(p.adapter(), "vm-001", Metric.CPU_UTILISATION, 100);
        assertThat(w.size()).isEqualTo(2);
        assertThat(w.end()).isEqualTo(ManualTicker.ORIGIN.plusSeconds(5));
        p.ticker().tick(500);
        assertThat(window(p.adapter(), "vm-001", Metric.CPU_UTILISATION, 100).size()).isEqualTo(12);
        assertThat(window(p.adapter(), "vm-001", Metric.CPU_UTILISATION, 3).size()).isEqualTo(3);
    }

    @Test
    void metricsWhenSameSeedThenIdenticalWindowsWhateverTheTickLength() throws Exception {
        TestPools.Pool fine = pool("tickMillis", 100);
        TestPools.Pool coarse = pool("tickMillis", 3000);
        fine.ticker().tick(1200); // 120 s
        coarse.ticker().tick(40); // 120 s
        for (String subject : new String[] {"vm-000", "vm-017", "host-02"}) {
            for (Metric m : new Metric[] {Metric.CPU_UTILISATION, Metric.MEMORY_USED_BYTES}) {
                assertThat(window(fine.adapter(), subject, m, 100)).isEqualTo(window(coarse.adapter(), subject, m,
                        100));
            }
        }
        assertThat(window(fine.adapter(), "vm-000", Metric.CPU_UTILISATION, 100).size()).isEqualTo(25);
    }

    @Test
    void metricsWhenOtherSeedThenOtherValues() throws Exception {
        TestPools.Pool a = pool("seed", 1);
        TestPools.Pool b = pool("seed", 2);
        a.ticker().tick(300);
        b.ticker().tick(300);
        assertThat(window(a.adapter(), "vm-005", Metric.CPU_UTILISATION, 100).values())
                .isNotEqualTo(window(b.adapter(), "vm-005", Metric.CPU_UTILISATION, 100).values());
    }

    @Test
    void metricsWhenTickedThenCpuVariesOverTimeWithinUnitRange() throws Exception {
        TestPools.Pool p = pool();
        p.ticker().tick(3000); // 300 s: 61 samples
        for (int i = 0; i < 40; i++) {
            String vm = String.format("vm-%03d", i);
            double[] cpu = window(p.adapter(), vm, Metric.CPU_UTILISATION, 1000).values();
            assertThat(cpu).hasSize(61);
            assertThat(Arrays.stream(cpu).allMatch(u -> u >= 0 && u <= 1)).isTrue();
        }
        double[] busy = window(p.adapter(), "host-00", Metric.CPU_UTILISATION, 1000).values();
        assertThat(Arrays.stream(busy).distinct().count()).isGreaterThan(10);
    }

    @Test
    void metricsWhenNewestSampleThenAgreesWithSnapshotTakenAtThatTime() throws Exception {
        TestPools.Pool p = pool();
        p.ticker().tick(100); // 10 s: a sample time
        ClusterSnapshot s = p.snapshot();
        for (HostState h : s.hosts()) {
            assertThat(window(p.adapter(), h.id().value(), Metric.CPU_UTILISATION, 1).latest())
                    .isCloseTo(h.cpuUtilisation(), Offset.offset(1e-12));
            assertThat(window(p.adapter(), h.id().value(), Metric.MEMORY_USED_BYTES, 1).latest())
                    .isEqualTo((double) (h.memoryTotalBytes() - h.memoryFreeBytes()));
        }
        for (VmState v : s.vms()) {
            String id = v.id().value();
            assertThat(window(p.adapter(), id, Metric.CPU_UTILISATION, 1).latest())
                    .isCloseTo(v.cpuUtilisation(), Offset.offset(1e-12));
            double expectedRate = v.power() == PowerState.RUNNING ? 5000.0 * v.vcpus() * v.cpuUtilisation() : 0;
            assertThat(window(p.adapter(), id, Metric.DIRTY_PAGES_PER_SECOND, 1).latest())
                    .isCloseTo(expectedRate, Offset.offset(1e-6));
            assertThat(window(p.adapter(), id, Metric.MEMORY_USED_BYTES, 1).latest())
                    .isEqualTo(v.power() == PowerState.RUNNING ? (double) v.memoryBytes() : 0);
        }
    }

    @Test
    void metricsWhenRingBufferFullThenKeepsNewestHistorySamples() throws Exception {
        TestPools.Pool small = pool("historySamples", 4);
        TestPools.Pool large = pool("historySamples", 720);
        small.ticker().tick(500);
        large.ticker().tick(500);
        double[] all = window(large.adapter(), "vm-010", Metric.CPU_UTILISATION, 1000).values();
        double[] kept = window(small.adapter(), "vm-010", Metric.CPU_UTILISATION, 1000).values();
        assertThat(all).hasSize(11);
        assertThat(kept).containsExactly(Arrays.copyOfRange(all, 7, 11));
    }

    @Test
    void metricsWhenUnknownSubjectOrUnrecordedMetricThenEmpty() throws Exception {
        SimulatedPoolAdapter a = pool().adapter();
        assertThat(a.metrics("vm-999", Metric.CPU_UTILISATION, 5)).isEmpty();
        assertThat(a.metrics("nowhere", Metric.CPU_UTILISATION, 5)).isEmpty();
        assertThat(a.metrics("host-00", Metric.DIRTY_PAGES_PER_SECOND, 5)).isEmpty();
        assertThat(a.metrics("vm-000", Metric.DISK_READ_BYTES_PER_SECOND, 5)).isEmpty();
        assertThat(a.metrics("vm-000", Metric.DIRTY_PAGES_PER_SECOND, 5)).isPresent();
    }

    @Test
    void metricsWhenXenServerLikeCapabilitiesThenNoDirtyRate() throws Exception {
        SimulatedPoolAdapter a = pool("capabilities", "PRE_COPY,CANCEL").adapter();
        assertThat(a.metrics("vm-000", Metric.DIRTY_PAGES_PER_SECOND, 5)).isEmpty();
        assertThat(a.metrics("vm-000", Metric.CPU_UTILISATION, 5)).isPresent();
    }

    @Test
    void metricsWhenSamplesBelowOneThenRejected() {
        SimulatedPoolAdapter a = pool().adapter();
        assertThatThrownBy(() -> a.metrics("vm-000", Metric.CPU_UTILISATION, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("samples = 0: must be >= 1");
    }
}
