package io.ferry.simcluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkloadTest {

    private static final WorkloadShape SHAPE = new WorkloadShape(300, 0.1, 0.05, 0.05,
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
        WorkloadShape flat = new WorkloadShape(300, 0, 0, 0, 0.3, 60);
        SyntheticWorkload w = new SyntheticWorkload(42, flat, new double[] {0.37});
        assertThat(w.utilisation(0, 0)).isEqualTo(0.37);
        assertThat(w.utilisation(0, 999)).isEqualTo(0.37);
    }

    @Test
    void syntheticWhenBurstsCertainThenWholeWindowRaised() {
        WorkloadShape bursty = new WorkloadShape(300, 0, 0, 1.0, 0.3, 60);
        SyntheticWorkload w = new SyntheticWorkload(42, bursty, new double[] {0.2});
        assertThat(w.utilisation(0, 10)).isCloseTo(0.5, Offset.offset(1e-12));
        assertThat(w.utilisation(0, 59.9)).isCloseTo(0.5, Offset.offset(1e-12));
    }

    @Test
    void syntheticWhenSineOnlyThenOscillatesAroundBaseWithinAmplitude() {
        WorkloadShape sine = new WorkloadShape(300, 0.1, 0, 0, 0, 60);
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
        TraceWorkload w = TraceWorkload.load(dir, 2, 300, "workloadTraceDir");
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
        assertThatThrownBy(() -> TraceWorkload.load(dir, 3, 300, "workloadTraceDir"))
                .hasMessage("workloadTraceDir = " + dir + ": must hold at least 3 trace files, one per VM (it holds 2)");
    }

    @Test
    void traceWhenLineIsNotAPercentageThenRejectedNamingFileAndLine(@TempDir Path dir) throws IOException {
        traces(dir, "10\n20\n", "10\n101\n");
        assertThatThrownBy(() -> TraceWorkload.load(dir, 2, 300, "workloadTraceDir"))
                .hasMessage("workloadTraceDir = " + dir + ": must hold integer percentages 0 to 100, one per line "
                        + "(trace-b line 2 is '101')");
    }
}
