package io.ferry.qemu.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.compare.GuestScenario;
import io.ferry.compare.ScenarioSuites;
import io.ferry.qemu.GuestSpec;
import io.ferry.qemu.WriterMode;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command's mistakes are one line and status 2, before any QEMU starts; the suite maps onto testbed guests. */
class FidelityCommandTest {

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new FidelityCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void unknownScenarioWhenGivenThenOneLineNamingTheSuitesScenarios() {
        Run r = run("--scenarios", "nope");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("unknown scenario \"nope\" in --scenarios: standard-tcg has idle, "
                + "moderate-writer, heavy-writer, hot-set-16mib, bursty, skewed-64mib, shared-link-2x"
                + System.lineSeparator());
    }

    @Test
    void unknownProfileOrPolicyWhenGivenThenOneLine() {
        Run p = run("--quick", "--profile", "kvm");
        assertThat(p.exit()).isEqualTo(2);
        assertThat(p.err()).startsWith("--profile: unknown profile \"kvm\": known profiles are ideal, qemu-tcg");
        Run q = run("--policies", "precopy,magic");
        assertThat(q.exit()).isEqualTo(2);
        assertThat(q.err()).startsWith("unknown policy \"magic\" in --policies: known policies are precopy, "
                + "postcopy, hybrid");
        Run s = run("--runs", "0");
        assertThat(s.exit()).isEqualTo(2);
        assertThat(s.err()).startsWith("--runs = 0: must be in [1, 20]");
    }

    @Test
    void guestSpecWhenSuiteScenariosThenTheTestbedRunsTheSameDefinition() {
        for (GuestScenario g : ScenarioSuites.guestSuite("standard-tcg").orElseThrow()) {
            GuestSpec spec = FidelityRunner.guestSpec(g, 0);
            assertThat(spec.guestMemoryMiB()).isEqualTo(g.guestMiB());
            assertThat(spec.workloadMiB()).isEqualTo(g.workloadMiB());
            assertThat(spec.writesPerSecond()).isEqualTo(g.writesPerSecond());
            assertThat(spec.hotSetMiB()).isEqualTo(g.hotSetMiB());
            assertThat(spec.schedule()).hasSameSizeAs(g.schedule());
            assertThat(spec.heartbeatMillis()).isEqualTo(FidelityRunner.HEARTBEAT_MILLIS);
        }
        GuestScenario shared = ScenarioSuites.guestSuite("standard-tcg").orElseThrow().get(6);
        assertThat(FidelityRunner.guestSpec(shared, 1).name()).isEqualTo("shared-link-2x-1");
        assertThat(FidelityRunner.guestSpec(shared, 1).mode()).isEqualTo(WriterMode.UNIFORM);
        assertThat(shared.capPerMigrationMiBps()).isEqualTo(32);
    }

    @Test
    void dirtySetOptionsWhenWrongThenOneLineBeforeAnyQemuStarts() {
        Run a = run("--dirty-rates", "out/x", "--dirty-set", "v3");
        assertThat(a.exit()).isEqualTo(2);
        assertThat(a.err()).isEqualTo("--dirty-set = v3: must be v1, v2 or all" + System.lineSeparator());
        Run b = run("--dirty-rates", "out/x", "--dirty-set", "v2", "--dirty-runs", "0");
        assertThat(b.exit()).isEqualTo(2);
        assertThat(b.err()).startsWith("--dirty-runs/--dirty-seconds/--dirty-seed: runs = 0: must be in [1, 20]");
        Run c = run("--dirty-rates", "out/x", "--dirty-set", "v2", "--dirty-only", "train/nope.csv");
        assertThat(c.exit()).isEqualTo(2);
        assertThat(c.err()).startsWith("--dirty-only: no run \"train/nope.csv\" in the v2 set; its runs are "
                + "train/uniform-256mib.random-walk.s1.csv, ");
    }

    @Test
    void dirtySetWhenV1AllOrAnOnlyListThenThoseRecordingsInOrder() {
        FidelityCommand v1 = parse("--dirty-rates", "d");
        assertThat(v1.dirtyRecordings()).extracting(DirtyRateRecorder.Recording::file)
                .containsExactly("uniform-steps.csv", "sweep-16mib.csv", "hotcold-64mib.csv", "idle-kernel.csv");
        assertThat(parse("--dirty-rates", "d", "--dirty-set", "all").dirtyRecordings()).hasSize(4 + 21);
        FidelityCommand only = parse("--dirty-rates", "d", "--dirty-set", "v2", "--dirty-seconds", "20",
                "--dirty-only", "test/sweep-16mib.sine.s17.csv");
        assertThat(only.dirtyRecordings()).singleElement().satisfies(r -> {
            assertThat(r.file()).isEqualTo("v2/test/sweep-16mib.sine.s17.csv");
            assertThat(r.seconds()).isEqualTo(20);
            assertThat(r.guest().mode()).isEqualTo(WriterMode.SWEEP);
        });
    }

    private static FidelityCommand parse(String... args) {
        FidelityCommand c = new FidelityCommand();
        CommandLine cl = new CommandLine(c);
        cl.parseArgs(args);
        c.spec = cl.getCommandSpec();
        return c;
    }
}
