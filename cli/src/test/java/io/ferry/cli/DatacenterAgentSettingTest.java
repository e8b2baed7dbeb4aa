package io.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.agent.dqn.DqnAgent;
import io.ferry.agent.dqn.DqnAgentFactory;
import io.ferry.agent.dqn.DqnModel;
import io.ferry.agent.dqn.ShippedModel;
import io.ferry.api.MigrationAgent;
import io.ferry.api.spi.MigrationAgentFactory;
import io.ferry.api.spi.SettingDescription;
import io.ferry.cli.DatacenterCommandTest.FakeAgent;
import io.ferry.cli.DatacenterCommandTest.FakeEngine;
import io.ferry.cli.DatacenterCommandTest.FakeFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ferry datacenter --agent-setting NAME.KEY=VALUE} against the fake engine: the setting reaches every
 * candidate of that agent and no other, a labelled copy runs beside the plain one with its own settings, the real
 * DQN factory loads the named model file, and every mistake is one line, exit status 2, nothing run or written.
 */
class DatacenterAgentSettingTest {

    @TempDir
    Path dir;

    /** An agent with a model file, a bounded number and the run's seed, like the DQN agent's settings. */
    record TunedFactory() implements MigrationAgentFactory {
        @Override
        public String name() {
            return "tuned";
        }

        @Override
        public String description() {
            return "fake, with settings";
        }

        @Override
        public List<SettingDescription> settings() {
            return List.of(new SettingDescription("modelFile", "String", "", "", Optional.empty(), Optional.empty()),
                    new SettingDescription("beta", "Double", "0.1", "", Optional.of("0"), Optional.of("1")),
                    new SettingDescription("window", "Integer", "10", "", Optional.of("1"), Optional.empty()),
                    new SettingDescription("seed", "Long", "1", "", Optional.empty(), Optional.empty()));
        }

        @Override
        public MigrationAgent create(Map<String, ?> settings) {
            Object file = settings.get("modelFile");
            if (file != null && file.toString().endsWith(".broken")) {
                throw new IllegalArgumentException("modelFile = " + file + ": not a model file");
            }
            return new FakeAgent(name(), Map.copyOf(settings));
        }
    }

    private final FakeEngine engine = new FakeEngine();

    private CommandLine commandLine() {
        CommandLine cl = FerryCli.commandLine();
        cl.getCommandSpec().removeSubcommand("datacenter");
        cl.addSubcommand("datacenter", new DatacenterCommand(engine, AgentCatalog.discover(List.of(
                new FakeFactory("lr-mmt", "1.2", false), new FakeFactory("thr-mmt", "0.8", false),
                new TunedFactory(), new DqnAgentFactory())), PolicyCatalog.standard()));
        return cl;
    }

    private Path out() {
        return dir.resolve("out");
    }

    private Run run(String... more) throws IOException {
        Path traces = Files.createDirectories(dir.resolve("traces"));
        for (int i = 0; i < 3; i++) {
            Files.writeString(traces.resolve("vm-" + i), "10\n20\n30\n");
        }
        List<String> a = new ArrayList<>(List.of("datacenter", "--workload", traces.toString(), "--out",
                out().toString(), "--hosts", "10", "--threads", "2"));
        a.addAll(List.of(more));
        return Run.of(commandLine(), a.toArray(String[]::new));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> settingsOf(String label) {
        return (Map<String, Object>) ((FakeAgent) engine.candidates.get(label).agent().orElseThrow()).settings();
    }

    private void assertUsageError(Run r, String message) {
        assertThat(r.err()).isEqualTo(message + System.lineSeparator());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(out()).doesNotExist();
        assertThat(engine.candidates).isEmpty();
    }

    @Test
    void settingWhenGivenThenEveryCandidateOfThatAgentGetsItAndNoOther() throws IOException {
        Run r = run("--agents", "tuned,lr-mmt-1.2", "--agent-setting", "tuned.modelFile=/models/a.zip",
                "--agent-setting", "tuned.beta=0.5");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(settingsOf("tuned")).containsEntry("modelFile", "/models/a.zip").containsEntry("beta", "0.5")
                // the run's seed still reaches the agent
                .containsEntry("seed", "42");
        assertThat(settingsOf("lr-mmt-1.2")).doesNotContainKeys("modelFile", "beta");
        assertThat(out().resolve("datacenter.html")).content().contains("tuned.modelFile=/models/a.zip");
    }

    @Test
    void labelWhenTheSameAgentTwiceWithTwoModelFilesThenBothRunSideBySideWithTheirOwn() throws IOException {
        Run r = run("--agents", "tuned,tuned@s43,lr-mmt@b-1.3", "--agent-setting", "tuned@s43.modelFile=/m/43.zip",
                "--agent-setting", "lr-mmt@b.parameter=1", "--agent-setting", "tuned.modelFile=/m/42.zip");

        assertUsageError(r, "--agent-setting = lr-mmt@b.parameter=1: parameter is set by the run, not per agent "
                + "(name the agent NAME-NUMBER, e.g. lr-mmt-1.2)");

        r = run("--agents", "tuned,tuned@s43,lr-mmt@b-1.3", "--agent-setting", "tuned@s43.modelFile=/m/43.zip",
                "--agent-setting", "tuned.modelFile=/m/42.zip");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().lines().skip(2).limit(3).map(l -> l.split(" +")[0]).toList())
                .containsExactly("tuned", "tuned@s43", "lr-mmt@b-1.3");
        assertThat(settingsOf("tuned")).containsEntry("modelFile", "/m/42.zip");
        assertThat(settingsOf("tuned@s43")).containsEntry("modelFile", "/m/43.zip").containsEntry("seed", "42");
        assertThat(settingsOf("lr-mmt@b-1.3")).containsEntry("parameter", "1.3");
    }

