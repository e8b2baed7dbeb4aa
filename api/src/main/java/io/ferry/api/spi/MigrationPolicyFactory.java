package io.ferry.api.spi;

import io.ferry.api.MigrationPolicy;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Builds a migration policy (how one VM's memory moves) by name. Published as an OSGi service of this type with the service property
 * {@value io.ferry.api.spi.PluginFactory#NAME_PROPERTY} equal to {@link #name()}, and listed in
 * {@code META-INF/services/io.ferry.api.spi.MigrationPolicyFactory} for {@link java.util.ServiceLoader}.
 */
@ConsumerType
public interface MigrationPolicyFactory extends PluginFactory<MigrationPolicy> {
}
