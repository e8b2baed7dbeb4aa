package io.ferry.benchmarks;

import io.ferry.api.MigrationAgent;
import io.ferry.api.spi.MigrationAgentFactory;
import io.ferry.datacenter.Candidate;
import io.ferry.datacenter.CloudSimMigrationModel;
import io.ferry.datacenter.DatacenterSetup;
import io.ferry.datacenter.DatacenterWorkload;
import io.ferry.datacenter.DatacenterWorkloads;
import io.ferry.datacenter.MigrationModel;
import io.ferry.datacenter.Placement;
import io.ferry.datacenter.PowerAccounting;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the data-centre benchmarks run: a PlanetLab directory as a workload, CloudSim's migration model, and
 * candidates by the names {@code ./ferry datacenter} takes. The naming rules are those of the command line's
 * {@code io.ferry.datacenter.Candidates}: {@code npa} (no agent, every host at full power, first fit), {@code dvfs}
 * (no agent, power by utilisation, first fit), a factory's name ({@code threshold}) with its defaults, or
 * {@code NAME-NUMBER} ({@code lr-mmt-1.2}) for factory {@code NAME} with {@code parameter = NUMBER}; agents are
 * counted by utilisation and placed by PABFD at their own threshold when static ({@code thr-}), at CloudSim's
 * adaptive fallback 0.7 otherwise; a factory with a {@code seed} setting gets the run's seed, one with a
 * {@code checkMemory} setting checks memory unless the run's migrated VMs hold none
 * ({@link DatacenterSetup#migratedVmsHoldNoMemory()}, CloudSim's accounting), and one with a
 * {@code decideEveryMove} setting decides every move of a round when the run executes double moves
 * ({@link DatacenterSetup#doubleMoves()}, as CloudSim starts every entry of its migration map). Cost: a scan of the class path's
 * agent factories per candidate, outside every measured section.
 */
final class DatacenterCandidates {

    private static final Pattern WITH_PARAMETER = Pattern.compile("(.+)-(\\d+(?:\\.\\d*)?|\\.\\d+)");
    private static final double ADAPTIVE_FALLBACK = 0.7;

    private DatacenterCandidates() {
    }

    /** @return the PlanetLab day in {@code dir} */
    static DatacenterWorkload workload(Path dir) {
        return DatacenterWorkloads.planetLab(dir);
    }

    /** @return CloudSim 3.0.3's migration model */
    static MigrationModel cloudSimModel() {
        return CloudSimMigrationModel.INSTANCE;
    }

    /**
     * @param name  {@code npa}, {@code dvfs}, a factory's name or {@code NAME-NUMBER}
     * @param setup the run it is for (its seed and memory accounting)
     * @return the candidate, with a new agent instance
     * @throws IllegalArgumentException for a name no factory answers to
     */
    static Candidate candidate(String name, DatacenterSetup setup) {
        if (name.equals("npa")) {
            return new Candidate(name, Optional.empty(), PowerAccounting.MAXIMUM_ALWAYS, Placement.FIRST_FIT);
        }
        if (name.equals("dvfs")) {
            return new Candidate(name, Optional.empty(), PowerAccounting.BY_UTILISATION, Placement.FIRST_FIT);
        }
        Optional<MigrationAgentFactory> exact = factory(name);
        String factoryName = name;
        Optional<String> parameter = Optional.empty();
        if (exact.isEmpty()) {
            Matcher m = WITH_PARAMETER.matcher(name);
            if (!m.matches() || factory(m.group(1)).isEmpty()) {
                throw new IllegalArgumentException("agents = " + name + ": no MigrationAgentFactory of that name (or "
                        + "NAME-NUMBER) is on the class path");
            }
            factoryName = m.group(1);
            parameter = Optional.of(m.group(2));
        }
        MigrationAgentFactory factory = factory(factoryName).orElseThrow();
        Map<String, Object> settings = new HashMap<>();
        parameter.ifPresent(p -> settings.put("parameter", p));
        if (factory.settings().stream().anyMatch(s -> s.key().equals("seed"))) {
            settings.put("seed", Long.toString(setup.seed()));
        }
        if (factory.settings().stream().anyMatch(s -> s.key().equals("checkMemory"))) {
            settings.put("checkMemory", Boolean.toString(!setup.migratedVmsHoldNoMemory()));
        }
        if (factory.settings().stream().anyMatch(s -> s.key().equals("decideEveryMove"))) {
            settings.put("decideEveryMove", Boolean.toString(setup.doubleMoves()));
        }
        MigrationAgent agent = factory.create(settings);
        double threshold = ADAPTIVE_FALLBACK;
        if (factoryName.startsWith("thr-")) {
            threshold = Double.parseDouble(parameter.orElseGet(() -> factory.settings().stream()
                    .filter(s -> s.key().equals("parameter")).findFirst().orElseThrow().defaultValue()));
        }
        return new Candidate(name, Optional.of(agent), PowerAccounting.BY_UTILISATION, Placement.pabfd(threshold));
    }

    private static Optional<MigrationAgentFactory> factory(String name) {
        return ServiceLoader.load(MigrationAgentFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(f -> f.name().equals(name)).findFirst();
    }
}
