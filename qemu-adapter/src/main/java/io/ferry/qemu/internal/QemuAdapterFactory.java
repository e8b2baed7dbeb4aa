package io.ferry.qemu.internal;

import io.ferry.api.HypervisorAdapter;
import io.ferry.api.spi.HypervisorAdapterFactory;
import io.ferry.api.spi.PluginFactory;
import io.ferry.api.spi.SettingDescription;
import io.ferry.policy.support.MetatypeSettings;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;

/**
 * Builds the QEMU pool adapter (it stops stale QEMU processes of an earlier run in its work directory; closing it stops its guests) by name, from a map of settings whose keys, types and defaults are those of
 * {@link QemuAdapterConfiguration} (read from the metatype bnd generates from it, so there is one source of truth). Published as
 * an OSGi service and listed in {@code META-INF/services} for {@link java.util.ServiceLoader}, so that the
 * command line, the benchmarks and the testbeds find it without importing this package.
 *
 * <p>Cost: the metatype is parsed once per class loader, on first use; {@link #create} costs the plugin's own
 * construction.
 */
@Component(service = HypervisorAdapterFactory.class, property = PluginFactory.NAME_PROPERTY + "=" + QemuHypervisorAdapter.KIND)
public final class QemuAdapterFactory implements HypervisorAdapterFactory {

    /** Required by {@link java.util.ServiceLoader} and Declarative Services. */
    public QemuAdapterFactory() {
    }

    @Override
    public String name() {
        return QemuHypervisorAdapter.KIND;
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
        return new QemuHypervisorAdapter(settings);
    }

    /** Parsed on first use (the holder idiom), not when the service is registered. */
    private static final class Metatype {
        static final MetatypeSettings OF = MetatypeSettings.read(QemuAdapterFactory.class, QemuAdapterConfiguration.class.getName());
    }
}
