package io.ferry.engine;

import io.ferry.api.MigrationPolicy;
import io.ferry.api.model.LinkSpec;
import io.ferry.api.spi.MigrationPolicyFactory;
import java.time.Duration;
import java.util.Map;
import java.util.ServiceLoader;

/** Scenario builders and the real policies for the engine's scenario tests. */
final class Scenarios {

    static final double GBIT = 1e9 / 8;
    static final long MIB = 1L << 20;
    static final long GIB = 1L << 30;
    static final Duration RTT = Duration.ofNanos(500_000);

    private Scenarios() {
    }

    static EngineScenario scenario(String name, long memory, double gbits, DirtyingModel dirtying) {
        return scenario(name, memory, gbits, dirtying, 1);
    }

    static EngineScenario scenario(String name, long memory, double gbits, DirtyingModel dirtying, int concurrent) {
        return new EngineScenario(name, memory, 4096, MIB, new LinkSpec(gbits * GBIT, RTT, 1), dirtying,
                Duration.ofMillis(300), concurrent);
    }

    static MigrationPolicy precopy() {
        return named("precopy");
    }

    static MigrationPolicy postcopy() {
        return named("postcopy");
    }

    static MigrationPolicy hybrid() {
        return named("hybrid");
    }

    /** @return the shipped policy of that name with its defaults, found by name as {@code ./ferry compare} finds it */
    static MigrationPolicy named(String name) {
        return ServiceLoader.load(MigrationPolicyFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no policy factory named " + name + " on the class path"))
                .create(Map.of());
    }

    static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
