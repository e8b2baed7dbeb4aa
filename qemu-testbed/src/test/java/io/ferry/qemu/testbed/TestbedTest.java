package io.ferry.qemu.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.api.model.DirtyBehaviour;
import io.ferry.api.model.VmId;
import io.ferry.qemu.DirtyRateSample;
import io.ferry.qemu.GuestSpec;
import io.ferry.qemu.WriterMode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The harness's own rules, without QEMU. */
class TestbedTest {

    @Test
    void shortWorkDirWhenThePathIsTooLongForUnixSocketsThenAStableShortOneUnderTmp() {
        Path longDir = Path.of("/" + "x".repeat(120));
        Path a = Testbed.shortWorkDir(longDir);

        assertThat(a.toString().length()).isLessThanOrEqualTo(Testbed.MAX_WORK_DIR_LENGTH);
        assertThat(a).isEqualTo(Testbed.shortWorkDir(longDir));
        assertThat(Testbed.shortWorkDir(Path.of("/" + "y".repeat(120)))).isNotEqualTo(a);
        assertThat(Testbed.shortWorkDir(Path.of("/tmp/w"))).isEqualTo(Path.of("/tmp/w"));
    }

    @Test
    void dirtyingWhenSamplesExistThenTheirMedianIsMeasuredElseTheNominalRateIsAssumed() {
        GuestSpec g = GuestSpec.of("g", 256, 96).withWriter(WriterMode.SWEEP, 50_000, 32);
        List<DirtyRateSample> samples = List.of(sample(10), sample(30), sample(20));

        DirtyBehaviour measured = Testbed.dirtying(g, samples);
        assertThat(measured.source()).isEqualTo(DirtyBehaviour.Source.MEASURED);
        assertThat(measured.pagesPerSecond()).isEqualTo(20 * 256.0);
        assertThat(measured.hotPages()).isEqualTo(32 * 256L);

        DirtyBehaviour assumed = Testbed.dirtying(g, List.of());
        assertThat(assumed.source()).isEqualTo(DirtyBehaviour.Source.ASSUMED);
        assertThat(assumed.pagesPerSecond()).isEqualTo(50_000);
    }

    @Test
    void verifyTimeoutThenCoversTwoIntegrityPasses() {
        GuestSpec g = GuestSpec.of("g", 256, 96).withHeartbeat(20, 3);
        assertThat(Testbed.verifyTimeout(g)).isGreaterThan(Duration.ofSeconds(6));
    }

    private static DirtyRateSample sample(double mib) {
        return new DirtyRateSample(new VmId("g"), Instant.EPOCH, Duration.ofMillis(200), 4096, mib);
    }
}
