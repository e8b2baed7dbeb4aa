package io.ferry.datacenter;

import io.ferry.api.MigrationAgent;
import io.ferry.api.spi.MigrationAgentFactory;
import io.ferry.api.spi.SettingDescription;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the names operators type ({@code npa}, {@code dvfs}, {@code lr-mmt-1.2}, {@code threshold}) into
 * {@link Candidate}s, the same way for {@code ./ferry datacenter} (factories found by {@code ServiceLoader}) and
 * for the shell's {@code migration:compare --datacenter} (factories found as OSGi services).
 *
 * <p>The rules, in order:
 * <ol>
 * <li>{@value #NPA}: no agent, {@link PowerAccounting#MAXIMUM_ALWAYS}, {@link Placement#FIRST_FIT} (CloudSim's
 * non-power-aware reference); {@value #DVFS}: no agent, {@link PowerAccounting#BY_UTILISATION}, first fit
 * (CloudSim's DVFS-only reference).</li>
 * <li>A factory's exact name ({@code threshold}, {@code lr-mmt}): that factory with its defaults.</li>
 * <li>{@code NAME-NUMBER} where {@code NAME} is a factory's name and the factory has a
 * {@value #PARAMETER} setting: that factory with {@code parameter = NUMBER} ({@code lr-mmt-1.2}).</li>
 * <li>{@code PREDICTOR-SELECTOR} or {@code PREDICTOR-SELECTOR-NUMBER} where a factory named
 * {@value #FORECAST_PREFIX}{@code SELECTOR} has a {@value #PREDICTOR} setting: that factory with
 * {@code predictor = PREDICTOR} (and {@code parameter = NUMBER}): {@code lstm-mmt}, {@code local-regression-mmt},
 * {@code ewma-mc-1.1}. The factory builds the predictor and refuses one that is not installed, naming those that
 * are.</li>
 * </ol>
 * Every agent candidate is counted {@link PowerAccounting#BY_UTILISATION} and placed at the start of the day by
 * {@link Placement#pabfd PABFD} with the threshold CloudSim 3.0.3 places with: the static threshold itself for a
 * static-threshold agent (a factory name starting {@value #STATIC_THRESHOLD_PREFIX}, threshold = its
 * {@value #PARAMETER}), and the adaptive policies' fallback {@value #FALLBACK_PLACEMENT_THRESHOLD} for every
 * other agent. The run fixes two settings where a factory has them: {@value #SEED} (random VM selection) gets the
 * run's seed, so that one seed fixes the whole run; {@value #CHECK_MEMORY} follows the engine's memory accounting,
 * false when {@link DatacenterSetup#migratedVmsHoldNoMemory() migrated VMs hold no memory} (CloudSim 3.0.3's VMs ask
 * for 0 MB once running, so memory never limits its consolidation, and an agent that checked it would consolidate
 * far less than the literature's), true when VMs hold their RAM wherever they run; {@value #DECIDE_EVERY_MOVE}
 * follows {@link DatacenterSetup#doubleMoves()} (CloudSim starts every entry of its migration map, a VM moved twice
 * in one round included; a physical run refuses the second move, so an agent decides one move per VM).
 *
 * <p>Each call of {@link #candidate} builds a new agent instance: candidates run side by side never share one.
 * Cost: one factory {@code create} per candidate, plus a scan of the factory's settings. Immutable; safe to share.
 */
public final class Candidates {

    /** The non-power-aware reference: every host at full power, no agent. */
    public static final String NPA = "npa";
    /** The DVFS-only reference: power by utilisation, no agent. */
    public static final String DVFS = "dvfs";
    /** The setting that {@code NAME-NUMBER} sets: a detector's threshold or safety parameter. */
    public static final String PARAMETER = "parameter";
    /** The setting that receives the run's seed, when a factory has one. */
    public static final String SEED = "seed";
    /** The setting that says whether an agent's placement needs a target's memory free; set from the run. */
    public static final String CHECK_MEMORY = "checkMemory";
    /** The setting that says whether an agent decides every move of a round (a VM moved twice); set from the run. */
    public static final String DECIDE_EVERY_MOVE = "decideEveryMove";
    /** The factory-name prefix of static-threshold agents, which place VMs with their own threshold. */
    public static final String STATIC_THRESHOLD_PREFIX = "thr-";
    /** PABFD's threshold for every agent that is not a static-threshold one: CloudSim's adaptive fallback. */
    public static final double FALLBACK_PLACEMENT_THRESHOLD = 0.7;

    /** The factory-name prefix of the agents driven by a predictor ({@code forecast-mmt}). */
    public static final String FORECAST_PREFIX = "forecast-";
    /** The setting of a forecast agent that names its predictor. */
    public static final String PREDICTOR = "predictor";

    private static final Pattern WITH_PREDICTOR = Pattern.compile(
            "(.+)-([a-z]+)(?:-((?:\\d+(?:\\.\\d*)?|\\.\\d+)))?");
    private static final Pattern WITH_PARAMETER = Pattern.compile("(.+)-((?:\\d+(?:\\.\\d*)?|\\.\\d+))");

    private final Map<String, MigrationAgentFactory> factories;
    private final List<String> predictors;

    /**
     * @param factories the agent factories that can be named; when two have the same name, the first wins
     */
    public Candidates(Collection<? extends MigrationAgentFactory> factories) {
        this(factories, List.of());
    }

    /**
     * @param factories  the agent factories that can be named; when two have the same name, the first wins
     * @param predictors the names of the predictors installed beside them, for {@link #names()} (a forecast agent
     *                   resolves its predictor itself, listed or not)
     */
    public Candidates(Collection<? extends MigrationAgentFactory> factories, Collection<String> predictors) {
        Map<String, MigrationAgentFactory> byName = new TreeMap<>();
        for (MigrationAgentFactory f : factories) {
            byName.putIfAbsent(f.name(), f);
        }
        this.factories = byName;
        this.predictors = predictors.stream().distinct().sorted().toList();
    }

    /**
     * @return the names {@link #candidate} accepts as they are: {@value #NPA}, {@value #DVFS}, the factories' names
     *         but the forecast agents', sorted, then {@code PREDICTOR-SELECTOR} for every forecast agent and
     *         installed predictor ({@code ewma-mmt}, {@code lstm-mmt}, …)
     */
    public List<String> names() {
        List<String> names = new ArrayList<>(List.of(NPA, DVFS));
        List<String> forecast = new ArrayList<>();
        for (MigrationAgentFactory f : factories.values()) {
            if (isForecast(f)) {
                String selector = f.name().substring(FORECAST_PREFIX.length());
                predictors.forEach(p -> forecast.add(p + "-" + selector));
            } else {
                names.add(f.name());
            }
        }
        names.addAll(forecast);
        return names;
    }

    private static boolean isForecast(MigrationAgentFactory f) {
        return f.name().startsWith(FORECAST_PREFIX) && setting(f, PREDICTOR).isPresent();
    }

    /**
     * @param name  a candidate's name as typed
     * @param setup the run the candidate runs in: its seed, memory accounting and double moves set the agent's
     *              {@value #SEED}, {@value #CHECK_MEMORY} and {@value #DECIDE_EVERY_MOVE} settings when the factory
     *              has them
     * @return the candidate, labelled {@code name}, with a new agent instance
     * @throws IllegalArgumentException with one line: an unknown name (listing the known ones), a factory without
     *                                  a {@value #PARAMETER} setting given a number, or the factory's own refusal
     *                                  of the value
     */
    public Candidate candidate(String name, DatacenterSetup setup) {
        String typed = name == null ? "" : name.strip();
        if (typed.equals(NPA)) {
            return new Candidate(NPA, Optional.empty(), PowerAccounting.MAXIMUM_ALWAYS, Placement.FIRST_FIT);
        }
        if (typed.equals(DVFS)) {
            return new Candidate(DVFS, Optional.empty(), PowerAccounting.BY_UTILISATION, Placement.FIRST_FIT);
        }
        MigrationAgentFactory exact = factories.get(typed);
        if (exact != null) {
            return agent(typed, exact, Optional.empty(), setup);
        }
        Matcher m = WITH_PARAMETER.matcher(typed);
        if (m.matches() && factories.containsKey(m.group(1))) {
            MigrationAgentFactory factory = factories.get(m.group(1));
            if (setting(factory, PARAMETER).isEmpty()) {
                throw new IllegalArgumentException("agent \"" + typed + "\": agent " + factory.name() + " has no "
                        + PARAMETER + " setting to give " + m.group(2) + "; name it " + factory.name());
            }
            return agent(typed, factory, Optional.of(m.group(2)), setup);
        }
        Matcher f = WITH_PREDICTOR.matcher(typed);
        if (f.matches() && factories.containsKey(FORECAST_PREFIX + f.group(2))
                && isForecast(factories.get(FORECAST_PREFIX + f.group(2)))) {
            return agent(typed, factories.get(FORECAST_PREFIX + f.group(2)), Optional.ofNullable(f.group(3)),
                    Map.of(PREDICTOR, f.group(1)), setup);
        }
        List<String> forecast = factories.values().stream().filter(Candidates::isForecast)
                .map(x -> x.name().substring(FORECAST_PREFIX.length())).toList();
        throw new IllegalArgumentException("unknown agent \"" + typed + "\": known agents are "
                + String.join(", ", names()) + " (a name, or NAME-NUMBER to set its " + PARAMETER
                + ", e.g. lr-mmt-1.2" + (forecast.isEmpty() ? "" : ", or PREDICTOR-SELECTOR for a selector among "
                + String.join(", ", forecast) + ", e.g. local-regression-mmt") + ")");
    }

    private static Candidate agent(String label, MigrationAgentFactory factory, Optional<String> parameter,
            DatacenterSetup setup) {
        return agent(label, factory, parameter, Map.of(), setup);
    }

    private static Candidate agent(String label, MigrationAgentFactory factory, Optional<String> parameter,
            Map<String, String> fixed, DatacenterSetup setup) {
        Map<String, Object> settings = new HashMap<>(fixed);
        parameter.ifPresent(p -> settings.put(PARAMETER, p));
        if (setting(factory, SEED).isPresent()) {
            settings.put(SEED, Long.toString(setup.seed()));
        }
        if (setting(factory, CHECK_MEMORY).isPresent()) {
            settings.put(CHECK_MEMORY, Boolean.toString(!setup.migratedVmsHoldNoMemory()));
        }
        if (setting(factory, DECIDE_EVERY_MOVE).isPresent()) {
            settings.put(DECIDE_EVERY_MOVE, Boolean.toString(setup.doubleMoves()));
        }
        MigrationAgent agent;
        try {
            agent = factory.create(settings);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("agent \"" + label + "\": " + e.getMessage(), e);
        }
        return new Candidate(label, Optional.of(agent), PowerAccounting.BY_UTILISATION,
                Placement.pabfd(placementThreshold(label, factory, parameter)));
    }

    private static double placementThreshold(String label, MigrationAgentFactory factory,
            Optional<String> parameter) {
        if (!factory.name().startsWith(STATIC_THRESHOLD_PREFIX)) {
            return FALLBACK_PLACEMENT_THRESHOLD;
        }
        String value = parameter.or(() -> setting(factory, PARAMETER).map(SettingDescription::defaultValue))
                .orElseThrow(() -> new IllegalArgumentException("agent \"" + label + "\": a static-threshold agent"
                        + " needs a " + PARAMETER + " setting (its threshold) to place VMs with"));
        double threshold;
        try {
            threshold = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("agent \"" + label + "\": " + PARAMETER + " = " + value
                    + ": must be a number", e);
        }
        if (!(threshold > 0 && threshold <= 1)) {
            throw new IllegalArgumentException("agent \"" + label + "\": " + PARAMETER + " = " + value
                    + ": must be in (0, 1] to place VMs with it");
        }
        return threshold;
    }

    private static Optional<SettingDescription> setting(MigrationAgentFactory factory, String key) {
        return factory.settings().stream().filter(s -> s.key().equals(key)).findFirst();
    }
}
