package io.ferry.benchmarks;

import io.ferry.api.HypervisorAdapter;
import io.ferry.api.MigrationAgent;
import io.ferry.api.MigrationPolicy;
import io.ferry.api.spi.HypervisorAdapterFactory;
import io.ferry.api.spi.MigrationAgentFactory;
import io.ferry.api.spi.MigrationPolicyFactory;
import io.ferry.api.spi.PluginFactory;
import io.ferry.datacenter.Candidate;
import io.ferry.datacenter.Candidates;
import io.ferry.datacenter.DatacenterSetup;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * The plugins the benchmarks run, found by name through {@link ServiceLoader} as the command line finds them
 * (every factory listed in a jar's {@code META-INF/services}), so that no benchmark names a plugin's class: the
 * policies, the threshold agent, the built-in simulated pool and the XenServer adapter are all built from a map of
 * settings, missing keys taking their defaults; the data-centre candidates are named by {@link Candidates}, the
 * rules {@code ./ferry datacenter} names them by. Cost: one scan of the class path's service entries per lookup,
 * outside every measured section.
 */
final class Plugins {

    private Plugins() {
    }

    /** @return a new policy {@code name} with {@code settings} */
    static MigrationPolicy policy(String name, Map<String, ?> settings) {
        return find(MigrationPolicyFactory.class, name).create(settings);
    }

    /** @return a new agent {@code name} with {@code settings} */
    static MigrationAgent agent(String name, Map<String, ?> settings) {
        return find(MigrationAgentFactory.class, name).create(settings);
    }

    /**
     * @param name  {@code npa}, {@code dvfs}, an agent factory's name or {@code NAME-NUMBER}, as {@link Candidates}
     *              reads it
     * @param setup the run it is for (its seed, memory accounting and double moves set the agent's settings)
     * @return the candidate, with a new agent instance
     * @throws IllegalArgumentException for a name no factory on the class path answers to
     */
    static Candidate candidate(String name, DatacenterSetup setup) {
        return new Candidates(ServiceLoader.load(MigrationAgentFactory.class).stream()
                .map(ServiceLoader.Provider::get).toList()).candidate(name, setup);
    }

    /** @return a new, started pool of adapter kind {@code kind} ({@code simulator}, {@code xenserver}, …) */
    static OpenPool pool(String kind, Map<String, ?> settings) {
        return new OpenPool(find(HypervisorAdapterFactory.class, kind).create(settings));
    }

    private static <F extends PluginFactory<?>> F find(Class<F> type, String name) {
        return ServiceLoader.load(type).stream().map(ServiceLoader.Provider::get).filter(f -> f.name().equals(name))
                .findFirst().orElseThrow(() -> new IllegalStateException(type.getSimpleName() + " \"" + name
                        + "\" is not on the class path (found: " + ServiceLoader.load(type).stream()
                                .map(p -> p.get().name()).collect(Collectors.joining(", ")) + ")"));
    }

    /**
     * A pool the caller opened and closes: its adapter, closed with it when the adapter is {@link AutoCloseable}
     * (the simulated pool stops its threads, the XenServer adapter logs out).
     *
     * @param adapter the pool's adapter
     */
    record OpenPool(HypervisorAdapter adapter) implements AutoCloseable {

        @Override
        public void close() {
            if (adapter instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException("closing pool " + adapter.pool() + ": " + e, e);
                }
            }
        }
    }
}
