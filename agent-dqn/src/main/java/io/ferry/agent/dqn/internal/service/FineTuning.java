package io.ferry.agent.dqn.internal.service;

import io.ferry.agent.dqn.DqnAgent;
import io.ferry.agent.dqn.DqnModel;
import io.ferry.agent.dqn.Provenance;
import io.ferry.agent.dqn.QNetwork;
import io.ferry.agent.dqn.RewardWeights;
import io.ferry.agent.dqn.rl.DqnLearner;
import io.ferry.agent.dqn.rl.ReplayBuffer;
import io.ferry.agent.dqn.rl.Transition;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Online fine-tuning of a live {@link DqnAgent}: every {@link Settings#every()} new transitions in its replay
 * buffer (the real outcomes {@code learn} records, and those the {@code ExperienceSink} adds from the stream: both
 * are {@link ReplayBuffer#added()}), one run on the given executor trains a copy of the weights
 * deciding now and swaps the result in with {@link DqnAgent#replaceModel} when it is done. The calling thread only
 * compares two counters and, when a run is due and none is running, hands one task to the executor: a decision
 * never waits for training. At most one run at a time; transitions that arrive during a run count towards the next.
 * A run that fails leaves the model as it was and is logged in one line; {@link #close} stops new runs, and a run
 * interrupted (the executor shut down) swaps nothing in.
 *
 * <p>Cost per run, with the default {@link Trainer}: the DL4J copy of the network, then {@link Settings#updates()}
 * Double DQN updates of {@link Settings#batch()} transitions (about a millisecond each for 16-64-64-4 and 64 on one
 * core), then the copy back: a few tens of milliseconds once ND4J is loaded (the first run loads it, about a
 * second). Thread-safe.
 */
final class FineTuning {

    private static final Logger LOG = LoggerFactory.getLogger(FineTuning.class);

    /**
     * What fine-tuning does with the configuration.
     *
     * @param enabled whether runs happen at all
     * @param every   new transitions between runs, &gt;= 1
     * @param batch   transitions per update, &gt;= 1
     * @param updates updates per run, &gt;= 1
     * @param seed    run n samples with {@code seed + n}
     * @param reward  the reward weights, written into the tuned model's provenance
     */
    record Settings(boolean enabled, int every, int batch, int updates, long seed, RewardWeights reward) {

        Settings {
            atLeastOne("fineTuneEvery", every);
            atLeastOne("fineTuneBatch", batch);
            atLeastOne("fineTuneUpdates", updates);
            Objects.requireNonNull(reward, "reward");
        }

        private static void atLeastOne(String key, int v) {
            if (v < 1) {
                throw new IllegalArgumentException(key + " = " + v + ": must be >= 1");
            }
        }
    }

    /** Trains a model on what the replay buffer holds; the default is {@link #LEARNER}. */
    @FunctionalInterface
    interface Trainer {
        /**
         * @param current the model deciding now (never changed)
         * @param replay  the agent's replay buffer (sample it; it keeps filling meanwhile)
         * @param run     the run's number, from 1
         * @param s       the settings
         * @return the tuned model
         * @throws InterruptedException when the thread is interrupted: the run is abandoned
         */
        DqnModel train(DqnModel current, ReplayBuffer replay, long run, Settings s) throws InterruptedException;
    }

    /**
     * Double DQN updates with {@link DqnLearner}, warm-started from the current weights, with the hyper-parameters
     * the model's provenance gives (γ, Adam's rate, target sync, Double DQN; the learner's defaults where it gives
     * none) and a fresh Adam state; the tuned model keeps the provenance but for its creation time (a new version),
     * its reward weights (the configured ones) and its validation figures (dropped: they were the old weights').
     */
    static final Trainer LEARNER = (current, replay, run, s) -> {
        Provenance p = current.provenance();
        QNetwork start = current.network();
        int[] sizes = start.sizes();
        int[] hidden = Arrays.copyOfRange(sizes, 1, sizes.length - 1);
        DqnLearner.Config config = new DqnLearner.Config(hidden,
                p.gamma() >= 0 && p.gamma() < 1 ? p.gamma() : DqnLearner.Config.DEFAULT_GAMMA,
                p.learningRate() > 0 && Double.isFinite(p.learningRate()) ? p.learningRate()
                        : DqnLearner.Config.DEFAULT_LEARNING_RATE,
                p.targetSync() >= 1 ? p.targetSync() : DqnLearner.Config.DEFAULT_TARGET_SYNC, p.doubleDqn(),
                s.seed() + run);
        DqnLearner learner = new DqnLearner(start, config);
        SplittableRandom random = new SplittableRandom(s.seed() + run);
        for (int i = 0; i < s.updates(); i++) {
            if (Thread.interrupted()) {
                throw new InterruptedException("fine-tuning run " + run + " interrupted");
            }
            List<Transition> batch = replay.sample(s.batch(), random);
            learner.update(batch);
        }
        Provenance tuned = p.toBuilder().reward(s.reward()).validation(Map.of())
                .createdAt(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString()).build();
        return new DqnModel(learner.snapshot(), tuned);
    };

    private final DqnAgent agent;
    private final Executor executor;
    private final Settings settings;
    private final Trainer trainer;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong startedAt = new AtomicLong();
    private final AtomicLong runs = new AtomicLong();
    private final AtomicLong swapped = new AtomicLong();

    /**
     * @param agent    the agent whose replay buffer is read and whose model is replaced
     * @param executor where runs go (the component's own single thread)
     * @param settings the settings
     * @param trainer  what a run does
     */
    FineTuning(DqnAgent agent, Executor executor, Settings settings, Trainer trainer) {
        this.agent = Objects.requireNonNull(agent, "agent");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.trainer = Objects.requireNonNull(trainer, "trainer");
    }

    /**
     * Starts a run on the executor when one is due and none is running; returns at once either way (called after
     * each decision, on the controller's cycle thread, and after each transition the experience sink adds, on the
     * stream's thread).
     *
     * @return whether a run was handed to the executor
     */
    boolean maybeStart() {
        if (!settings.enabled() || closed.get() || agent.model().isEmpty()) {
            return false;
        }
        long added = agent.replayBuffer().added();
        if (added - startedAt.get() < settings.every() || !running.compareAndSet(false, true)) {
            return false;
        }
        startedAt.set(added);
        long run = runs.incrementAndGet();
        try {
            executor.execute(() -> run(run));
            return true;
        } catch (RejectedExecutionException e) {
            running.set(false); // shutting down
            return false;
        }
    }

    private void run(long run) {
        try {
            DqnModel current = agent.model().orElseThrow();
            DqnModel tuned = trainer.train(current, agent.replayBuffer(), run, settings);
            if (closed.get() || Thread.currentThread().isInterrupted()) {
                return;
            }
            agent.replaceModel(tuned);
            swapped.incrementAndGet();
            LOG.info("dqn: fine-tuning run {} ({} updates of {} from {} transitions) swapped in {} (was {})", run,
                    settings.updates(), settings.batch(), agent.replayBuffer().size(), tuned.fingerprint(),
                    current.fingerprint());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("dqn: fine-tuning run {} failed, the model deciding is unchanged: {}", run,
                    DqnAgentComponent.oneLine(e));
        } finally {
            running.set(false);
        }
    }

    /** No run starts after this; one in progress swaps nothing in. */
    void close() {
        closed.set(true);
    }

    /** @return runs handed to the executor so far */
    long runs() {
        return runs.get();
    }

    /** @return runs whose weights were swapped in */
    long swapped() {
        return swapped.get();
    }

    /** @return whether a run is in progress (or queued) */
    boolean running() {
        return running.get();
    }
}
