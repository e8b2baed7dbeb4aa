package io.ferry.agent.dqn.internal.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.agent.dqn.DqnAgent;
import io.ferry.agent.dqn.DqnModel;
import io.ferry.agent.dqn.ExperienceSink;
import io.ferry.agent.dqn.HostAction;
import io.ferry.agent.dqn.HostFeatures;
import io.ferry.agent.dqn.ModelFileException;
import io.ferry.agent.dqn.Provenance;
import io.ferry.agent.dqn.RewardWeights;
import io.ferry.agent.dqn.ShippedModel;
import io.ferry.agent.dqn.TinyModels;
import io.ferry.agent.dqn.rl.Transition;
import io.ferry.api.AgentContext;
import io.ferry.api.MigrationAgent;
import io.ferry.api.model.MigrationDecision;
import io.ferry.api.model.MigrationId;
import io.ferry.api.model.MigrationOutcome;
import io.ferry.api.model.Technique;
import io.ferry.api.testing.TestPool;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/** The DS component outside OSGi: a recording bundle context, model files in a temporary directory. */
@Timeout(value = 120, unit = TimeUnit.SECONDS) // a hang guard only: nothing here asserts a duration
class DqnAgentComponentTest {

    @TempDir
    Path dir;

    /** h1 lightly loaded (two small VMs), h2 half full, h3 empty: a model preferring EVACUATE empties h1. */
    private static AgentContext pool() {
        return TestPool.pool().host("h1", 2, 1000).host("h2", 2, 1000).host("h3", 2, 1000)
                .vm("x", "h1", 0.1, 100, 1000).vm("y", "h1", 0.1, 100, 1000)
                .vm("z", "h2", 0.5, 100, 1000).context();
    }

    /**
     * A bundle context that records what is registered (the agent, and the experience sink beside it), by which
     * thread, and what is unregistered.
     */
    private static final class Registry {
        final List<MigrationAgent> registered = new ArrayList<>();
        final List<ExperienceSink> sinks = new ArrayList<>();
        final List<String> threads = new ArrayList<>();
        final List<Dictionary<?, ?>> properties = new ArrayList<>();
        int unregistered;
        int sinksUnregistered;

        BundleContext context() {
            return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {BundleContext.class}, (proxy, method, args) -> {
                        if (!method.getName().equals("registerService")) {
                            throw new UnsupportedOperationException(method.getName());
                        }
                        boolean agent = args[0].equals(MigrationAgent.class);
                        assertThat(args[0]).isIn(MigrationAgent.class, ExperienceSink.class);
                        synchronized (this) {
                            if (agent) {
                                registered.add((MigrationAgent) args[1]);
                                threads.add(Thread.currentThread().getName());
                                properties.add(new Hashtable<>((Hashtable<?, ?>) args[2]));
                            } else {
                                sinks.add((ExperienceSink) args[1]);
                            }
                        }
                        return Proxy.newProxyInstance(getClass().getClassLoader(),
                                new Class<?>[] {ServiceRegistration.class}, (p, m, a) -> {
                                    if (!m.getName().equals("unregister")) {
                                        throw new UnsupportedOperationException(m.getName());
                                    }
                                    synchronized (this) {
                                        if (agent) {
                                            unregistered++;
                                        } else {
                                            sinksUnregistered++;
                                        }
                                    }
                                    return null;
                                });
                    });
        }

        synchronized int count() {
            return registered.size();
        }

