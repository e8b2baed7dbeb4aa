package io.ferry.policy.hybrid.internal;

import io.ferry.api.MigrationPolicy;
import io.ferry.api.spi.MigrationPolicyFactory;
import io.ferry.api.spi.PluginFactory;
import io.ferry.policy.support.MetatypePluginFactory;
import org.osgi.service.component.annotations.Component;

/**
 * Builds the hybrid policy by name, from a map of settings whose keys, types and defaults are those of
 * {@link HybridConfiguration} (read from the metatype bnd generates from it, so there is one source of truth). Published as an
 * OSGi service and listed in {@code META-INF/services} for {@link java.util.ServiceLoader}, so that the command
 * line, the benchmarks and the testbeds find it without importing this package.
 *
 * <p>Cost: the metatype is parsed once, on first use; {@link #create} costs the plugin's own construction.
 */
@Component(service = MigrationPolicyFactory.class, property = PluginFactory.NAME_PROPERTY + "=" + HybridMigrationPolicy.NAME)
public final class HybridPolicyFactory extends MetatypePluginFactory<MigrationPolicy> implements MigrationPolicyFactory {

    /** Required by {@link java.util.ServiceLoader} and Declarative Services. */
    public HybridPolicyFactory() {
        super(HybridMigrationPolicy.NAME, HybridConfiguration.class, HybridMigrationPolicy::new);
    }
}
