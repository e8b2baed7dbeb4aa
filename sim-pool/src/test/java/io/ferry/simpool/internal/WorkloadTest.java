package io.ferry.simpool.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.Metric;
import io.ferry.api.model.PowerState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkloadTest {

    private static final PoolSettings.WorkloadShape SHAPE = new PoolSettings.WorkloadShape(300, 0.1, 0.05, 0.05,
            0.3, 60);

    @Test
    void syntheticWhenAskedInAnyOrderThenSameValue() {
        SyntheticWorkload w = new SyntheticWorkload(42, SHAPE, new double[] {0.5, 0.2});
        double forward = w.utilisation(1, 1234.5);
        for (int t = 0; t < 2000; t += 7) {
            w.utilisation(0, t);
        }
        assertThat(w.utilisation(1, 1234.5)).isEqualTo(forward);
        assertThat(new SyntheticWorkload(42, SHAPE, new double[] {0.5, 0.2}).utilisation(1, 1234.5))
                .isEqualTo(forward);
        assertThat(new SyntheticWorkload(43, SHAPE, new double[] {0.5, 0.2}).utilisation(1, 1234.5))
                .isNotEqualTo(forward);
    }

    @Test
    void syntheticWhenNoVariationThenBaseLevel() {
        PoolSettings.WorkloadShape flat = new PoolSettings.WorkloadShape(300, 0, 0, 0, 0.3, 60);
        SyntheticWorkload w = new SyntheticWorkload(42, flat, new double[] {0.37});
        assertThat(w.utilisation(0, 0)).isEqualTo(0.37);
        assertThat(w.utilisation(0, 999)).isEqualTo(0.37);
    }

    @Test
    void syntheticWhenBurstsCertainThenWholeWindowRaised() {
        PoolSettings.WorkloadShape bursty = new PoolSettings.WorkloadShape(300, 0, 0, 1.0, 0.3, 60);
        SyntheticWorkload w = new SyntheticWorkload(42, bursty, new double[] {0.2});
        assertThat(w.utilisation(0, 10)).isCloseTo(0.5, Offset.offset(1e-12));
        assertThat(w.utilisation(0, 59.9)).isCloseTo(0.5, Offset.offset(1e-12));
    }

    @Test
    void syntheticWhenSineOnlyThenOscillatesAroundBaseWithinAmplitude() {
        PoolSettings.WorkloadShape sine = new PoolSettings.WorkloadShape(300, 0.1, 0, 0, 0, 60);
        SyntheticWorkload w = new SyntheticWorkload(42, sine, new double[] {0.5});
        double min = 1;
        double max = 0;
        for (int t = 0; t < 900; t++) {
            double u = w.utilisation(0, t);
            min = Math.min(min, u);
            max = Math.max(max, u);
        }
        assertThat(max - min).isGreaterThan(0.09).isLessThanOrEqualTo(0.3 + 1e-9);
        assertThat((max + min) / 2).isCloseTo(0.5, Offset.offset(0.02));
    }

    private static Path traces(Path dir, String... contents) throws IOException {
        for (int i = 0; i < contents.length; i++) {
            Files.writeString(dir.resolve("trace-" + (char) ('a' + i)), contents[i]);
        }
        return dir;
    }

    @Test
    void traceWhenReplayedThenFollowsFileInNameOrderInterpolatedAndRepeats(@TempDir Path dir) throws IOException {
        traces(dir, "10\n30\n50\n", "80\n\n90\n");
        TraceWorkload w = TraceWorkload.load(dir, 2, 300);
        assertThat(w.utilisation(0, 0)).isCloseTo(0.10, Offset.offset(1e-12));
        assertThat(w.utilisation(0, 150)).isCloseTo(0.20, Offset.offset(1e-12));
        assertThat(w.utilisation(0, 600)).isCloseTo(0.50, Offset.offset(1e-12));
        assertThat(w.utilisation(0, 750)).isCloseTo(0.30, Offset.offset(1e-12)); // 50 -> 10 as it wraps
        assertThat(w.utilisation(0, 900)).isCloseTo(0.10, Offset.offset(1e-12));
        assertThat(w.length(1)).isEqualTo(2);
        assertThat(w.utilisation(1, 300)).isCloseTo(0.90, Offset.offset(1e-12));
    }

    @Test
    void traceWhenTooFewFilesThenRejected(@TempDir Path dir) throws IOException {
        traces(dir, "10\n", "20\n");
        assertThatThrownBy(() -> TraceWorkload.load(dir, 3, 300))
                .hasMessage("workloadTraceDir = " + dir + ": must hold at least 3 trace files, one per VM (it holds 2)");
    }

    @Test
    void traceWhenLineIsNotAPercentageThenRejectedNamingFileAndLine(@TempDir Path dir) throws IOException {
        traces(dir, "10\n20\n", "10\n101\n");
        assertThatThrownBy(() -> TraceWorkload.load(dir, 2, 300))
                .hasMessage("workloadTraceDir = " + dir + ": must hold integer percentages 0 to 100, one per line "
                        + "(trace-b line 2 is '101')");
    }

    @Test
    void poolWhenTraceDirectoryGivenThenVmCpuFollowsItsTrace(@TempDir Path dir) throws Exception {
        String[] files = new String[6];
        for (int i = 0; i < files.length; i++) {
            files[i] = (10 * i + 5) + "\n" + (10 * i + 7) + "\n";
        }
        traces(dir, files);
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
