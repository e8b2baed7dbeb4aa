package io.ferry.xen.internal;

import io.ferry.api.HypervisorAdapter;
import io.ferry.api.spi.HypervisorAdapterFactory;
import io.ferry.api.spi.PluginFactory;
import io.ferry.policy.support.MetatypePluginFactory;
import org.osgi.service.component.annotations.Component;

/**
 * Builds a XenServer pool by name, from a map of settings whose keys, types and defaults are those of
 * {@link XenAdapterConfiguration} (read from the metatype bnd generates from it, so there is one source of truth). Published as an
 * OSGi service and listed in {@code META-INF/services} for {@link java.util.ServiceLoader}, so that the command
 * line, the benchmarks and the testbeds find it without importing this package.
 *
 * <p>Cost: the metatype is parsed once, on first use; {@link #create} costs the plugin's own construction.
 */
@Component(service = HypervisorAdapterFactory.class, property = PluginFactory.NAME_PROPERTY + "=" + XenHypervisorAdapter.KIND)
public final class XenAdapterFactory extends MetatypePluginFactory<HypervisorAdapter> implements HypervisorAdapterFactory {

    /** Required by {@link java.util.ServiceLoader} and Declarative Services. */
    public XenAdapterFactory() {
        super(XenHypervisorAdapter.KIND, XenAdapterConfiguration.class, XenHypervisorAdapter::new);
    }
}
