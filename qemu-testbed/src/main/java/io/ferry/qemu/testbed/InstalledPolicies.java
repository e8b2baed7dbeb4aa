package io.ferry.qemu.testbed;

import io.ferry.api.MigrationPolicy;
import io.ferry.api.spi.MigrationPolicyFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/**
 * The migration policies on the class path, found by name through {@link ServiceLoader} (every
 * {@link MigrationPolicyFactory} listed in a jar's {@code META-INF/services}), so the testbed runs Ferry's
 * policies and any vendor's without naming their classes. Ferry's three come first in their usual order
 * (precopy, postcopy, hybrid), the others after them by name; when two factories share a name the first on the
 * class path wins. Cost: one scan of the class path's {@code META-INF/services} entries per instance.
 */
final class InstalledPolicies {

    private static final List<String> SHIPPED = List.of("precopy", "postcopy", "hybrid");

    private final Map<String, MigrationPolicyFactory> byName;

    private InstalledPolicies(Map<String, MigrationPolicyFactory> byName) {
        this.byName = byName;
    }

    /** @return the policies the thread's context class loader finds */
    static InstalledPolicies find() {
        Map<String, MigrationPolicyFactory> found = new TreeMap<>();
        ServiceLoader.load(MigrationPolicyFactory.class).forEach(f -> found.putIfAbsent(f.name(), f));
        Map<String, MigrationPolicyFactory> ordered = new LinkedHashMap<>();
        SHIPPED.stream().filter(found::containsKey).forEach(n -> ordered.put(n, found.get(n)));
        ordered.putAll(found);
        return new InstalledPolicies(ordered);
    }

    /** @return the policies' names: Ferry's first, then the others sorted */
    Set<String> names() {
        return byName.keySet();
    }

    /** @return whether a policy has this name */
    boolean contains(String name) {
        return byName.containsKey(name);
    }

    /**
     * @param name     a policy's name
     * @param settings its settings; missing keys take their defaults
     * @return a new instance
     * @throws IllegalStateException when no policy on the class path has that name (a packaging defect)
     * @throws IllegalArgumentException when a setting is out of range
     */
    MigrationPolicy create(String name, Map<String, ?> settings) {
        MigrationPolicyFactory factory = byName.get(name);
        if (factory == null) {
            throw new IllegalStateException("policy \"" + name + "\" is not on the class path (installed: "
                    + String.join(", ", names()) + ")");
        }
        return factory.create(settings);
    }
}
