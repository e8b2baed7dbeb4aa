package io.ferry.simpool.internal;

import io.ferry.api.HypervisorAdapter;
import io.ferry.api.spi.HypervisorAdapterFactory;
import io.ferry.api.spi.PluginFactory;
import io.ferry.api.spi.SettingDescription;
import io.ferry.policy.support.MetatypeSettings;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;

/**
 * Builds the built-in simulated pool (it starts its own two daemon threads; closing it stops them) by name, from a map of settings whose keys, types and defaults are those of
 * {@link SimulatedPoolConfiguration} (read from the metatype bnd generates from it, so there is one source of truth). Published as
 * an OSGi service and listed in {@code META-INF/services} for {@link java.util.ServiceLoader}, so that the
 * command line, the benchmarks and the testbeds find it without importing this package.
 *
 * <p>Cost: the metatype is parsed once per class loader, on first use; {@link #create} costs the plugin's own
 * construction.
 */
@Component(service = HypervisorAdapterFactory.class, property = PluginFactory.NAME_PROPERTY + "=" + SimulatedPoolAdapter.KIND)
public final class SimulatedPoolFactory implements HypervisorAdapterFactory {

    /** Required by {@link java.util.ServiceLoader} and Declarative Services. */
    public SimulatedPoolFactory() {
    }

    @Override
    public String name() {
        return SimulatedPoolAdapter.KIND;
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
        return new SimulatedPoolAdapter(settings);
    }

    /** Parsed on first use (the holder idiom), not when the service is registered. */
    private static final class Metatype {
        static final MetatypeSettings OF = MetatypeSettings.read(SimulatedPoolFactory.class, SimulatedPoolConfiguration.class.getName());
    }
}
