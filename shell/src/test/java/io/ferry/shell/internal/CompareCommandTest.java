package io.ferry.shell.internal;

import static io.ferry.shell.internal.Fixtures.line;
import static io.ferry.shell.internal.Fixtures.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.api.model.DirtyBehaviour;
import io.ferry.api.model.HostId;
import io.ferry.api.model.PowerState;
import io.ferry.api.model.VmId;
import io.ferry.api.model.VmState;
import io.ferry.compare.ScenarioSuites;
import io.ferry.controller.PoolRecording;
import io.ferry.controller.PluginInfo;
import io.ferry.controller.PluginKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.karaf.shell.support.CommandException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareCommandTest {

    @TempDir
    Path dir;

    private final FakeController controller = new FakeController();
    private final CompareCommand command = new CompareCommand();

    @BeforeEach
    void twoInstalledPolicies() {
        command.controller = controller;
        install(new FixedRoundsPolicy("two-rounds", 2));
        install(new FixedRoundsPolicy("six-rounds", 6));
        controller.pools.add(Fixtures.pool("sim", "simulator", Fixtures.selection("two-rounds")));
    }

    private void install(FixedRoundsPolicy policy) {
        controller.policies.put(policy.name(), policy);
        controller.plugins.add(new PluginInfo(PluginKind.POLICY, policy.name(), "io.ferry.test", "1.0.0",
                policy.requiredCapabilities(), Set.of(), "", List.of()));
    }

    @Test
    void executeOnSmokeSuiteThenPrintsProgressAndTableAndWritesTheThreeFiles() throws Exception {
        command.suite = "smoke";
        command.out = dir.toString();

        String out = run(command);

        // runs go on several threads: every run reports its progress once, in whatever order they start
        assertThat(out.lines().filter(l -> l.startsWith("[")).toList()).containsExactlyInAnyOrder(
                "[1/6] smoke-idle · two-rounds", "[2/6] smoke-idle · six-rounds",
                "[3/6] smoke-writer · two-rounds", "[4/6] smoke-writer · six-rounds",
                "[5/6] smoke-hot-set · two-rounds", "[6/6] smoke-hot-set · six-rounds");
        assertThat(line(out, "smoke-hot-set | six-rounds")).contains("pre-copy", "ok");
        assertThat(out).contains("Predicted total s", "Downtime ms", "GiB sent");
        for (String file : List.of("results.json", "results.csv", "report.html")) {
            assertThat(dir.resolve(file)).isNotEmptyFile();
            assertThat(out.lines()).contains(dir.resolve(file).toAbsolutePath().toString());
        }
        assertThat(Files.readString(dir.resolve("results.csv"))).contains("smoke-writer,six-rounds");
        assertThat(Files.readString(dir.resolve("report.html"))).contains("migration:compare --suite smoke --seed 42");
    }

    @Test
    void executeThenPoliciesThatDifferGiveDifferentRounds() throws Exception {
        command.suite = "smoke";
        command.out = dir.toString();
        command.noFormat = true;

        String out = run(command);

        List<String> two = row(out, "smoke-writer", "two-rounds");
        List<String> six = row(out, "smoke-writer", "six-rounds");
        assertThat(two.get(9)).isEqualTo("2");
        assertThat(six.get(9)).isEqualTo("6");
        assertThat(out).doesNotContain("|", "│");
    }

    @Test
    void executeWithPoliciesOptionThenOnlyThose() throws Exception {
        command.suite = "smoke";
        command.policies = "six-rounds";
        command.out = dir.toString();

        String out = run(command);

        assertThat(out).contains("[1/3] smoke-idle · six-rounds").doesNotContain("two-rounds");
    }

    @Test
    void executeWhenPolicyNotInstalledThenOneLineErrorListsTheInstalledOnes() {
        command.suite = "smoke";
        command.policies = "two-rounds,hybrid";

        assertThatThrownBy(() -> run(command)).isInstanceOf(CommandException.class).hasCauseInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown policy 'hybrid': installed policies are two-rounds, six-rounds");
    }

    @Test
    void executeWhenSuiteUnknownThenOneLineErrorListsTheSuites() {
        command.suite = "huge";

        assertThatThrownBy(() -> run(command))
                .hasMessage("unknown suite 'huge': suites are " + String.join(", ", ScenarioSuites.names()));
    }

    @Test
    void executeWhenBothOrNeitherSourceThenRefused() {
        assertThatThrownBy(() -> run(command)).hasMessage("give exactly one of --suite NAME or --recording POOL");
        command.suite = "smoke";
        command.recording = "sim";
        assertThatThrownBy(() -> run(command)).hasMessage("give exactly one of --suite NAME or --recording POOL");
    }

    @Test
    void executeOnRecordingThenComparesOnThePoolsScenarios() throws Exception {
        for (String vm : List.of("web", "db")) {
            controller.recording.add(new PoolRecording.VmRecording(new VmState(new VmId(vm), vm, PowerState.RUNNING,
                    Optional.of(new HostId("h1")), 64L << 20, 2, 0.5, Set.of()),
                    new DirtyBehaviour(500, 0, DirtyBehaviour.Source.MEASURED), Optional.empty(), Optional.empty()));
        }
        command.recording = "sim";
        command.vms = 2;
        command.out = dir.toString();

        String out = run(command);

        assertThat(controller.calls).containsExactly("recording sim 2");
        assertThat(out).contains("[4/4] recording-db · six-rounds");
        assertThat(dir.resolve("results.json")).isNotEmptyFile();
    }

    @Test
    void executeOnRecordingOfUnknownPoolThenOneLineErrorListsThePools() {
        command.recording = "kvm";

        assertThatThrownBy(() -> run(command)).hasMessage("unknown pool 'kvm': pools are sim");
    }

    @Test
    void executeWhenInterruptedThenStopsBeforeTheNextRunAndWritesNothing() throws Exception {
        command.suite = "smoke";
        command.out = dir.resolve("out").toString();

        Thread.currentThread().interrupt();
        String out;
        try {
            out = run(command);
        } finally {
            Thread.interrupted();
        }

        // runs already under way on other threads may finish; no new one starts and nothing is written
        assertThat(out.lines().filter(l -> l.startsWith("cancelled: "))).singleElement().asString()
                .matches("cancelled: comparison cancelled after [0-6] of 6 runs; nothing written");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void executeWithoutOutThenWritesUnderKarafData() throws Exception {
        command.suite = "smoke";
        command.policies = "two-rounds";
        String previous = System.setProperty("karaf.data", dir.toString());
        try {
            run(command);
        } finally {
            if (previous == null) {
                System.clearProperty("karaf.data");
            } else {
                System.setProperty("karaf.data", previous);
            }
        }

        try (Stream<Path> written = Files.list(dir.resolve("ferry"))) {
            Path folder = written.findFirst().orElseThrow();
            assertThat(folder.getFileName().toString()).matches("compare-\\d{8}-\\d{6}");
            assertThat(folder.resolve("report.html")).isNotEmptyFile();
        }
    }

    @Test
    void executeWhenNoPolicyInstalledThenSaysSo() {
        controller.plugins.clear();
        command.suite = "smoke";

        assertThatThrownBy(() -> run(command)).hasMessage("no policy is installed");
    }

    @Test
    void executeWhenVmsGivenWithSuiteThenRefused() {
        command.suite = "smoke";
        command.vms = 3;

        assertThatThrownBy(() -> run(command)).hasMessage("--vms applies to --recording only");
    }


    /** @return the cells of the --no-format table row of this scenario and policy */
    private static List<String> row(String out, String scenario, String policy) {
        return out.lines().map(Fixtures::cells).filter(c -> c.size() > 2 && c.subList(0, 2).equals(List.of(scenario,
                policy))).findFirst().orElseThrow(() -> new AssertionError("no row " + scenario + " " + policy));
    }
}
