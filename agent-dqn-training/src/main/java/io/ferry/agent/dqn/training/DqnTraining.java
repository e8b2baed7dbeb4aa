package io.ferry.agent.dqn.training;

import io.ferry.agent.dqn.Dl4jQNetworks;
import io.ferry.agent.dqn.DqnAgent;
import io.ferry.agent.dqn.DqnModel;
import io.ferry.agent.dqn.HostAction;
import io.ferry.agent.dqn.HostFeatures;
import io.ferry.agent.dqn.Provenance;
import io.ferry.agent.dqn.QNetwork;
import io.ferry.agent.dqn.RewardWeights;
import io.ferry.agent.dqn.rl.DqnLearner;
import io.ferry.agent.dqn.rl.EpsilonGreedy;
import io.ferry.agent.dqn.rl.EpsilonSchedule;
import io.ferry.agent.dqn.rl.GreedyPolicy;
import io.ferry.agent.dqn.rl.ReplayBuffer;
import io.ferry.agent.dqn.rl.Step;
import io.ferry.agent.dqn.rl.Transition;
import io.ferry.api.model.HostId;
import io.ferry.datacenter.DatacenterResult;
import io.ferry.datacenter.DatacenterSimulation;
import io.ferry.datacenter.DayMetrics;
import io.ferry.engine.SeededHash;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Trains the DQN agent in the data-centre engine. Episodes cycle over the training days (the order shuffled by the
 * seed, again after every pass), each on a window of its day ({@link DatacenterEnvironment#reset(int, long)}); every
 * interval each active host acts through {@link DqnAgent#decideRecorded} with an {@link EpsilonGreedy} policy over
 * the learner's current network, its transition (features, action, {@link HostRewards reward}, its features at the
 * next interval, or terminal when it went empty) goes into a {@link ReplayBuffer}, and once the buffer holds
 * {@link Config#warmup()} transitions the {@link DqnLearner} takes {@link Config#updatesPerInterval()} gradient steps
 * on minibatches of {@link Config#batchSize()}. Transitions of the window's last interval are not stored (the
 * window's end is a time limit, not a terminal state). After every {@link Config#validateEvery()} episodes, and
 * after the last, the greedy policy runs the whole validation day as {@code ./ferry datacenter} runs an agent
 * (seed 42). Which checkpoint is kept: ESV alone would prefer a network that never migrates (PDM 0, so ESV 0, at
 * six times the heuristics' energy), so the reference heuristics ({@link #REFERENCES}) run the validation day once
 * first, and a checkpoint is eligible when it migrates and its energy is at most {@value #ENERGY_SLACK} × the
 * lowest reference energy; the eligible checkpoint with the lowest ESV is kept, and until one is eligible the one
 * with the lowest energy. With no validation day the last network is kept.
 *
 * <p>Deterministic: the same days, configuration and seed give the same model (ND4J on one thread). Cost: per
 * interval the engine's O(hosts + VMs), one forward pass per active host and the updates (about a millisecond each
 * for 16-64-64-4 and 64 transitions); a 6-hour window of a PlanetLab day is 72 intervals of about 100 active hosts;
 * a validation day about 10 s. Not thread-safe.
 */
public final class DqnTraining {

    /** The seed of the validation runs: {@code ./ferry datacenter}'s default, so the figures compare. */
    public static final long VALIDATION_SEED = 42;
    /**
     * The reward weights training uses by default: {@link RewardWeights#DEFAULTS}, the same the agent's
     * {@code learn} and online fine-tuning use, so that fine-tuning continues the training's objective. Its cost per
     * migration (1.0, one host-interval at full power) was tuned on the validation day 20110322 only (seed 42, 24
     * episodes): with 0.05 the best checkpoint made 21 849 migrations at ESV 8.4e-3, with 0.3 12 883 at 5.6e-3,
     * with 1.0 3 469 at 1.3e-3 (thr-mmt-0.8 there: 28 902 at 6.2e-3); those runs used the agent core's executor
     * before evacuations could fill hosts that evacuate later (dqn-agent beaaa21), not re-tuned since. ESV
     * multiplies SLATAH and PDM, and under
     * CloudSim's accounting every migration adds to both, so the toll has to be of the order of a host's energy.
     */
    public static final RewardWeights DEFAULT_REWARD = RewardWeights.DEFAULTS;
    /** The heuristics run on the validation day to bound the checkpoints' energy. */
    public static final List<String> REFERENCES = List.of("thr-mmt-0.8", "lr-mmt-1.2");
    /** How far above the lowest reference energy an eligible checkpoint may be. */
    public static final double ENERGY_SLACK = 1.1;

    /**
     * The training's settings (every default documented in its constant).
     *
     * @param episodes           episodes, &gt;= 1
     * @param seed               the seed of everything: day order, windows, weights, exploration, replay draws
     * @param windowSeconds      an episode's window, default {@value #DEFAULT_WINDOW_SECONDS} (6 h)
     * @param updatesPerInterval gradient steps per interval, default {@value #DEFAULT_UPDATES_PER_INTERVAL}
     * @param batchSize          minibatch, default {@value #DEFAULT_BATCH_SIZE}
     * @param replayCapacity     replay buffer, default {@value #DEFAULT_REPLAY_CAPACITY}
     * @param warmup             transitions before the first update, default {@value #DEFAULT_WARMUP}
     * @param validateEvery      episodes between validation runs, default {@value #DEFAULT_VALIDATE_EVERY} (the
     *                           greedy network's behaviour swings between checkpoints, so it is looked at often)
     * @param epsilon            exploration by host decision
     * @param learner            the learner's hyper-parameters (its seed is derived from {@code seed})
     * @param reward             the reward weights
     */
    public record Config(int episodes, long seed, int windowSeconds, int updatesPerInterval, int batchSize,
            int replayCapacity, int warmup, int validateEvery, EpsilonSchedule epsilon, DqnLearner.Config learner,
            RewardWeights reward) {

        /** An episode's window by default: 6 hours (72 intervals). */
        public static final int DEFAULT_WINDOW_SECONDS = 6 * 3600;
        /** Gradient steps per interval by default. */
        public static final int DEFAULT_UPDATES_PER_INTERVAL = 4;
        /** Minibatch by default. */
        public static final int DEFAULT_BATCH_SIZE = 64;
        /** Replay capacity by default: about ten windows of experience. */
        public static final int DEFAULT_REPLAY_CAPACITY = 100_000;
        /** Transitions before the first update by default. */
        public static final int DEFAULT_WARMUP = 2_000;
        /** Episodes between validation runs by default. */
        public static final int DEFAULT_VALIDATE_EVERY = 2;
        /** Episodes by default. */
        public static final int DEFAULT_EPISODES = 30;

        public Config {
            if (episodes < 1) {
                throw new IllegalArgumentException("episodes = " + episodes + ": must be >= 1");
            }
            if (updatesPerInterval < 0 || batchSize < 1 || replayCapacity < 1 || warmup < 0 || validateEvery < 1) {
                throw new IllegalArgumentException("updates " + updatesPerInterval + ", batch " + batchSize
                        + ", replay " + replayCapacity + ", warmup " + warmup + ", validate every " + validateEvery
                        + ": must be >= 0, >= 1, >= 1, >= 0, >= 1");
            }
            Objects.requireNonNull(epsilon, "epsilon");
            Objects.requireNonNull(learner, "learner");
            Objects.requireNonNull(reward, "reward");
        }

        /**
         * @param episodes episodes
         * @param seed     the seed
         * @return the defaults: 6-hour windows, 4 updates of 64 per interval, replay 100 000 after 2 000, validation
         *         every 5 episodes, ε 1.0 to 0.05 over the first 40 % of the expected host decisions (about 7 000 a
         *         window), {@link DqnLearner.Config#defaults}, {@link #DEFAULT_REWARD}
         */
        public static Config defaults(int episodes, long seed) {
            long decay = Math.max(1, Math.round(0.4 * episodes * 7_000));
            return new Config(episodes, seed, DEFAULT_WINDOW_SECONDS, DEFAULT_UPDATES_PER_INTERVAL, DEFAULT_BATCH_SIZE,
                    DEFAULT_REPLAY_CAPACITY, DEFAULT_WARMUP, DEFAULT_VALIDATE_EVERY,
                    new EpsilonSchedule(EpsilonSchedule.DEFAULT_START, EpsilonSchedule.DEFAULT_END, decay),
                    DqnLearner.Config.defaults(SeededHash.hash(seed, LEARNER_STREAM, 0, 0)), DEFAULT_REWARD);
        }

        /** @return this configuration with another window */
        public Config withWindowSeconds(int seconds) {
            return new Config(episodes, seed, seconds, updatesPerInterval, batchSize, replayCapacity, warmup,
                    validateEvery, epsilon, learner, reward);
        }

        /** @return this configuration with validation every {@code n} episodes */
        public Config withValidateEvery(int n) {
            return new Config(episodes, seed, windowSeconds, updatesPerInterval, batchSize, replayCapacity, warmup, n,
                    epsilon, learner, reward);
        }

        /** @return this configuration with other reward weights */
        public Config withReward(RewardWeights weights) {
            return new Config(episodes, seed, windowSeconds, updatesPerInterval, batchSize, replayCapacity, warmup,
                    validateEvery, epsilon, learner, weights);
        }

        /** @return this configuration with another warm-up */
        public Config withWarmup(int transitions) {
            return new Config(episodes, seed, windowSeconds, updatesPerInterval, batchSize, replayCapacity,
                    transitions, validateEvery, epsilon, learner, reward);
        }
    }

    /**
     * One episode as it went.
     *
     * @param episode    1 for the first
     * @param window     the day and the window's start, e.g. {@code 20110306@4.5h}
     * @param reward     the sum of every host's reward over the episode
     * @param epsilon    ε after it
     * @param loss       the mean TD loss of its updates; NaN when none ran
     * @param updates    learner updates so far
     * @param transitions transitions stored so far
     * @param seconds    wall seconds since training started
     * @param validation the validation day's metrics when validated after it
     * @param best       whether that validation is the best so far (the kept checkpoint)
     */
    public record EpisodeReport(int episode, String window, double reward, double epsilon, double loss, long updates,
            long transitions, double seconds, Optional<DayMetrics> validation, boolean best) {
    }

    /**
     * What training produced.
     *
     * @param model      the kept checkpoint with its provenance
     * @param episodes   every episode's report
     * @param bestEpisode the episode after which the kept checkpoint was taken
     * @param seconds    wall seconds of the whole training
     * @param references the reference heuristics' validation days, by name; empty without a validation day
     */
    public record Result(DqnModel model, List<EpisodeReport> episodes, int bestEpisode, double seconds,
            Map<String, DayMetrics> references) {

        public Result {
            episodes = List.copyOf(episodes);
            references = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(references));
        }
    }

    static final long LEARNER_STREAM = 0x6c6561726eL;
    static final long POLICY_STREAM = 0x706f6c6963L;
    static final long REPLAY_STREAM = 0x7265706c61L;
    static final long ORDER_STREAM = 0x6f72646572L;
    static final long EPISODE_STREAM = 0x6570697364L;

    private final List<TrainingDay> days;
    private final Optional<TrainingDay> validationDay;
    private final Config config;
    private final String gitCommit;

    /**
     * @param days          the training days, at least one
     * @param validationDay the day checkpoints are chosen on; empty: the last network is kept
     * @param config        the settings
     * @param gitCommit     the source commit for the provenance, "" when unknown
     */
    public DqnTraining(List<TrainingDay> days, Optional<TrainingDay> validationDay, Config config, String gitCommit) {
        if (days.isEmpty()) {
            throw new IllegalArgumentException("no training day");
        }
        this.days = List.copyOf(days);
        this.validationDay = Objects.requireNonNull(validationDay, "validationDay");
        this.config = Objects.requireNonNull(config, "config");
        this.gitCommit = gitCommit == null ? "" : gitCommit;
    }

    /**
     * @param progress told each episode's report as it ends
     * @return the kept model and the reports
     */
    public Result run(Consumer<EpisodeReport> progress) {
        return run(progress, (name, m) -> { });
    }

    /**
     * @param progress   told each episode's report as it ends
     * @param references told each reference heuristic's validation day before training starts
     * @return the kept model and the reports
     */
    public Result run(Consumer<EpisodeReport> progress,
            java.util.function.BiConsumer<String, DayMetrics> references) {
        long started = System.nanoTime();
        Map<String, DayMetrics> referenceDays = new LinkedHashMap<>();
        double energyCap = Double.POSITIVE_INFINITY;
        if (validationDay.isPresent()) {
            io.ferry.datacenter.Candidates catalog = new io.ferry.datacenter.Candidates(
                    java.util.ServiceLoader.load(io.ferry.api.spi.MigrationAgentFactory.class).stream()
                            .map(java.util.ServiceLoader.Provider::get).toList());
            double lowest = Double.POSITIVE_INFINITY;
            for (String name : REFERENCES) {
                io.ferry.datacenter.DatacenterSetup setup = DatacenterEnvironment.setup(VALIDATION_SEED);
                io.ferry.datacenter.Candidate c = catalog.candidate(name, setup);
                DayMetrics m = DatacenterSimulation.run(setup, validationDay.get().workload(), c, k -> { }).day();
                c.closeAgent();
                referenceDays.put(name, m);
                references.accept(name, m);
                lowest = Math.min(lowest, m.energyKWh());
            }
            energyCap = ENERGY_SLACK * lowest;
        }
        DatacenterEnvironment env = new DatacenterEnvironment(days, config.reward(), config.windowSeconds());
        DqnLearner learner = new DqnLearner(HostFeatures.COUNT, HostAction.COUNT, config.learner());
        QNetwork[] current = {learner.snapshot()};
        EpsilonGreedy policy = new EpsilonGreedy(f -> GreedyPolicy.argmax(current[0].q(f)), HostAction.COUNT,
                config.epsilon(), new SplittableRandom(SeededHash.hash(config.seed(), POLICY_STREAM, 0, 0)));
        SplittableRandom replayRandom = new SplittableRandom(SeededHash.hash(config.seed(), REPLAY_STREAM, 0, 0));
        SplittableRandom orderRandom = new SplittableRandom(SeededHash.hash(config.seed(), ORDER_STREAM, 0, 0));
        ReplayBuffer replay = new ReplayBuffer(config.replayCapacity());
        DqnAgent agent = new DqnAgent(model(current[0], Map.of(), 0, 0), settings());
        int[] order = new int[0];
        List<EpisodeReport> reports = new ArrayList<>();
        QNetwork best = current[0];
        Map<String, Double> bestValidation = new LinkedHashMap<>();
        double bestEsv = Double.POSITIVE_INFINITY;
        double bestEnergy = Double.POSITIVE_INFINITY;
        boolean bestEligible = false;
        int bestEpisode = 0;
        for (int e = 0; e < config.episodes(); e++) {
            if (e % days.size() == 0) {
                order = shuffled(days.size(), orderRandom);
            }
            DatacenterEnvironment.Observation obs = env.reset(order[e % days.size()],
                    SeededHash.hash(config.seed(), EPISODE_STREAM, e, 0));
            double episodeReward = 0;
            double lossSum = 0;
            int lossCount = 0;
            DqnAgent.Cycle cycle = obs.context().map(c -> agent.decideRecorded(c, current[0], policy)).orElse(null);
            while (cycle != null) {
                Step<DatacenterEnvironment.Observation> step = env.step(cycle);
                double[] rewards = step.observation().rewards();
                episodeReward += step.reward();
                DqnAgent.Cycle next = step.done() ? null
                        : agent.decideRecorded(step.observation().context().orElseThrow(), current[0], policy);
                if (next != null) {
                    Map<HostId, double[]> nextFeatures = new HashMap<>();
                    for (DqnAgent.HostStep s : next.steps()) {
                        nextFeatures.put(s.host(), s.features());
                    }
                    List<DqnAgent.HostStep> steps = cycle.steps();
                    for (int i = 0; i < steps.size(); i++) {
                        DqnAgent.HostStep s = steps.get(i);
                        double[] f = nextFeatures.get(s.host());
                        replay.add(new Transition(s.features(), s.action(), rewards[i], f, f == null));
                    }
                    if (replay.size() >= Math.max(config.warmup(), 1)) {
                        for (int u = 0; u < config.updatesPerInterval(); u++) {
                            lossSum += learner.update(replay.sample(config.batchSize(), replayRandom));
                            lossCount++;
                        }
                        current[0] = learner.snapshot();
                    }
                }
                cycle = next;
            }
            env.finish();
            Optional<DayMetrics> validation = Optional.empty();
            boolean isBest = false;
            boolean last = e == config.episodes() - 1;
            if (validationDay.isPresent() && ((e + 1) % config.validateEvery() == 0 || last)) {
                DayMetrics m = validate(current[0], validationDay.get()).day();
                validation = Optional.of(m);
                boolean eligible = m.migrations() > 0 && m.energyKWh() <= energyCap;
                if (eligible ? !bestEligible || m.esv() < bestEsv : !bestEligible && m.energyKWh() < bestEnergy) {
                    bestEligible = eligible;
                    bestEsv = m.esv();
                    bestEnergy = m.energyKWh();
                    best = current[0];
                    bestEpisode = e + 1;
                    bestValidation = figures(m);
                    isBest = true;
                }
            } else if (validationDay.isEmpty() && last) {
                best = current[0];
                bestEpisode = e + 1;
            }
            EpisodeReport r = new EpisodeReport(e + 1, env.label(), episodeReward, policy.epsilon(),
                    lossCount == 0 ? Double.NaN : lossSum / lossCount, learner.updates(), replay.added(),
                    (System.nanoTime() - started) / 1e9, validation, isBest);
            reports.add(r);
            progress.accept(r);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Map<String, Double> validationFigures = new LinkedHashMap<>(bestValidation);
        if (!validationFigures.isEmpty()) {
            validationFigures.put("checkpointEpisode", (double) bestEpisode);
        }
        return new Result(model(best, validationFigures, config.episodes(), seconds), reports, bestEpisode, seconds,
                referenceDays);
    }

    /**
     * @param network the network to run greedily
     * @param day     the day
     * @return the day as {@code ./ferry datacenter --agents dqn} would run it with this network (seed 42, cloudsim)
     */
    public static DatacenterResult validate(QNetwork network, TrainingDay day) {
        DqnAgent greedy = new DqnAgent(new DqnModel(network, Provenance.builder().build()), settings());
        return DatacenterSimulation.run(DatacenterEnvironment.setup(VALIDATION_SEED), day.workload(),
                DatacenterEnvironment.candidate(DqnAgent.NAME, Optional.of(greedy)), k -> { });
    }

    /** The agent's settings in the engine: CloudSim's VMs hold no memory, so no memory check (as Candidates does). */
    static DqnAgent.Settings settings() {
        return new DqnAgent.Settings(false, 1, false, RewardWeights.DEFAULTS);
    }

    static Map<String, Double> figures(DayMetrics m) {
        Map<String, Double> f = new LinkedHashMap<>();
        f.put("energyKWh", m.energyKWh());
        f.put("migrations", (double) m.migrations());
        f.put("slatah", m.slatah());
        f.put("pdm", m.pdm());
        f.put("slav", m.slav());
        f.put("esv", m.esv());
        f.put("meanActiveHosts", m.meanActiveHosts());
        return f;
    }

    private DqnModel model(QNetwork network, Map<String, Double> validation, int episodes, double seconds) {
        Map<String, String> prints = new java.util.TreeMap<>();
        days.forEach(d -> prints.put(d.name(), d.fingerprint()));
        validationDay.ifPresent(d -> prints.put(d.name(), d.fingerprint()));
        DqnLearner.Config l = config.learner();
        Provenance p = Provenance.builder()
                .name(DqnAgent.NAME)
                .hidden(Arrays.stream(l.hidden()).boxed().toList())
                .reward(config.reward())
                .trainingDays(days.stream().map(TrainingDay::name).toList())
                .dataFingerprints(prints)
                .validationDay(validationDay.map(TrainingDay::name).orElse(""))
                .episodes(episodes)
                .seed(config.seed())
                .gamma(l.gamma())
                .epsilon(config.epsilon().start(), config.epsilon().end(), config.epsilon().decaySteps())
                .targetSync(l.targetSync())
                .doubleDqn(l.doubleDqn())
                .learningRate(l.learningRate())
                .batchSize(config.batchSize())
                .replayCapacity(config.replayCapacity())
                .validation(validation)
                .libraries(Dl4jQNetworks.libraryVersions())
                .gitCommit(gitCommit)
                .trainingSeconds(seconds)
                .build();
        return new DqnModel(network, p);
    }

    private static int[] shuffled(int n, SplittableRandom random) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }

    /**
     * Writes {@code dir/dqn.zip} (the model with its provenance), {@code dir/dqn.provenance.json} and
     * {@code dir/training.csv} (one row per episode: episode, window, reward, epsilon, loss, updates, transitions,
     * seconds, and the validation figures when validated).
     *
     * @param result what {@link #run} returned
     * @param dir    the directory, created when missing
     * @return the model file
     * @throws UncheckedIOException when a file cannot be written
     */
    public static Path write(Result result, Path dir) {
        try {
            Files.createDirectories(dir);
            Path model = dir.resolve("dqn.zip");
            result.model().save(model);
            Files.write(dir.resolve("dqn.provenance.json"), result.model().provenanceJson());
            StringBuilder csv = new StringBuilder(
                    "episode,window,reward,epsilon,loss,updates,transitions,seconds,val_energy_kwh,val_migrations,"
                            + "val_slatah,val_pdm,val_esv,best\n");
            for (EpisodeReport r : result.episodes()) {
                csv.append(String.format(Locale.ROOT, "%d,%s,%.6g,%.4f,%.6g,%d,%d,%.1f,", r.episode(), r.window(),
                        r.reward(), r.epsilon(), r.loss(), r.updates(), r.transitions(), r.seconds()));
                if (r.validation().isPresent()) {
                    DayMetrics m = r.validation().get();
                    csv.append(String.format(Locale.ROOT, "%.4f,%d,%.6g,%.6g,%.6g,%b%n", m.energyKWh(),
                            m.migrations(), m.slatah(), m.pdm(), m.esv(), r.best()));
                } else {
                    csv.append(",,,,,\n");
                }
            }
            Files.writeString(dir.resolve("training.csv"), csv, StandardCharsets.UTF_8);
            return model;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
