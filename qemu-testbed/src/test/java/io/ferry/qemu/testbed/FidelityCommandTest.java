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
}
