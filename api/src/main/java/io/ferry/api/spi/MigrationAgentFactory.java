package io.ferry.api.spi;

import io.ferry.api.MigrationAgent;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Builds a migration agent (which VM moves, where and when) by name. Published as an OSGi service of this type with the service property
 * {@value io.ferry.api.spi.PluginFactory#NAME_PROPERTY} equal to {@link #name()}, and listed in
 * {@code META-INF/services/io.ferry.api.spi.MigrationAgentFactory} for {@link java.util.ServiceLoader}.
 */
@ConsumerType
public interface MigrationAgentFactory extends PluginFactory<MigrationAgent> {
}
