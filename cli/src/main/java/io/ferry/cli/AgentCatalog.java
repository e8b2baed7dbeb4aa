package io.ferry.cli;

import io.ferry.api.spi.MigrationAgentFactory;
import io.ferry.api.spi.PredictorFactory;
import io.ferry.datacenter.Candidates;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The migration agents the command line can run outside OSGi: every {@link MigrationAgentFactory} that
 * {@link ServiceLoader} finds on the class path (Ferry's threshold and consolidation agents, and any vendor's jar
 * in {@code FERRY_CLASSPATH} that lists its factory in
 * {@code META-INF/services/io.ferry.api.spi.MigrationAgentFactory}), as {@link PolicyCatalog} finds policies,
 * and the names of the {@link PredictorFactory}s beside them, which name the forecast agents ({@code lstm-mmt}). The
 * names resolve through {@link Candidates}, the rules the shell uses too. A provider that cannot be loaded is
 * skipped and reported in {@link #problems()}. Cost: one class-path scan of the {@code META-INF/services} entries.
 */
final class AgentCatalog {

    private final List<MigrationAgentFactory> factories;
    private final List<String> predictorNames;
    private final Candidates candidates;
    private final List<String> problems;

    private AgentCatalog(List<MigrationAgentFactory> factories, List<String> predictorNames, List<String> problems) {
        this.factories = List.copyOf(factories);
        this.predictorNames = List.copyOf(predictorNames);
        this.candidates = new Candidates(this.factories, this.predictorNames);
        this.problems = List.copyOf(problems);
    }

    /** @return the agents the thread's context class loader finds */
    static AgentCatalog standard() {
        return discover(ServiceLoader.load(MigrationAgentFactory.class), ServiceLoader.load(PredictorFactory.class));
    }

    /** @return the catalog of {@code loader}'s factories (the first of two with one name wins), no predictors */
    static AgentCatalog discover(Iterable<MigrationAgentFactory> loader) {
        return discover(loader, List.of());
    }

    /**
     * @param predictors the predictor factories beside them, whose names make the forecast agents' names
     *                   ({@code lstm-mmt}); one that cannot be loaded is skipped and reported
     * @return the catalog of {@code loader}'s factories (the first of two with one name wins)
     */
    static AgentCatalog discover(Iterable<MigrationAgentFactory> loader, Iterable<PredictorFactory> predictors) {
        List<String> predictorNames = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        Iterator<PredictorFactory> p = predictors.iterator();
        while (true) {
            try {
                if (!p.hasNext()) {
                    break;
                }
                predictorNames.add(p.next().name());
            } catch (ServiceConfigurationError e) {
                skipped.add("a predictor on the class path was skipped: " + e.getMessage());
            }
        }
        List<MigrationAgentFactory> factories = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Iterator<MigrationAgentFactory> it = loader.iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                factories.add(it.next());
            } catch (ServiceConfigurationError e) {
                problems.add("an agent on the class path was skipped: " + e.getMessage());
            }
        }
        problems.addAll(skipped);
        return new AgentCatalog(factories, predictorNames, problems);
    }

    /** @return the agent factories found, in the order found */
    List<MigrationAgentFactory> factories() {
        return factories;
    }

    /**
     * @param settings checked {@code --agent-setting} values ({@link AgentSettings#parse})
     * @return this catalog with each configured factory building its agents with those settings, and every
     *         {@code FACTORY@LABEL} named as its own agent; the problems stay
     */
    AgentCatalog withSettings(AgentSettings settings) {
        return new AgentCatalog(settings.apply(factories), predictorNames, problems);
    }

    /** @return the name resolution over these factories */
    Candidates candidates() {
        return candidates;
    }

    /** @return one line per agent provider that was skipped, for stderr */
    List<String> problems() {
        return problems;
    }
}
