package io.ferry.agent.dqn;

import io.ferry.api.MigrationAgent;
import io.ferry.api.spi.MigrationAgentFactory;
import io.ferry.api.spi.SettingDescription;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the {@value DqnAgent#NAME} agent from settings: {@value #MODEL_FILE} (a model file written by the DQN
 * trainer; empty = the model shipped in this jar, {@value ShippedModel#RESOURCE}), {@value #CHECK_MEMORY} (default
 * true), {@value #REPLAY_CAPACITY} (default {@value DqnAgent.Settings#DEFAULT_REPLAY_CAPACITY}) and
 * {@value #FORECASTS} (default false). Listed in {@code META-INF/services} for {@link java.util.ServiceLoader}.
 *
 * <p>A named model file that is missing, corrupt or does not fit is refused at {@link #create} with one line
 * ({@code modelFile = X: ...}). When the shipped model is missing or broken, {@code create} still returns an agent,
 * whose every {@code decide} throws that one line, so that listings and comparisons show why it cannot decide.
 * Cost: reading a model file (a few ms) per {@code create}; the shipped model is read once per JVM.
 */
public final class DqnAgentFactory implements MigrationAgentFactory {

    /** The setting naming a model file. */
    public static final String MODEL_FILE = "modelFile";
    /** The setting deciding whether targets need the VM's memory free. */
    public static final String CHECK_MEMORY = "checkMemory";
    /** The setting sizing the replay buffer. */
    public static final String REPLAY_CAPACITY = "replayCapacity";
    /** The setting deciding whether features read the context's CPU forecasts. */
    public static final String FORECASTS = "forecasts";

    /** Required by {@link java.util.ServiceLoader}. */
    public DqnAgentFactory() {
    }

    @Override
    public String name() {
        return DqnAgent.NAME;
    }

    @Override
    public String description() {
        return "deep Q-network (DL4J-trained, plain-Java inference): one shared network scores KEEP, OFFLOAD,"
                + " EVACUATE or EVACUATE_TIGHT for each active host";
    }

    @Override
    public List<SettingDescription> settings() {
        return List.of(
                new SettingDescription(MODEL_FILE, "String", "",
                        "a DQN model file (dqn.zip) written by the trainer; empty = the model shipped in the jar",
                        Optional.empty(), Optional.empty()),
                new SettingDescription(CHECK_MEMORY, "Boolean", "true",
                        "whether a migration target needs the VM's memory free (false reproduces CloudSim)",
                        Optional.empty(), Optional.empty()),
                new SettingDescription(REPLAY_CAPACITY, "Integer",
                        Integer.toString(DqnAgent.Settings.DEFAULT_REPLAY_CAPACITY),
                        "transitions the replay buffer keeps for online fine-tuning, >= 1",
                        Optional.of("1"), Optional.empty()),
                new SettingDescription(FORECASTS, "Boolean", "false",
                        "whether features read the pool's CPU predictor instead of extrapolating the history",
                        Optional.empty(), Optional.empty()));
    }

    /**
     * @throws IllegalArgumentException {@code key = value: ...} for a value that does not convert or is out of range,
     *                                  or a named model file that cannot be used
     */
    @Override
    public MigrationAgent create(Map<String, ?> settings) {
        boolean checkMemory = bool(settings, CHECK_MEMORY, true);
        boolean forecasts = bool(settings, FORECASTS, false);
        int capacity = integer(settings, REPLAY_CAPACITY, DqnAgent.Settings.DEFAULT_REPLAY_CAPACITY);
        if (capacity < 1) {
            throw new IllegalArgumentException(REPLAY_CAPACITY + " = " + capacity + ": must be >= 1");
        }
        DqnAgent.Settings s = new DqnAgent.Settings(checkMemory, capacity, forecasts, RewardWeights.DEFAULTS);
        Object file = settings.get(MODEL_FILE);
        String path = file == null ? "" : file.toString().trim();
        if (path.isEmpty()) {
            try {
                return new DqnAgent(ShippedModel.get(), s);
            } catch (ModelFileException e) {
                return DqnAgent.withoutModel(e, s);
            }
        }
        try {
            return new DqnAgent(DqnModel.load(Path.of(path)), s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(MODEL_FILE + " = " + path + ": " + e.getMessage(), e);
        }
    }

    private static boolean bool(Map<String, ?> settings, String key, boolean dflt) {
        Object v = settings.get(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        String t = v.toString().trim().toLowerCase(Locale.ROOT);
        if (t.equals("true") || t.equals("false")) {
            return Boolean.parseBoolean(t);
        }
        throw new IllegalArgumentException(key + " = " + v + ": must be true or false");
    }

    private static int integer(Map<String, ?> settings, String key, int dflt) {
        Object v = settings.get(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Integer i) {
            return i;
        }
        try {
            return Integer.parseInt(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " = " + v + ": must be a whole number", e);
        }
    }
}
