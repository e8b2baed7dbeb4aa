package io.ferry.xen.internal;

import io.ferry.api.HypervisorAdapter;
import io.ferry.api.spi.HypervisorAdapterFactory;
import io.ferry.api.spi.PluginFactory;
import io.ferry.api.spi.SettingDescription;
import io.ferry.policy.support.MetatypeSettings;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;

/**
 * Builds the XenServer / XCP-ng adapter (it logs in to the pool's XAPI when built; closing it logs out) by name, from a map of settings whose keys, types and defaults are those of
 * {@link XenAdapterConfiguration} (read from the metatype bnd generates from it, so there is one source of truth). Published as
 * an OSGi service and listed in {@code META-INF/services} for {@link java.util.ServiceLoader}, so that the
 * command line, the benchmarks and the testbeds find it without importing this package.
 *
 * <p>Cost: the metatype is parsed once per class loader, on first use; {@link #create} costs the plugin's own
 * construction.
 */
@Component(service = HypervisorAdapterFactory.class, property = PluginFactory.NAME_PROPERTY + "=" + XenHypervisorAdapter.KIND)
public final class XenAdapterFactory implements HypervisorAdapterFactory {

    /** Required by {@link java.util.ServiceLoader} and Declarative Services. */
    public XenAdapterFactory() {
    }

    @Override
    public String name() {
        return XenHypervisorAdapter.KIND;
    }

    @Override
    public String description() {
        return Metatype.OF.description();
    }

    @Override
    public List<SettingDescription> settings() {
        return Metatype.OF.settings();
    }

    @Override
    public HypervisorAdapter create(Map<String, ?> settings) {
        return new XenHypervisorAdapter(settings);
    }

    /** Parsed on first use (the holder idiom), not when the service is registered. */
    private static final class Metatype {
        static final MetatypeSettings OF = MetatypeSettings.read(XenAdapterFactory.class, XenAdapterConfiguration.class.getName());
    }
}