    @Test
    void dqnModelFileWhenARetrainedModelIsNamedThenThatModelDecides() throws IOException {
        DqnModel shipped = ShippedModel.get();
        Path file = dir.resolve("seed-7.zip");
        new DqnModel(shipped.network(), shipped.provenance().toBuilder().seed(7).build()).save(file);

        Run r = run("--agents", "dqn,dqn@s7", "--agent-setting", "dqn@s7.modelFile=" + file);

        assertThat(r.exit()).as(r.err()).isZero();
        DqnAgent plain = (DqnAgent) engine.candidates.get("dqn").agent().orElseThrow();
        DqnAgent retrained = (DqnAgent) engine.candidates.get("dqn@s7").agent().orElseThrow();
        assertThat(plain.model().orElseThrow().provenance().seed()).isEqualTo(42);
        assertThat(retrained.model().orElseThrow().provenance().seed()).isEqualTo(7);
        // the run's memory accounting, not the factory's default, as for the plain agent (cloudsim: no check)
        assertThat(retrained.settings().checkMemory()).isEqualTo(plain.settings().checkMemory()).isFalse();
    }

    @Test
    void dqnModelFileWhenMissingThenOneLineNamingTheOptionAndTheFile() throws IOException {
        Path missing = dir.resolve("nope.zip");

        Run r = run("--agents", "dqn", "--agent-setting", "dqn.modelFile=" + missing);

        assertThat(r.err()).startsWith("--agent-setting dqn: modelFile = " + missing + ": ").hasLineCount(1);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(out()).doesNotExist();
        assertThat(engine.candidates).isEmpty();
    }

    @Test
    void settingWhenTheFactoryRefusesTheValueThenOneLine() throws IOException {
        assertUsageError(run("--agents", "tuned", "--agent-setting", "tuned.modelFile=x.broken"),
                "--agent-setting tuned: modelFile = x.broken: not a model file");
    }

    @Test
    void settingWhenUnknownAgentThenOneLineListingTheAgents() throws IOException {
        assertUsageError(run("--agents", "tuned", "--agent-setting", "dqm.modelFile=a.zip"),
                "--agent-setting = dqm.modelFile=a.zip: unknown agent \"dqm\"; agents are lr-mmt, thr-mmt, tuned, "
                        + "dqn (or FACTORY@LABEL, as named in --agents)");
    }

    @Test
    void settingWhenTheAgentIsNotInAgentsThenOneLine() throws IOException {
        assertUsageError(run("--agents", "tuned,lr-mmt-1.2", "--agent-setting", "dqn.modelFile=a.zip"),
                "--agent-setting = dqn.modelFile=a.zip: --agents names no agent dqn (--agents = tuned,lr-mmt-1.2)");
    }

    @Test
    void settingWhenUnknownKeyThenOneLineListingTheAgentsSettings() throws IOException {
        assertUsageError(run("--agents", "tuned", "--agent-setting", "tuned.modelfile=a.zip"),
                "--agent-setting = tuned.modelfile=a.zip: agent tuned has no setting \"modelfile\"; its settings are "
                        + "modelFile, beta, window");
    }

    @Test
    void settingWhenValueOutOfRangeOrNotANumberThenOneLine() throws IOException {
        assertUsageError(run("--agents", "tuned", "--agent-setting", "tuned.beta=1.5"),
                "--agent-setting = tuned.beta=1.5: beta = 1.5: must be a number >= 0 and <= 1");
        assertUsageError(run("--agents", "tuned", "--agent-setting", "tuned.beta=high"),
                "--agent-setting = tuned.beta=high: beta = high: must be a number");
        assertUsageError(run("--agents", "tuned", "--agent-setting", "tuned.window=0"),
                "--agent-setting = tuned.window=0: window = 0: must be a whole number >= 1");
        assertUsageError(run("--agents", "dqn", "--agent-setting", "dqn.forecasts=yes"),
                "--agent-setting = dqn.forecasts=yes: forecasts = yes: must be true or false");
    }

    @Test
    void settingWhenNotNameKeyValueOrGivenTwiceThenOneLine() throws IOException {
        assertUsageError(run("--agents", "tuned", "--agent-setting", "tuned=a.zip"),
                "--agent-setting = tuned=a.zip: must be NAME.KEY=VALUE, e.g. dqn.modelFile=/path/dqn.zip");
        assertUsageError(run("--agents", "tuned", "--agent-setting", "tuned.beta=0.2", "--agent-setting",
                "tuned.beta=0.3"), "--agent-setting = tuned.beta=0.3: tuned.beta is given twice");
    }

    @Test
    void settingWhenTheRunSetsTheKeyThenOneLineSayingWhichOption() throws IOException {
        assertUsageError(run("--agents", "tuned", "--agent-setting", "tuned.seed=7"),
                "--agent-setting = tuned.seed=7: seed is set by the run, not per agent (--seed)");
        assertUsageError(run("--agents", "dqn", "--agent-setting", "dqn.checkMemory=true"),
                "--agent-setting = dqn.checkMemory=true: checkMemory is set by the run, not per agent (it follows "
                        + "the migration model's accounting)");
    }

    @Test
    void labelWhenItsFactoryIsUnknownOrTheLabelMalformedThenOneLine() throws IOException {
        assertUsageError(run("--agents", "tuned,dqm@b"), "--agents = dqm@b: unknown agent \"dqm\" before @; known "
                + "agents are lr-mmt, thr-mmt, tuned, dqn");
        assertUsageError(run("--agents", "tuned@a-b"), "--agents = tuned@a-b: a label must be FACTORY@LABEL with "
                + "LABEL of letters, digits and _, e.g. dqn@s43");
    }
}
