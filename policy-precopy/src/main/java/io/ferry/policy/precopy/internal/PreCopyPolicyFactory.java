package io.ferry.policy.precopy.internal;

import io.ferry.api.MigrationPolicy;
import io.ferry.api.spi.MigrationPolicyFactory;
import io.ferry.api.spi.PluginFactory;
import io.ferry.policy.support.MetatypePluginFactory;
import org.osgi.service.component.annotations.Component;

/**
 * Builds the pre-copy policy by name, from a map of settings whose keys, types and defaults are those of
 * {@link PreCopyConfiguration} (read from the metatype bnd generates from it, so there is one source of truth). Published as an
 * OSGi service and listed in {@code META-INF/services} for {@link java.util.ServiceLoader}, so that the command
 * line, the benchmarks and the testbeds find it without importing this package.
 *
 * <p>Cost: the metatype is parsed once, on first use; {@link #create} costs the plugin's own construction.
 */
@Component(service = MigrationPolicyFactory.class, property = PluginFactory.NAME_PROPERTY + "=" + PreCopyMigrationPolicy.NAME)
public final class PreCopyPolicyFactory extends MetatypePluginFactory<MigrationPolicy> implements MigrationPolicyFactory {

    /** Required by {@link java.util.ServiceLoader} and Declarative Services. */
    public PreCopyPolicyFactory() {
        super(PreCopyMigrationPolicy.NAME, PreCopyConfiguration.class, PreCopyMigrationPolicy::new);
    }
}
