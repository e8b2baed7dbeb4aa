package io.ferry.qemu.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.api.MigrationPolicy;
import io.ferry.compare.GuestScenario;
import io.ferry.compare.ScenarioSuites;
import io.ferry.qemu.GuestSpec;
import io.ferry.qemu.WriterMode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
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
        Run r = run("--suite", "standard-tcg", "--scenarios", "nope");
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
                + "postcopy, hybrid").endsWith(", qemu-default" + System.lineSeparator());
        Run t = run("--timeout", "2");
        assertThat(t.exit()).isEqualTo(2);
        assertThat(t.err()).isEqualTo("--timeout = 2: must be in [5, 600]" + System.lineSeparator());
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

    @Test
    void defaultSuiteWhenNoneGivenThenTheValidationSetWithEachScenariosOwnPolicies() {
        FidelityCommand c = parse();
        assertThat(c.suiteName()).isEqualTo("validation-tcg");
        assertThat(FidelityCommand.setDescription("validation-tcg")).startsWith("validation set (validation-tcg)");
        assertThat(FidelityCommand.setDescription("standard-tcg")).startsWith("development set (standard-tcg)");
        assertThat(parse("--quick").suiteName()).isEqualTo("quick-tcg");
        List<GuestScenario> validation = ScenarioSuites.guestSuite("validation-tcg").orElseThrow();
        GuestScenario edge = validation.stream().filter(g -> g.name().equals("edge-uniform-18k")).findFirst()
                .orElseThrow();
        assertThat(c.policiesOf(edge, List.of()).stream().map(MigrationPolicy::name).toList())
                .containsExactly("qemu-default");
        GuestScenario cap = validation.stream().filter(g -> g.name().equals("cap-unlimited")).findFirst()
                .orElseThrow();
        assertThat(c.policiesOf(cap, List.of()).stream().map(MigrationPolicy::name).toList())
                .containsExactly("precopy", "postcopy");
        assertThat(cap.uncapped()).isTrue();
        assertThat(cap.postcopyCapMiBps()).isZero();
        // the standard suite keeps both caps one value, as it was measured; its scenarios name no policies
        GuestScenario idle = ScenarioSuites.guestSuite("standard-tcg").orElseThrow().get(0);
        assertThat(idle.postcopyCapMiBps()).isEqualTo(idle.capMiBps());
        assertThat(ScenarioSuites.policiesFor("standard-tcg", "idle")).isEmpty();
    }

    @Test
    void validationSuiteWhenListedThenTheSweepCrossesTheEdgeAndBothCapsAreCoveredApart() {
        List<GuestScenario> v = ScenarioSuites.guestSuite("validation-tcg").orElseThrow();
        assertThat(v.stream().filter(g -> g.name().startsWith("edge-uniform-")).map(GuestScenario::writesPerSecond))
                .containsExactly(5_000L, 10_000L, 15_000L, 17_000L, 18_000L, 20_000L, 25_000L, 30_000L);
        assertThat(v.stream().filter(g -> g.name().startsWith("edge-")))
                .allSatisfy(g -> {
                    assertThat(g.guestMiB()).isEqualTo(512);
                    assertThat(g.workloadMiB()).isEqualTo(256);
                    assertThat(g.capMiBps()).isEqualTo(128);
                    assertThat(g.downtimeBudget()).isEqualTo(java.time.Duration.ofMillis(300));
                });
        assertThat(v.stream().filter(g -> g.name().startsWith("hybrid-")).map(GuestScenario::postcopyCapMiBps))
                .containsExactly(64.0, 0.0, 128.0, 0.0);
        assertThat(v.stream().filter(g -> g.name().startsWith("cap-")).map(GuestScenario::capMiBps))
                .containsExactly(32.0, 64.0, 128.0, 512.0, GuestScenario.UNLIMITED_MIBPS);
        // the engine's scenario carries both caps apart
        var engine = v.stream().filter(g -> g.name().equals("postcopy-capped-32")).findFirst().orElseThrow()
                .toEngine(io.ferry.compare.EngineProfiles.byName("qemu-tcg").orElseThrow());
        assertThat(engine.link().bandwidthBytesPerSec()).isEqualTo(32.0 * (1 << 20));
        assertThat(engine.link().postcopyBandwidthBytesPerSec()).isEqualTo(32.0 * (1 << 20));
    }

    private static FidelityCommand parse(String... args) {
        FidelityCommand c = new FidelityCommand();
        CommandLine cl = new CommandLine(c);
        cl.parseArgs(args);
        c.spec = cl.getCommandSpec();
        return c;
    }
}