        synchronized List<ExperienceSink> sinks() {
            return List.copyOf(sinks);
        }
    }

    /** A trainer that says it started, then waits for {@link #release} and answers {@link #answer}. */
    private static final class BlockedTrainer implements FineTuning.Trainer {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger calls = new AtomicInteger();
        final AtomicBoolean interrupted = new AtomicBoolean();
        final List<String> threads = new ArrayList<>();
        final DqnModel answer = TinyModels.preferring(HostAction.KEEP);

        @Override
        public DqnModel train(DqnModel current, io.ferry.agent.dqn.rl.ReplayBuffer replay, long run,
                FineTuning.Settings s) throws InterruptedException {
            calls.incrementAndGet();
            synchronized (threads) {
                threads.add(Thread.currentThread().getName());
            }
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                interrupted.set(true);
                throw e;
            }
            return answer;
        }
    }

    private Path modelFile(DqnModel model) {
        Path file = dir.resolve(model.provenance().name() + ".zip");
        model.save(file);
        return file;
    }

    private static DqnAgentComponent start(Registry r, Map<String, ?> properties, FineTuning.Trainer trainer) {
        return new DqnAgentComponent(r.context(), DqnAgentComponent.configuration(properties), trainer);
    }

    private static RegisteredDqnAgent awaitRegistered(Registry r, DqnAgentComponent c) {
        waitFor("the agent registered", () -> r.count() == 1);
        return c.registered().orElseThrow();
    }

    private static void waitFor(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private static boolean threadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals(DqnAgentComponent.THREAD) && t.isAlive());
    }

    /** One control cycle as the controller runs it: decide, then every decision's outcome comes back. */
    private static List<MigrationDecision> cycle(MigrationAgent agent) {
        List<MigrationDecision> decided = agent.decide(pool());
        for (MigrationDecision d : decided) {
            agent.learn(d, new MigrationOutcome(new MigrationId("m-" + d.vm().value()), d.vm(), d.source(),
                    d.target(), MigrationOutcome.Status.COMPLETED, d.target(), Technique.PRE_COPY, Optional.empty(),
                    "ok"));
        }
        return decided;
    }

    private Map<String, Object> evacuating(Map<String, Object> more) {
        Map<String, Object> p = new HashMap<>(more);
        p.put("modelFile", modelFile(TinyModels.preferring(HostAction.EVACUATE)).toString());
        return p;
    }

    // ------------------------------------------------------------------ registration and the model file

    @Test
    void theShippedModelIsRegisteredAsDqnFromTheComponentsThreadNotTheActivatingOne() throws Exception {
        Registry r = new Registry();
        DqnAgentComponent c = start(r, Map.of(), FineTuning.LEARNER);
        RegisteredDqnAgent agent = awaitRegistered(r, c);
        assertThat(r.threads).containsExactly(DqnAgentComponent.THREAD);
        assertThat(r.properties.get(0).get(MigrationAgent.NAME_PROPERTY)).isEqualTo("dqn");
        assertThat(agent.name()).isEqualTo("dqn");
        assertThat(agent.refusal()).isEmpty();
        assertThat(agent.agent().orElseThrow().model().orElseThrow().fingerprint())
                .isEqualTo(ShippedModel.get().fingerprint());
        assertThat(agent.decide(pool())).isNotNull();
        c.deactivate();
        assertThat(r.unregistered).isEqualTo(1);
    }

    @Test
    void aModelFileOfFourteenFeaturesStillRegistersTheAgentWhichRefusesEveryDecisionInOneLine() throws Exception {
        List<String> fourteen = HostFeatures.NAMES.subList(0, 14);
        DqnModel narrow = new DqnModel(TinyModels.random(3, 0.1, 14, 8, HostAction.COUNT),
                Provenance.builder().name("narrow").features(fourteen).hidden(List.of(8)).build());
        Path file = modelFile(narrow);
        Registry r = new Registry();
        DqnAgentComponent c = start(r, Map.of("modelFile", file.toString()), FineTuning.LEARNER);
        RegisteredDqnAgent agent = awaitRegistered(r, c);
        String line = "model file " + file + " expects 14 features, this agent builds 16";
        assertThat(r.properties.get(0).get(MigrationAgent.NAME_PROPERTY)).isEqualTo("dqn");
        assertThat(agent.refusal()).contains(line);
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> agent.decide(pool())).isInstanceOf(ModelFileException.class).hasMessage(line);
        }
        c.deactivate();
    }

    @Test
    void aMissingOrTruncatedModelFileRefusesEveryDecisionNamingTheFile() throws Exception {
        Path missing = dir.resolve("no-such-model.zip");
        byte[] whole = Files.readAllBytes(modelFile(TinyModels.model(4)));
        Path truncated = Files.write(dir.resolve("truncated.zip"), Arrays.copyOf(whole, whole.length / 2));
        for (Path file : List.of(missing, truncated)) {
            Registry r = new Registry();
            DqnAgentComponent c = start(r, Map.of("modelFile", file.toString()), FineTuning.LEARNER);
            RegisteredDqnAgent agent = awaitRegistered(r, c);
            assertThatThrownBy(() -> agent.decide(pool())).isInstanceOf(ModelFileException.class)
                    .hasMessageStartingWith("model file " + file + ": ").hasMessageNotContaining("\n");
            c.deactivate();
        }
        assertThat(ModelFileException.missing(missing.toString()).getMessage()).endsWith("no such file");
    }

    @Test
    void anInvalidConfigurationValueRefusesEveryDecisionNamingTheKey() throws Exception {
        Map<Map<String, Object>, String> cases = Map.of(
                Map.of("rewardMigration", -1), "configuration io.ferry.agent.dqn: rewardMigration = -1.0: must be "
                        + "finite and >= 0",
                Map.of("fineTuneEvery", 0), "configuration io.ferry.agent.dqn: fineTuneEvery = 0: must be >= 1",
                Map.of("replayCapacity", 0), "configuration io.ferry.agent.dqn: replayCapacity = 0: must be >= 1");
        for (var e : cases.entrySet()) {
            Registry r = new Registry();
            DqnAgentComponent c = start(r, e.getKey(), FineTuning.LEARNER);
            RegisteredDqnAgent agent = awaitRegistered(r, c);
            assertThat(agent.name()).isEqualTo("dqn");
            assertThatThrownBy(() -> agent.decide(pool())).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(e.getValue());
            assertThat(c.sink()).as("no replay buffer, no experience sink").isEmpty();
            assertThat(r.sinks()).isEmpty();
            c.deactivate();
        }
    }

    @Test
    void theDefaultsAreTheFactorysAndTheRewardTheShippedModelWasTrainedWith() {
        DqnAgentConfiguration c = DqnAgentComponent.configuration(Map.of());
        assertThat(c.modelFile()).isEmpty();
        assertThat(c.checkMemory()).isTrue();
        assertThat(c.forecasts()).isFalse();
        assertThat(c.replayCapacity()).isEqualTo(DqnAgent.Settings.DEFAULT_REPLAY_CAPACITY);
        assertThat(c.onlineLearning()).isFalse();
        assertThat(c.fineTuneEvery()).isEqualTo(256);
        assertThat(c.fineTuneBatch()).isEqualTo(64);
        DqnAgent.Settings s = DqnAgentComponent.agentSettings(c);
        assertThat(s).isEqualTo(DqnAgent.Settings.DEFAULTS);
        assertThat(s.reward()).isEqualTo(RewardWeights.DEFAULTS)
                .isEqualTo(ShippedModel.get().provenance().reward());
    }

    // ------------------------------------------------------------------ online fine-tuning

    @Test
    void learningOffByDefaultNeverTrainsWhileTheReplayBufferFills() throws Exception {
        Registry r = new Registry();
        BlockedTrainer trainer = new BlockedTrainer();
        trainer.release.countDown();
        DqnAgentComponent c = start(r, evacuating(Map.of("fineTuneEvery", 1)), trainer);
        RegisteredDqnAgent agent = awaitRegistered(r, c);
        String before = agent.agent().orElseThrow().model().orElseThrow().fingerprint();
        for (int i = 0; i < 10; i++) {
            assertThat(cycle(agent)).isNotEmpty();
        }
        assertThat(agent.agent().orElseThrow().replayBuffer().added()).isGreaterThanOrEqualTo(18);
        assertThat(trainer.calls).hasValue(0);
        assertThat(agent.tuning().orElseThrow().runs()).isZero();
        assertThat(agent.agent().orElseThrow().model().orElseThrow().fingerprint()).isEqualTo(before);
        c.deactivate();
    }

    @Test
    void withLearningOnARunHappensOffTheCallingThreadAndDecisionsNeverWaitForIt() throws Exception {
        Registry r = new Registry();
        BlockedTrainer trainer = new BlockedTrainer();
        DqnAgentComponent c = start(r, evacuating(Map.of("onlineLearning", true, "fineTuneEvery", 4)), trainer);
        RegisteredDqnAgent agent = awaitRegistered(r, c);
        String before = agent.agent().orElseThrow().model().orElseThrow().fingerprint();
        // two transitions a cycle: the third cycle's decision makes four and starts a run
        for (int i = 0; i < 3; i++) {
            cycle(agent);
        }
        assertThat(trainer.entered.await(60, TimeUnit.SECONDS)).as("a run started").isTrue();
        // the run is blocked: decisions go on with the old model, and no second run starts meanwhile
        for (int i = 0; i < 20; i++) {
            assertThat(cycle(agent)).as("cycle %d while the run is blocked", i).hasSize(2);
        }
        assertThat(trainer.calls).hasValue(1);
        assertThat(agent.tuning().orElseThrow().running()).isTrue();
        assertThat(agent.agent().orElseThrow().model().orElseThrow().fingerprint()).isEqualTo(before);
        assertThat(trainer.threads).containsExactly(DqnAgentComponent.THREAD)
                .doesNotContain(Thread.currentThread().getName());
        // released: the tuned weights are swapped in, and the next decision is theirs (KEEP: nothing moves)
        trainer.release.countDown();
        waitFor("the tuned model swapped in", () -> agent.tuning().orElseThrow().swapped() == 1);
        assertThat(agent.agent().orElseThrow().model().orElseThrow().fingerprint())
                .isEqualTo(trainer.answer.fingerprint());
        assertThat(agent.decide(pool())).isEmpty();
        c.deactivate();
    }

    /** A transition as the stream builds one: the host's 16 features, an action, a cost, terminal. */
    private static Transition streamed(double reward) {
        return new Transition(new double[HostFeatures.COUNT], HostAction.EVACUATE.ordinal(), reward, null, true);
    }

    @Test
    void theExperienceSinkBesideTheAgentFillsTheAgentsOwnReplayBufferWithItsRewardWeights() throws Exception {
        Registry r = new Registry();
        DqnAgentComponent c = start(r, evacuating(Map.of("rewardMigration", 2.5, "replayCapacity", 3)),
                FineTuning.LEARNER);
        RegisteredDqnAgent agent = awaitRegistered(r, c);
        ExperienceSink sink = c.sink().orElseThrow();
        assertThat(r.sinks()).containsExactly(sink);
        assertThat(sink.reward().migration()).isEqualTo(2.5);
        assertThat(sink.capacity()).isEqualTo(3);
        for (int i = 1; i <= 4; i++) {
            sink.add(streamed(-i));
        }
        assertThat(agent.agent().orElseThrow().replayBuffer().contents()).extracting(Transition::reward)
                .containsExactly(-2.0, -3.0, -4.0);
        assertThat(sink.size()).isEqualTo(3);
        assertThat(sink.added()).isEqualTo(4);
        c.deactivate();
    }

    @Test
    void aStreamedTransitionOfAnotherShapeIsRefusedInOneLineAndTheBufferKeepsWhatItHad() throws Exception {
        Registry r = new Registry();
        DqnAgentComponent c = start(r, evacuating(Map.of()), FineTuning.LEARNER);
        awaitRegistered(r, c);
        ExperienceSink sink = c.sink().orElseThrow();
        sink.add(streamed(-1));
        assertThatThrownBy(() -> sink.add(new Transition(new double[14], 0, -1, null, true)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("transition has 14 features, this agent builds 16");
        assertThatThrownBy(() -> sink.add(new Transition(new double[HostFeatures.COUNT], 4, -1, null, true)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("action = 4: this agent has 4");
        assertThat(sink.added()).isEqualTo(1);
        c.deactivate();
    }

    @Test
    void streamedTransitionsCountTowardsFineTuneEveryExactlyAsTheAgentsOwnDo() throws Exception {
        Registry r = new Registry();
        BlockedTrainer trainer = new BlockedTrainer();
        DqnAgentComponent c = start(r, evacuating(Map.of("onlineLearning", true, "fineTuneEvery", 4)), trainer);
        RegisteredDqnAgent agent = awaitRegistered(r, c);
        ExperienceSink sink = c.sink().orElseThrow();
        FineTuning tuning = agent.tuning().orElseThrow();
        // two cycles: the second decision puts the first cycle's two transitions into the buffer (2 of 4)
        cycle(agent);
        cycle(agent);
        assertThat(agent.agent().orElseThrow().replayBuffer().added()).isEqualTo(2);
        assertThat(tuning.runs()).isZero();
        // one from the stream makes 3: still not due
        sink.add(streamed(-1));
        assertThat(tuning.runs()).isZero();
        // the fourth, from the stream, is due: the run starts from the sink's call, on the component's thread
        sink.add(streamed(-1));
        assertThat(tuning.runs()).isEqualTo(1);
        assertThat(trainer.entered.await(60, TimeUnit.SECONDS)).as("a run started").isTrue();
        assertThat(trainer.threads).containsExactly(DqnAgentComponent.THREAD);
        // while it runs, four more from the stream start no second run; the sink never waits for it
        for (int i = 0; i < 4; i++) {
            sink.add(streamed(-1));
        }
        assertThat(trainer.calls).hasValue(1);
        trainer.release.countDown();
        waitFor("the run swapped in", () -> tuning.swapped() == 1 && !tuning.running());
        // those four counted towards the next run (due, 8 - 4 >= 4): the next check, the agent's decision, starts it
        assertThat(tuning.runs()).isEqualTo(1);
        cycle(agent);
        assertThat(tuning.runs()).isEqualTo(2);
        c.deactivate();
    }

    @Test
    void streamedTransitionsAloneStartARunWhenNoPoolDecidesWithTheAgent() throws Exception {
        Registry r = new Registry();
        BlockedTrainer trainer = new BlockedTrainer();
        trainer.release.countDown();
        DqnAgentComponent c = start(r, evacuating(Map.of("onlineLearning", true, "fineTuneEvery", 3)), trainer);
        RegisteredDqnAgent agent = awaitRegistered(r, c);
        ExperienceSink sink = c.sink().orElseThrow();
        for (int i = 0; i < 3; i++) {
            sink.add(streamed(-1));
        }
        waitFor("the run swapped in", () -> agent.tuning().orElseThrow().swapped() == 1);
        assertThat(agent.agent().orElseThrow().model().orElseThrow().fingerprint())
                .isEqualTo(trainer.answer.fingerprint());
        c.deactivate();
    }

    @Test
    void deactivateInterruptsARunInProgressSwapsNothingInAndLeavesNoThread() throws Exception {
        Registry r = new Registry();
        BlockedTrainer trainer = new BlockedTrainer(); // never released
        DqnAgentComponent c = start(r, evacuating(Map.of("onlineLearning", true, "fineTuneEvery", 2)), trainer);
        RegisteredDqnAgent agent = awaitRegistered(r, c);
        String before = agent.agent().orElseThrow().model().orElseThrow().fingerprint();
        cycle(agent);
        cycle(agent);
        assertThat(trainer.entered.await(60, TimeUnit.SECONDS)).as("a run started").isTrue();
        c.deactivate();
        assertThat(trainer.interrupted).isTrue();
        assertThat(threadAlive()).as("the component's thread after deactivate").isFalse();
        assertThat(r.unregistered).isEqualTo(1);
        assertThat(r.sinksUnregistered).as("the experience sink goes with the agent").isEqualTo(1);
        assertThat(c.registered()).isEmpty();
        assertThat(c.sink()).isEmpty();
        // an outcome or a cycle in flight on the old reference: answered, and no run starts any more
        for (int i = 0; i < 5; i++) {
            cycle(agent);
        }
        assertThat(trainer.calls).hasValue(1);
        assertThat(agent.tuning().orElseThrow().swapped()).isZero();
        assertThat(agent.agent().orElseThrow().model().orElseThrow().fingerprint()).isEqualTo(before);
    }

    @Test
    void theRealLearnerFineTunesACopyOfTheWeightsAndSwapsItIn() throws Exception {
        Registry r = new Registry();
        DqnModel start = TinyModels.preferring(HostAction.EVACUATE);
        double[] q = start.network().q(new double[HostFeatures.COUNT]);
        DqnAgentComponent c = start(r, evacuating(Map.of("onlineLearning", true, "fineTuneEvery", 4,
                "fineTuneBatch", 8, "fineTuneUpdates", 5, "rewardMigration", 2.5)), FineTuning.LEARNER);
        RegisteredDqnAgent agent = awaitRegistered(r, c);
        DqnModel loaded = agent.agent().orElseThrow().model().orElseThrow();
        for (int i = 0; i < 3; i++) {
            cycle(agent);
        }
        waitFor("a tuned model swapped in", () -> agent.tuning().orElseThrow().swapped() == 1);
        DqnModel tuned = agent.agent().orElseThrow().model().orElseThrow();
        assertThat(tuned.fingerprint()).isNotEqualTo(loaded.fingerprint());
        assertThat(tuned.provenance().reward().migration()).isEqualTo(2.5);
        assertThat(tuned.network().sizes()).containsExactly(loaded.network().sizes());
        // every outcome cost 2.5 and γ is the model's 0: the value of EVACUATE moved towards -2.5, by far more than
        // the float rounding of the copy into DL4J
        int evacuate = HostAction.EVACUATE.ordinal();
        assertThat(tuned.network().q(new double[HostFeatures.COUNT])[evacuate]).isLessThan(q[evacuate] - 1e-4);
        // a copy was trained: the loaded model is unchanged
        assertThat(loaded.network().q(new double[HostFeatures.COUNT])).containsExactly(q);
        assertThat(agent.decide(pool())).isNotNull();
        c.deactivate();
        assertThat(threadAlive()).isFalse();
    }
}
