package io.ferry.engine;

import io.ferry.api.MigrationPolicy;
import io.ferry.api.model.LinkSpec;
import io.ferry.policy.hybrid.internal.HybridMigrationPolicy;
import io.ferry.policy.postcopy.internal.PostCopyMigrationPolicy;
import io.ferry.policy.precopy.internal.PreCopyMigrationPolicy;
import java.time.Duration;
import java.util.Map;

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
        return new PreCopyMigrationPolicy(Map.of());
    }

    static MigrationPolicy postcopy() {
        return new PostCopyMigrationPolicy(Map.of());
    }

    static MigrationPolicy hybrid() {
        return new HybridMigrationPolicy(Map.of(), null);
    }

    static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
