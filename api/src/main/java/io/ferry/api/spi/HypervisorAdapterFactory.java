package io.ferry.api.spi;

import io.ferry.api.HypervisorAdapter;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Builds a hypervisor adapter by kind: one connection to one pool, named by its {@code pool.name} setting; the
 * caller closes it. {@link #name()} is the adapter's {@code kind()}. Published as an OSGi service of this type
 * with the service property
 * {@value io.ferry.api.spi.PluginFactory#NAME_PROPERTY} equal to {@link #name()}, and listed in
 * {@code META-INF/services/io.ferry.api.spi.HypervisorAdapterFactory} for {@link java.util.ServiceLoader}.
 */
@ConsumerType
public interface HypervisorAdapterFactory extends PluginFactory<HypervisorAdapter> {
}
