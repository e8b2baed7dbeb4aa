package io.ferry.agent.dqn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.agent.dqn.rl.Transition;
import io.ferry.api.AgentContext;
import io.ferry.api.MigrationAgent;
import io.ferry.api.model.MigrationDecision;
import io.ferry.api.model.MigrationId;
import io.ferry.api.model.MigrationMetrics;
import io.ferry.api.model.MigrationOutcome;
import io.ferry.api.model.Technique;
import io.ferry.api.testing.TestPool;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DqnAgentTest {

    @TempDir
    Path dir;

    /** h1 lightly loaded (two small VMs), h2 half full, h3 empty. */
    private static AgentContext pool() {
        return TestPool.pool().host("h1", 2, 1000).host("h2", 2, 1000).host("h3", 2, 1000)
                .vm("x", "h1", 0.1, 100, 1000).vm("y", "h1", 0.1, 100, 1000)
                .vm("z", "h2", 0.5, 100, 1000).context();
    }

    @Test
    void decideWhenTheModelPrefersEvacuateThenTheLighterHostEmptiesOntoTheOther() {
        DqnAgent agent = new DqnAgent(TinyModels.preferring(HostAction.EVACUATE), DqnAgent.Settings.DEFAULTS);
        List<MigrationDecision> d = agent.decide(pool());
        // least loaded first: h1 (0.1) empties onto h2; h2 then received VMs and stays
        assertThat(d).extracting(m -> m.vm().value()).containsExactlyInAnyOrder("x", "y");
        assertThat(d).allSatisfy(m -> {
            assertThat(m.target().value()).isEqualTo("h2");
            assertThat(m.reason()).startsWith("dqn EVACUATE (Q +1.00 over KEEP): h1 -> h2");
        });
    }

    @Test
    void decideWhenTheModelPrefersKeepThenNothing() {
        DqnAgent agent = new DqnAgent(TinyModels.preferring(HostAction.KEEP), DqnAgent.Settings.DEFAULTS);
        assertThat(agent.decide(pool())).isEmpty();
    }

    @Test
    void decideWhenTheModelAnswersInfinityThenOneLineNamingTheHost() {
        int[] sizes = {HostFeatures.COUNT, 2, HostAction.COUNT};
        double[] w1 = new double[HostFeatures.COUNT * 2];
        Arrays.fill(w1, 1e300);
        double[] w2 = new double[2 * HostAction.COUNT];
        Arrays.fill(w2, 1e300);
        DqnModel broken = new DqnModel(new QNetwork(sizes, new double[][] {w1, w2},
                new double[][] {new double[2], new double[HostAction.COUNT]}),
                Provenance.builder().name("broken").hidden(List.of(2)).build());
        DqnAgent agent = new DqnAgent(broken, DqnAgent.Settings.DEFAULTS);
        assertThatThrownBy(() -> agent.decide(pool())).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("model broken (" + broken.fingerprint() + ") gave Q = Infinity for host h1's"
                        + " action KEEP")
                .hasMessageNotContaining("\n");
    }

    @Test
    void decideWhenNoModelThenEveryCallThrowsTheSameLine() {
        ModelFileException problem = ModelFileException.missing("models/dqn.zip (inside the agent-dqn jar)");
        DqnAgent agent = DqnAgent.withoutModel(problem, DqnAgent.Settings.DEFAULTS);
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> agent.decide(pool())).isInstanceOf(ModelFileException.class)
                    .hasMessage("model file models/dqn.zip (inside the agent-dqn jar): no such file");
        }
        assertThat(agent.problem()).contains(problem);
    }

    @Test
    void replaceModelWhenTunedWeightsThenTheNextDecisionIsTheirsAndTheReplayBufferIsKept() {
        DqnAgent agent = new DqnAgent(TinyModels.preferring(HostAction.EVACUATE), DqnAgent.Settings.DEFAULTS);
        List<MigrationDecision> d = agent.decide(pool());
        assertThat(d).hasSize(2);
        for (MigrationDecision m : d) {
            agent.learn(m, new MigrationOutcome(new MigrationId(m.vm().value()), m.vm(), m.source(), m.target(),
                    MigrationOutcome.Status.COMPLETED, m.target(), Technique.PRE_COPY, Optional.empty(), "ok"));
        }
        DqnModel keep = TinyModels.preferring(HostAction.KEEP);
        agent.replaceModel(keep);
        assertThat(agent.model()).contains(keep);
        assertThat(agent.decide(pool())).isEmpty();
        // the outcomes of the old model's decisions still became transitions
        assertThat(agent.replayBuffer().added()).isEqualTo(2);
        assertThatThrownBy(() -> DqnAgent.withoutModel(ModelFileException.missing("x"), DqnAgent.Settings.DEFAULTS)
                .replaceModel(keep)).isInstanceOf(IllegalStateException.class).hasMessageContaining("no such file");
    }

    @Test
    void decideRecordedWhenAnotherPolicyThenItsActionsWithTheModelsValues() {
        DqnModel model = TinyModels.model(11);
        DqnAgent agent = new DqnAgent(model, DqnAgent.Settings.DEFAULTS);
        DqnAgent.Cycle cycle = agent.decideRecorded(pool(), f -> HostAction.KEEP.ordinal());
        assertThat(cycle.decisions()).isEmpty();
        // two active hosts, one step each, with the model's Q of the features recorded
        assertThat(cycle.steps()).extracting(s -> s.host().value()).containsExactly("h1", "h2");
        for (DqnAgent.HostStep s : cycle.steps()) {
            assertThat(s.action()).isZero();
            assertThat(s.q()).containsExactly(model.network().q(s.features()));
            assertThat(s.features()).containsExactly(HostFeatures.encode(cycle.view(), s.index()));
        }
    }

    @Test
    void learnWhenOutcomeArrivesThenATransitionWithTheNextCyclesFeaturesEntersTheBuffer() {
        DqnAgent agent = new DqnAgent(TinyModels.preferring(HostAction.OFFLOAD),
                new DqnAgent.Settings(true, 10, false, RewardWeights.DEFAULTS));
        AgentContext hot = TestPool.pool().host("h1", 1, 1000).host("h2", 2, 1000)
                .vm("a", "h1", 0.6, 100, 1000).vm("b", "h1", 0.4, 200, 1000).vm("c", "h2", 0.1, 100, 1000).context();
        List<MigrationDecision> d = agent.decide(hot);
        assertThat(d).singleElement().satisfies(m -> assertThat(m.vm().value()).isEqualTo("a"));
        MigrationDecision m = d.get(0);
        MigrationMetrics metrics = new MigrationMetrics(Duration.ofSeconds(10), Duration.ofMillis(900), 1, 1, 0, 1, 0,
                Duration.ZERO, Duration.ZERO, true);
        agent.learn(m, new MigrationOutcome(new MigrationId("m1"), m.vm(), m.source(), m.target(),
                MigrationOutcome.Status.COMPLETED, m.target(), Technique.PRE_COPY, Optional.of(metrics), "ok"));
        assertThat(agent.replayBuffer().size()).isZero(); // waits for the next state
        AgentContext after = TestPool.pool().host("h1", 1, 1000).host("h2", 2, 1000)
                .vm("b", "h1", 0.4, 200, 1000).vm("a", "h2", 0.6, 100, 1000).vm("c", "h2", 0.1, 100, 1000).context();
        agent.decide(after);
        assertThat(agent.replayBuffer().contents()).singleElement().satisfies(t -> {
            assertThat(t.action()).isEqualTo(HostAction.OFFLOAD.ordinal());
            // the migration toll plus the downtime weight: the outcome says the budget was exceeded
            assertThat(t.reward()).isEqualTo(-(RewardWeights.DEFAULT_MIGRATION + RewardWeights.DEFAULT_DOWNTIME));
            assertThat(t.terminal()).isFalse();
            assertThat(t.next()).containsExactly(HostFeatures.encode(PoolView.of(after), 0));
            assertThat(t.state()[0]).isEqualTo(1.0); // h1 was at 100 %
        });
    }

    @Test
    void learnWhenTheSourceHostIsEmptyNextCycleThenTheTransitionIsTerminal() {
        DqnAgent agent = new DqnAgent(TinyModels.preferring(HostAction.EVACUATE), DqnAgent.Settings.DEFAULTS);
        List<MigrationDecision> d = agent.decide(pool());
        for (MigrationDecision m : d) {
            agent.learn(m, new MigrationOutcome(new MigrationId(m.vm().value()), m.vm(), m.source(), m.target(),
                    MigrationOutcome.Status.COMPLETED, m.target(), Technique.PRE_COPY, Optional.empty(), "ok"));
        }
        AgentContext after = TestPool.pool().host("h1", 2, 1000).host("h2", 2, 1000).host("h3", 2, 1000)
                .vm("x", "h2", 0.1, 100, 1000).vm("y", "h2", 0.1, 100, 1000).vm("z", "h2", 0.5, 100, 1000).context();
        agent.decide(after);
        assertThat(agent.replayBuffer().contents()).hasSize(2).allSatisfy(t -> {
            assertThat(t.terminal()).isTrue();
            assertThat(t.reward()).isEqualTo(-RewardWeights.DEFAULT_MIGRATION);
        });
    }

    @Test
    void factoryWhenNoShippedModelThenAnAgentThatSaysSoOnEveryDecide() {
        MigrationAgent agent = new DqnAgentFactory().create(Map.of());
        assertThat(agent.name()).isEqualTo("dqn");
        if (agent instanceof DqnAgent dqn && dqn.problem().isPresent()) {
            assertThatThrownBy(() -> agent.decide(pool())).isInstanceOf(ModelFileException.class)
                    .hasMessage("model file models/dqn.zip (inside the agent-dqn jar): no such file");
        } else {
            assertThat(agent.decide(pool())).isNotNull();
        }
    }

    @Test
    void factoryWhenAModelFileThenItsSettingsApplyAndBadValuesAreOneLine() {
        Path file = dir.resolve("dqn.zip");
        TinyModels.model(3).save(file);
        MigrationAgent agent = new DqnAgentFactory().create(Map.of("modelFile", file.toString(), "checkMemory",
                "false", "replayCapacity", "7"));
        DqnAgent dqn = (DqnAgent) agent;
        assertThat(dqn.settings().checkMemory()).isFalse();
        assertThat(dqn.replayBuffer().capacity()).isEqualTo(7);
        assertThat(dqn.model().orElseThrow().fingerprint()).isEqualTo(TinyModels.model(3).fingerprint());
        Path missing = dir.resolve("none.zip");
        assertThatThrownBy(() -> new DqnAgentFactory().create(Map.of("modelFile", missing.toString())))
                .hasMessage("modelFile = " + missing + ": model file " + missing + ": no such file");
        assertThatThrownBy(() -> new DqnAgentFactory().create(Map.of("replayCapacity", "0")))
                .hasMessage("replayCapacity = 0: must be >= 1");
        assertThatThrownBy(() -> new DqnAgentFactory().create(Map.of("checkMemory", "maybe")))
                .hasMessage("checkMemory = maybe: must be true or false");
        assertThat(new DqnAgentFactory().settings()).extracting(s -> s.key())
                .containsExactly("modelFile", "checkMemory", "replayCapacity", "forecasts");
    }

    @Test
    void factoryWhenListedForServiceLoaderThenFoundByName() {
        assertThat(java.util.ServiceLoader.load(io.ferry.api.spi.MigrationAgentFactory.class).stream()
                .map(p -> p.get().name())).contains("dqn");
    }

    @Test
    void transitionRecordWhenBuiltByTheAgentThenCopiesItsArrays() {
        double[] s = {1};
        Transition t = new Transition(s, 0, 0, null, true);
        s[0] = 2;
        assertThat(t.state()[0]).isEqualTo(1);
    }
}
