package io.ferry.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpuTracesTest {

    @Test
    void utilisationWhenBeforeTheStartThenTheTraceRepeatsBackwards(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a"), "10\n30\n50\n");
        CpuTraces t = CpuTraces.load(dir, 1, 300, "traces");

        assertThat(t.vms()).isEqualTo(1);
        assertThat(t.utilisation(0, -300)).isCloseTo(0.50, within(1e-12));
        assertThat(t.utilisation(0, -150)).isCloseTo(0.30, within(1e-12)); // 50 -> 10 across the wrap
    }

    @Test
    void loadWhenAFileHasNoSampleThenRejectedUnderTheCallersKey(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a"), "\n\n");
        assertThatThrownBy(() -> CpuTraces.load(dir, 1, 300, "traceDir"))
                .hasMessage("traceDir = " + dir + ": must hold non-empty traces (a has no sample)");
    }
}
