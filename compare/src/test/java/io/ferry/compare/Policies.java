package io.ferry.compare;

import io.ferry.api.MigrationPolicy;
import io.ferry.api.MigrationSteering;
import io.ferry.api.model.Capability;
import io.ferry.api.model.MigrationPlan;
import io.ferry.api.model.MigrationRequest;
import io.ferry.api.spi.MigrationPolicyFactory;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

/** The real policies with default configurations, and a policy that cannot plan. */
final class Policies {

    private Policies() {
    }

    static List<MigrationPolicy> all() {
        return List.of(named("precopy"), named("postcopy"), named("hybrid"));
    }

    /** @return the shipped policy of that name with its defaults, found by name as {@code ./ferry compare} finds it */
    static MigrationPolicy named(String name) {
        return ServiceLoader.load(MigrationPolicyFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no policy factory named " + name + " on the class path"))
                .create(Map.of());
    }

    /** Pre-copy's steering under another name, with a {@code plan} that always fails. */
    static MigrationPolicy unplannable() {
        MigrationPolicy precopy = named("precopy");
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
