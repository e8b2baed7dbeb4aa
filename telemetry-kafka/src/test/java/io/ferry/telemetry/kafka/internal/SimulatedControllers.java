package io.ferry.telemetry.kafka.internal;

import io.ferry.api.HypervisorAdapter;
import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.MetricWindow;
import io.ferry.api.spi.HypervisorAdapterFactory;
import io.ferry.api.spi.MigrationAgentFactory;
import io.ferry.api.spi.MigrationPolicyFactory;
import io.ferry.api.spi.PluginFactory;
import io.ferry.controller.TelemetryListener;
import io.ferry.controller.embedded.EmbeddedController;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real controller (embedded, cycles run by the test) over the built-in simulated pool, with the pre-copy policy
 * and the threshold agent, found through their factories as the command line finds them.
 */
final class SimulatedControllers implements AutoCloseable {

    /** What a listener was told in one cycle. */
    record Told(ClusterSnapshot snapshot, List<MetricWindow> windows, Instant readAt) {
    }

    final EmbeddedController controller;
    final HypervisorAdapter pool;
    /** Everything the controller handed its listeners, in order. */
    final List<Told> told = new CopyOnWriteArrayList<>();

    SimulatedControllers(Path audit, String poolName, int hosts, int vms) {
        controller = new EmbeddedController(audit, false);
        controller.addPolicy(find(MigrationPolicyFactory.class, "precopy").create(Map.of()));
        controller.addAgent(find(MigrationAgentFactory.class, "threshold").create(Map.of()));
        controller.configure(poolName, Map.of("policy", "precopy", "agent", "threshold"));
        pool = find(HypervisorAdapterFactory.class, "simulator").create(Map.of("pool.name", poolName, "hosts", hosts,
                "vms", vms, "seed", 42));
        controller.addAdapter(pool);
        controller.addTelemetryListener(new TelemetryListener() {
            @Override
            public void cycleRead(ClusterSnapshot snapshot, List<MetricWindow> windows, Instant readAt) {
                told.add(new Told(snapshot, windows, readAt));
            }
        });
    }

    private static <F extends PluginFactory<?>> F find(Class<F> type, String name) {
        return ServiceLoader.load(type).stream().map(ServiceLoader.Provider::get).filter(f -> f.name().equals(name))
                .findFirst().orElseThrow(() -> new IllegalStateException(type.getSimpleName() + " " + name));
    }

    @Override
    public void close() throws Exception {
        controller.close();
        if (pool instanceof AutoCloseable c) {
            c.close();
        }
    }
}
