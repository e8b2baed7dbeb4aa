package io.ferry.compare;

import io.ferry.api.MigrationPolicy;
import io.ferry.api.MigrationSteering;
import io.ferry.api.model.Capability;
import io.ferry.api.model.MigrationPlan;
import io.ferry.api.model.MigrationRequest;
import io.ferry.policy.hybrid.internal.HybridMigrationPolicy;
import io.ferry.policy.postcopy.internal.PostCopyMigrationPolicy;
import io.ferry.policy.precopy.internal.PreCopyMigrationPolicy;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The real policies with default configurations, and a policy that cannot plan. */
final class Policies {

    private Policies() {
    }

    static List<MigrationPolicy> all() {
        return List.of(new PreCopyMigrationPolicy(Map.of()), new PostCopyMigrationPolicy(Map.of()),
                new HybridMigrationPolicy(Map.of(), null));
    }

    /** Pre-copy's steering under another name, with a {@code plan} that always fails. */
    static MigrationPolicy unplannable() {
        MigrationPolicy precopy = new PreCopyMigrationPolicy(Map.of());
        return new MigrationPolicy() {
            @Override
            public String name() {
                return "unplannable";
            }

            @Override
            public Set<Capability> requiredCapabilities() {
                return precopy.requiredCapabilities();
            }

            @Override
            public MigrationPlan plan(MigrationRequest request) {
                throw new IllegalArgumentException("no model for this VM");
            }

            @Override
            public MigrationSteering steer(MigrationRequest request, Set<Capability> available) {
                return precopy.steer(request, available);
            }
        };
    }
}
