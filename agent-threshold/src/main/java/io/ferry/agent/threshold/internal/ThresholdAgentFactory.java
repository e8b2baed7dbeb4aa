package io.ferry.agent.threshold.internal;

import io.ferry.api.MigrationAgent;
import io.ferry.api.spi.MigrationAgentFactory;
import io.ferry.api.spi.PluginFactory;
import io.ferry.policy.support.MetatypePluginFactory;
import org.osgi.service.component.annotations.Component;

/**
 * Builds the threshold agent by name, from a map of settings whose keys, types and defaults are those of
 * {@link ThresholdConfiguration} (read from the metatype bnd generates from it, so there is one source of truth). Published as an
 * OSGi service and listed in {@code META-INF/services} for {@link java.util.ServiceLoader}, so that the command
 * line, the benchmarks and the testbeds find it without importing this package.
 *
 * <p>Cost: the metatype is parsed once, on first use; {@link #create} costs the plugin's own construction.
 */
@Component(service = MigrationAgentFactory.class, property = PluginFactory.NAME_PROPERTY + "=" + ThresholdAgent.NAME)
public final class ThresholdAgentFactory extends MetatypePluginFactory<MigrationAgent> implements MigrationAgentFactory {

    /** Required by {@link java.util.ServiceLoader} and Declarative Services. */
    public ThresholdAgentFactory() {
        super(ThresholdAgent.NAME, ThresholdConfiguration.class, ThresholdAgent::new);
    }
}
