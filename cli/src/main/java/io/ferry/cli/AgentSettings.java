package io.ferry.cli;

import io.ferry.api.MigrationAgent;
import io.ferry.api.spi.MigrationAgentFactory;
import io.ferry.api.spi.SettingDescription;
import io.ferry.datacenter.Candidates;
import io.ferry.datacenter.ConfiguredAgentFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code --agent-setting NAME.KEY=VALUE} values of {@code ferry datacenter}: settings given to every candidate
 * built from agent {@code NAME} ({@code dqn.modelFile=/path/dqn.zip}), so that an operator can run a retrained
 * model beside the shipped one. {@code NAME} is a factory's name or {@code FACTORY@LABEL}, a second copy of that
 * factory under its own label, so one run can hold the same agent twice with different settings ({@code --agents
 * dqn,dqn@s43 --agent-setting dqn@s43.modelFile=seed-43/dqn.zip}).
 *
 * <p>What is checked, each refusal one line: the word's form; that {@code NAME}'s factory exists and that
 * {@code --agents} names it (a setting for an agent that does not run is a typo); that {@code KEY} is one of the
 * factory's settings and not one the run fixes ({@value Candidates#SEED}, {@value Candidates#CHECK_MEMORY},
 * {@value Candidates#DECIDE_EVERY_MOVE}, {@value Candidates#PARAMETER} given as {@code NAME-NUMBER},
 * {@value Candidates#PREDICTOR}); that the value converts to the setting's type within its declared range; and
 * finally that the factory accepts the whole set (one agent is built and closed, so a model file that is missing or
 * does not fit is refused here, naming the option). Cost: one {@code create} per configured agent name.
 */
final class AgentSettings {

    /** The separator between a factory's name and a label in {@code FACTORY@LABEL}. */
    static final String LABEL_SEPARATOR = "@";

    private static final Pattern WORD = Pattern.compile("([^.=\\s]+)\\.([^=\\s]+)=(.*)");
    private static final Pattern LABELLED = Pattern.compile("([^@\\s]+)@([A-Za-z0-9_]+)");
    private static final Pattern WITH_PARAMETER = Pattern.compile("(.+)-((?:\\d+(?:\\.\\d*)?|\\.\\d+))");
    private static final Set<String> FIXED_BY_RUN = Set.of(Candidates.SEED, Candidates.CHECK_MEMORY,
            Candidates.DECIDE_EVERY_MOVE, Candidates.PARAMETER, Candidates.PREDICTOR);
    private static final String FORM = "must be NAME.KEY=VALUE, e.g. dqn.modelFile=/path/dqn.zip";

    /** Settings by the agent name they apply to ({@code dqn}, {@code dqn@s43}), in the order given. */
    private final Map<String, Map<String, String>> byAgent;
    /** Every name in {@code --agents} of the form {@code FACTORY@LABEL}, and the settings' such names. */
    private final Map<String, MigrationAgentFactory> labelled;

    private AgentSettings(Map<String, Map<String, String>> byAgent, Map<String, MigrationAgentFactory> labelled) {
        this.byAgent = byAgent;
        this.labelled = labelled;
    }

    /** No settings and no labels: the catalog as it is. */
    static final AgentSettings NONE = new AgentSettings(Map.of(), Map.of());

    /**
     * @param words     the {@code --agent-setting} values as typed (none: no settings)
     * @param agents    the {@code --agents} names as typed, stripped
     * @param factories the agent factories the catalog has
     * @return the checked settings
     * @throws UsageException with one line for any word or label that cannot be used
     */
    static AgentSettings parse(List<String> words, List<String> agents, List<MigrationAgentFactory> factories) {
        Map<String, MigrationAgentFactory> byName = new LinkedHashMap<>();
        factories.forEach(f -> byName.putIfAbsent(f.name(), f));
        Map<String, MigrationAgentFactory> labelled = new LinkedHashMap<>();
        for (String agent : agents) {
            String name = agentName(agent);
            Matcher l = LABELLED.matcher(name);
            if (name.contains(LABEL_SEPARATOR)) {
                if (!l.matches()) {
                    throw new UsageException("--agents = " + agent + ": a label must be FACTORY@LABEL with LABEL of "
                            + "letters, digits and _, e.g. dqn@s43");
                }
                MigrationAgentFactory f = byName.get(l.group(1));
                if (f == null) {
                    throw new UsageException("--agents = " + agent + ": unknown agent \"" + l.group(1)
                            + "\" before " + LABEL_SEPARATOR + "; known agents are " + String.join(", ",
                                    byName.keySet()));
                }
                labelled.putIfAbsent(name, f);
            }
        }
        Map<String, Map<String, String>> byAgent = new LinkedHashMap<>();
        for (String typed : words == null ? List.<String>of() : words) {
            String word = typed.strip();
            String at = "--agent-setting = " + typed + ": ";
            Matcher m = WORD.matcher(word);
            if (!m.matches()) {
                throw new UsageException(at + FORM);
            }
            String agent = m.group(1);
            String key = m.group(2);
            String value = m.group(3).strip();
            Matcher l = LABELLED.matcher(agent);
            String factoryName = l.matches() ? l.group(1) : agent;
            MigrationAgentFactory factory = byName.get(factoryName);
            if (factory == null || (agent.contains(LABEL_SEPARATOR) && !l.matches())) {
                throw new UsageException(at + "unknown agent \"" + agent + "\"; agents are " + String.join(", ",
                        byName.keySet()) + " (or FACTORY@LABEL, as named in --agents)");
            }
            if (agents.stream().noneMatch(a -> agentName(a).equals(agent))) {
                throw new UsageException(at + "--agents names no agent " + agent + " (--agents = "
                        + String.join(",", agents) + ")");
            }
            SettingDescription setting = factory.settings().stream().filter(s -> s.key().equals(key)).findFirst()
                    .orElseThrow(() -> new UsageException(at + "agent " + factoryName + " has no setting \"" + key
                            + "\"; its settings are " + String.join(", ", factory.settings().stream()
                                    .map(SettingDescription::key).filter(k -> !FIXED_BY_RUN.contains(k)).toList())));
            if (FIXED_BY_RUN.contains(key)) {
                throw new UsageException(at + key + " is set by the run, not per agent" + switch (key) {
                    case Candidates.SEED -> " (--seed)";
                    case Candidates.PARAMETER -> " (name the agent NAME-NUMBER, e.g. lr-mmt-1.2)";
                    case Candidates.PREDICTOR -> " (name the agent PREDICTOR-SELECTOR, e.g. lstm-mmt)";
                    default -> " (it follows the migration model's accounting)";
                });
            }
            String problem = valueProblem(setting, value);
            if (problem != null) {
                throw new UsageException(at + key + " = " + value + ": " + problem);
            }
            if (byAgent.computeIfAbsent(agent, a -> new LinkedHashMap<>()).put(key, value) != null) {
                throw new UsageException(at + agent + "." + key + " is given twice");
            }
            if (l.matches()) {
                labelled.putIfAbsent(agent, factory);
            }
        }
        // the factory's own check of the whole set: one agent built and closed
        for (Map.Entry<String, Map<String, String>> e : byAgent.entrySet()) {
            String agent = e.getKey();
            MigrationAgentFactory factory = labelled.getOrDefault(agent, byName.get(agent));
            try {
                close(factory.create(Map.copyOf(e.getValue())));
            } catch (IllegalArgumentException refused) {
                throw new UsageException("--agent-setting " + agent + ": " + refused.getMessage(), refused);
            }
        }
        return new AgentSettings(byAgent, labelled);
    }

    /** @return the agent a name in {@code --agents} is built from: {@code lr-mmt@b-1.2} is {@code lr-mmt@b} */
    private static String agentName(String typed) {
        Matcher p = WITH_PARAMETER.matcher(typed);
        return p.matches() ? p.group(1) : typed;
    }

    private static String valueProblem(SettingDescription s, String value) {
        String type = s.type().toLowerCase(Locale.ROOT);
        try {
            switch (type) {
                case "boolean" -> {
                    if (!value.equals("true") && !value.equals("false")) {
                        return "must be true or false";
                    }
                    return null;
                }
                case "integer", "long", "short", "byte" -> {
                    long v = Long.parseLong(value);
                    return range(s, v, type.equals("integer") ? "a whole number" : "a whole number");
                }
                case "double", "float" -> {
                    double v = Double.parseDouble(value);
                    if (!Double.isFinite(v)) {
                        return "must be a finite number";
                    }
                    return range(s, v, "a number");
                }
                default -> {
                    return null;
                }
            }
        } catch (NumberFormatException e) {
            return "must be " + (type.equals("double") || type.equals("float") ? "a number" : "a whole number");
        }
    }

    private static String range(SettingDescription s, double v, String what) {
        Optional<Double> min = s.min().map(Double::parseDouble);
        Optional<Double> max = s.max().map(Double::parseDouble);
        if (min.isPresent() && v < min.get() || max.isPresent() && v > max.get()) {
            return "must be " + what + (min.isPresent() ? " >= " + s.min().get() : "")
                    + (min.isPresent() && max.isPresent() ? " and" : "") + (max.isPresent() ? " <= " + s.max().get()
                            : "");
        }
        return null;
    }

    private static void close(MigrationAgent agent) {
        if (agent instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                // a probe agent that fails to close has decided nothing; the run builds its own
            }
        }
    }

    /**
     * @param factories the catalog's factories
     * @return the factories the run names candidates by: every {@code FACTORY@LABEL} as its own factory, then each
     *         configured factory in place of the plain one, then the rest
     */
    List<MigrationAgentFactory> apply(List<MigrationAgentFactory> factories) {
        List<MigrationAgentFactory> out = new ArrayList<>();
        labelled.forEach((name, f) -> out.add(new ConfiguredAgentFactory(name, f, byAgent.getOrDefault(name, Map.of()))));
        for (MigrationAgentFactory f : factories) {
            Map<String, String> s = byAgent.get(f.name());
            out.add(s == null ? f : new ConfiguredAgentFactory(f.name(), f, s));
        }
        return out;
    }

    /** @return the settings as typed, {@code NAME.KEY=VALUE}, for the report's parameters; empty when none */
    List<String> words() {
        List<String> out = new ArrayList<>();
        byAgent.forEach((agent, s) -> s.forEach((k, v) -> out.add(agent + "." + k + "=" + v)));
        return out;
    }
}
