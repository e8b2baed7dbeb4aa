package io.ferry.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@link XenPoolRun} on a small pool: every phase runs and reports, so the benchmark cannot go stale. */
class XenPoolRunTest {

    @Test
    void mainWhenSmallThenEveryPhaseRunsAndTheFirstSnapshotKnowsCpu() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            XenPoolRun.main(new String[] {"hosts=4", "vms=20", "snapshots=2", "updates=3", "warmup=2", "cycles=3"});
        } finally {
            System.setOut(saved);
        }
        String out = bytes.toString(StandardCharsets.UTF_8);

        assertThat(out).contains("# first snapshot: 4 hosts, 20 VMs (guests)")
                .containsPattern("CPU of [1-9][0-9]* VMs known")
                .contains("first full snapshot, later adapters (ms): n 1,")
                .contains("incremental update, reply of VM.pool_migrate -> snapshot shows the move (ms): n 3,")
                .contains("control cycle, dry-run, threshold + precopy (ms): n 3,")
                .contains("# controller counters: 5 cycles");
    }

    @Test
    void mainWhenAnArgumentIsUnknownOrBadThenNamesIt() {
        assertThatIllegalArgumentException().isThrownBy(() -> XenPoolRun.main(new String[] {"hots=4"}))
                .withMessageContaining("hots=4");
        assertThatIllegalArgumentException().isThrownBy(() -> XenPoolRun.main(new String[] {"vms=0"}))
                .withMessage("vms = 0: must be a whole number >= 1");
    }
}
