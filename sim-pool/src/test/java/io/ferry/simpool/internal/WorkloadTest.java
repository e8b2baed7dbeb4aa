package io.ferry.simpool.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.Metric;
import io.ferry.api.model.PowerState;
import java.nio.file.Files;
import java.nio.file.Path;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pool driven by its workloads; the workloads themselves are pinned in sim-cluster. */
class WorkloadTest {

    @Test
    void poolWhenTraceDirectoryGivenThenVmCpuFollowsItsTrace(@TempDir Path dir) throws Exception {
        for (int i = 0; i < 6; i++) { // VM i reads 10·i + 5 %, then 10·i + 7 %
            Files.writeString(dir.resolve("trace-" + (char) ('a' + i)), (10 * i + 5) + "\n" + (10 * i + 7) + "\n");
        }
        TestPools.Pool p = TestPools.pool("workloadTraceDir", dir.toString(), "vms", 6, "hosts", 3,
                "haltedVms", 0, "antiAffinityTags", "aa:db=2");
        ClusterSnapshot s = p.snapshot();
        for (int i = 0; i < 6; i++) {
            assertThat(s.vms().get(i).power()).isEqualTo(PowerState.RUNNING);
            assertThat(s.vms().get(i).cpuUtilisation()).isCloseTo((10 * i + 5) / 100.0, Offset.offset(1e-12));
        }
        p.ticker().tick(3000); // 300 s: one trace sample later
        assertThat(p.adapter().metrics("vm-002", Metric.CPU_UTILISATION, 1).orElseThrow().latest())
                .isCloseTo(0.27, Offset.offset(1e-12));
    }

    @Test
    void poolWhenPlanetLabDayThenBusiestTracesOverloadAHostAndOthersStayLight() throws Exception {
        Path day = Path.of("/work/shared/data/planetlab/20110303");
        Assumptions.assumeTrue(Files.isDirectory(day), "PlanetLab traces not present on this machine");
        // PlanetLab VMs are light (most read 0 % at midnight): smaller hosts show the overload
        TestPools.Pool p = TestPools.pool("workloadTraceDir", day.toString(), "hostCpus", 8);
        ClusterSnapshot s = p.snapshot();
        assertThat(p.adapter().settings().traceDir()).contains(day);
        assertThat(s.hosts()).allSatisfy(h -> assertThat(s.vmsOn(h.id())).isNotEmpty());
        assertThat(s.hosts().stream().mapToDouble(h -> h.cpuUtilisation()).max().orElseThrow())
                .isGreaterThanOrEqualTo(0.8);
        assertThat(s.hosts().stream().filter(h -> h.cpuUtilisation() < 0.5)).isNotEmpty();
    }
}
