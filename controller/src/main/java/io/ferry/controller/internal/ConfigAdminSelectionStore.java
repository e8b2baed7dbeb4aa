package io.ferry.controller.internal;

import io.ferry.controller.FerryController;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Persists selections in the pool's factory configuration (for pool NAME): the one Karaf's
 * {@code etc/} file or {@code config:} commands created if there is one (matched by PID or {@code pool.name}),
 * otherwise a new named one. Karaf writes the change back to the {@code .cfg} file it came from.
 */
final class ConfigAdminSelectionStore implements SelectionStore {

    private final ConfigurationAdmin admin;

    ConfigAdminSelectionStore(ConfigurationAdmin admin) {
        this.admin = admin;
    }

    @Override
    public void save(String pool, Map<String, Object> properties) throws Exception {
        String pid = FerryController.POOL_FACTORY_PID + "~" + pool;
        String filter = "(|(service.pid=" + escape(pid) + ")(&(service.factoryPid=" + FerryController.POOL_FACTORY_PID
                + ")(pool.name=" + escape(pool) + ")))";
        Configuration[] found = admin.listConfigurations(filter);
        Configuration c = found != null && found.length > 0 ? found[0]
                : admin.getFactoryConfiguration(FerryController.POOL_FACTORY_PID, pool, "?");
        Dictionary<String, Object> props = c.getProperties();
        if (props == null) {
            props = new Hashtable<>();
        }
        props.put("pool.name", pool);
        for (Map.Entry<String, Object> e : properties.entrySet()) {
            props.put(e.getKey(), e.getValue());
        }
        c.update(props);
    }

    /** Escapes an LDAP filter value (RFC 4515 as OSGi filters use it). */
    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("*", "\\*").replace("(", "\\(").replace(")", "\\)");
    }
}
