package io.ferry.agent.dqn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Where a DQN model came from, written beside its weights as {@code provenance.json}: enough to retrain it (state
 * and action layout, network shape, reward weights, training days and their fingerprints, seed, every RL
 * hyper-parameter, library versions, commit) and to judge it (the validation day and the metrics there). Build one
 * with {@link #builder()}; the trainer fills what it knows.
 *
 * @param name               the model's name, e.g. {@code dqn}
 * @param features           the feature names in input order ({@link HostFeatures#NAMES} when trained)
 * @param actions            the action names in output order ({@link HostAction#NAMES} when trained)
 * @param hidden             hidden layer widths
 * @param reward             the reward weights trained with
 * @param trainingDays       the workload days trained on, e.g. {@code 20110303}
 * @param dataFingerprints   per training or validation day, the fingerprint of its files
 * @param validationDay      the day model selection looked at; empty when none
 * @param episodes           episodes trained
 * @param seed               the seed of every random choice
 * @param gamma              the discount factor
 * @param epsilonStart       exploration at the start
 * @param epsilonEnd         exploration at the end
 * @param epsilonDecaySteps  decisions over which exploration decays linearly
 * @param targetSync         learner updates between target-network synchronisations
 * @param doubleDqn          whether the target is Double DQN's (online argmax, target value)
 * @param learningRate       Adam's learning rate
 * @param batchSize          replay batch size
 * @param replayCapacity     replay buffer capacity while training
 * @param validation         final metrics on the validation day (energy kWh, migrations, SLATAH, PDM, SLAV, ESV, …)
 * @param libraries          library versions: DL4J, ND4J, JavaCPP, Java
 * @param gitCommit          the source commit, empty when unknown
 * @param trainingSeconds    wall-clock seconds of training
 * @param createdAt          when the model was written, ISO-8601 UTC: its version
 */
public record Provenance(String name, List<String> features, List<String> actions, List<Integer> hidden,
        RewardWeights reward, List<String> trainingDays, Map<String, String> dataFingerprints, String validationDay,
        int episodes, long seed, double gamma, double epsilonStart, double epsilonEnd, long epsilonDecaySteps,
        int targetSync, boolean doubleDqn, double learningRate, int batchSize, int replayCapacity,
        Map<String, Double> validation, Map<String, String> libraries, String gitCommit, double trainingSeconds,
        String createdAt) {

    public Provenance {
        Objects.requireNonNull(name, "name");
        features = List.copyOf(features);
        actions = List.copyOf(actions);
        hidden = List.copyOf(hidden);
        Objects.requireNonNull(reward, "reward");
        trainingDays = List.copyOf(trainingDays);
        dataFingerprints = java.util.Collections.unmodifiableMap(new TreeMap<>(dataFingerprints));
        validationDay = validationDay == null ? "" : validationDay;
        validation = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(validation));
        libraries = java.util.Collections.unmodifiableMap(new TreeMap<>(libraries));
        gitCommit = gitCommit == null ? "" : gitCommit;
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** @return a builder with this agent's features and actions and neutral values elsewhere */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this provenance's values, to change some */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.name = name;
        b.features = new ArrayList<>(features);
        b.actions = new ArrayList<>(actions);
        b.hidden = new ArrayList<>(hidden);
        b.reward = reward;
        b.trainingDays = new ArrayList<>(trainingDays);
        b.dataFingerprints = new TreeMap<>(dataFingerprints);
        b.validationDay = validationDay;
        b.episodes = episodes;
        b.seed = seed;
        b.gamma = gamma;
        b.epsilonStart = epsilonStart;
        b.epsilonEnd = epsilonEnd;
        b.epsilonDecaySteps = epsilonDecaySteps;
        b.targetSync = targetSync;
        b.doubleDqn = doubleDqn;
        b.learningRate = learningRate;
        b.batchSize = batchSize;
        b.replayCapacity = replayCapacity;
        b.validation = new LinkedHashMap<>(validation);
        b.libraries = new TreeMap<>(libraries);
        b.gitCommit = gitCommit;
        b.trainingSeconds = trainingSeconds;
        b.createdAt = createdAt;
        return b;
    }

    /** Fills a {@link Provenance} field by field; not thread-safe, used once by a trainer. */
    public static final class Builder {
        private String name = "dqn";
        private List<String> features = new ArrayList<>(HostFeatures.NAMES);
        private List<String> actions = new ArrayList<>(HostAction.NAMES);
        private List<Integer> hidden = new ArrayList<>();
        private RewardWeights reward = RewardWeights.DEFAULTS;
        private List<String> trainingDays = new ArrayList<>();
        private Map<String, String> dataFingerprints = new TreeMap<>();
        private String validationDay = "";
        private int episodes;
        private long seed;
        private double gamma;
        private double epsilonStart;
        private double epsilonEnd;
        private long epsilonDecaySteps;
        private int targetSync;
        private boolean doubleDqn;
        private double learningRate;
        private int batchSize;
        private int replayCapacity;
        private Map<String, Double> validation = new LinkedHashMap<>();
        private Map<String, String> libraries = new TreeMap<>();
        private String gitCommit = "";
        private double trainingSeconds;
        private String createdAt = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                .toString();

        private Builder() {
        }

        public Builder name(String v) { name = v; return this; }
        public Builder features(List<String> v) { features = new ArrayList<>(v); return this; }
        public Builder actions(List<String> v) { actions = new ArrayList<>(v); return this; }
        public Builder hidden(List<Integer> v) { hidden = new ArrayList<>(v); return this; }
        public Builder reward(RewardWeights v) { reward = v; return this; }
        public Builder trainingDays(List<String> v) { trainingDays = new ArrayList<>(v); return this; }
        public Builder dataFingerprints(Map<String, String> v) { dataFingerprints = new TreeMap<>(v); return this; }
        public Builder validationDay(String v) { validationDay = v; return this; }
        public Builder episodes(int v) { episodes = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder gamma(double v) { gamma = v; return this; }
        public Builder epsilon(double start, double end, long decaySteps) {
            epsilonStart = start;
            epsilonEnd = end;
            epsilonDecaySteps = decaySteps;
            return this;
        }
        public Builder targetSync(int v) { targetSync = v; return this; }
        public Builder doubleDqn(boolean v) { doubleDqn = v; return this; }
        public Builder learningRate(double v) { learningRate = v; return this; }
        public Builder batchSize(int v) { batchSize = v; return this; }
        public Builder replayCapacity(int v) { replayCapacity = v; return this; }
        public Builder validation(Map<String, Double> v) { validation = new LinkedHashMap<>(v); return this; }
        public Builder libraries(Map<String, String> v) { libraries = new TreeMap<>(v); return this; }
        public Builder gitCommit(String v) { gitCommit = v; return this; }
        public Builder trainingSeconds(double v) { trainingSeconds = v; return this; }
        public Builder createdAt(String v) { createdAt = v; return this; }

        /** @return the provenance */
        public Provenance build() {
            return new Provenance(name, features, actions, hidden, reward, trainingDays, dataFingerprints,
                    validationDay, episodes, seed, gamma, epsilonStart, epsilonEnd, epsilonDecaySteps, targetSync,
                    doubleDqn, learningRate, batchSize, replayCapacity, validation, libraries, gitCommit,
                    trainingSeconds, createdAt);
        }
    }
}
