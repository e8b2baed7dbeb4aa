package io.ferry.cli;

import io.ferry.api.MigrationPolicy;
import io.ferry.api.spi.MigrationPolicyFactory;
import io.ferry.api.spi.SettingDescription;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/**
 * The policies the command line can run outside OSGi, by the name operators type ({@code precopy},
 * {@code postcopy}, {@code hybrid}, and any vendor's): every {@link MigrationPolicyFactory} that
 * {@link ServiceLoader} finds on the class path, so a vendor's jar that lists its factory in
 * {@code META-INF/services/io.ferry.api.spi.MigrationPolicyFactory} shows up with no Ferry code changed. Each
 * policy is built from its defaults plus the {@code --set} overrides; the keys, types and defaults a policy
 * accepts are its factory's settings (its bundle's metatype), so an unknown key is refused instead of silently
 * ignored. When two factories have the same name the first on the class path wins and the other is reported in
 * {@link #problems()}, as is a provider that cannot be loaded. Cost: one class-path scan of the
 * {@code META-INF/services} entries; each factory's metatype is parsed on first use.
 */
public final class PolicyCatalog {

    private final Map<String, MigrationPolicyFactory> factories;
    private final List<String> problems;
    private final Map<String, List<PolicySetting>> settings = new HashMap<>();

    private PolicyCatalog(Map<String, MigrationPolicyFactory> factories, List<String> problems) {
        this.factories = factories;
        this.problems = List.copyOf(problems);
    }

    /**
     * @return the policies whose factories the thread's context class loader finds: Ferry's pre-copy, post-copy
     *         and hybrid (hybrid without a dirty-rate predictor) and any vendor's on the class path
     */
    public static PolicyCatalog standard() {
        return discover(ServiceLoader.load(MigrationPolicyFactory.class));
    }

    /**
     * @param loader the factories to list, e.g. {@code ServiceLoader.load(MigrationPolicyFactory.class, cl)}
     * @return the catalog of those factories, sorted by name
     */
    static PolicyCatalog discover(ServiceLoader<MigrationPolicyFactory> loader) {
        Map<String, MigrationPolicyFactory> byName = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        Iterator<MigrationPolicyFactory> it = loader.iterator();
        while (true) {
            MigrationPolicyFactory factory;
            try {
                if (!it.hasNext()) {
                    break;
                }
                factory = it.next();
            } catch (ServiceConfigurationError e) {
                problems.add("a policy on the class path was skipped: " + e.getMessage());
                continue;
            }
            MigrationPolicyFactory first = byName.putIfAbsent(factory.name(), factory);
            if (first != null) {
                problems.add("policy \"" + factory.name() + "\" of " + factory.getClass().getName()
                        + " was skipped: " + first.getClass().getName() + " has the same name");
            }
        }
        return new PolicyCatalog(byName, problems);
    }

    /** @return one line per policy provider that was skipped (unloadable, or a name taken), for stderr */
    public List<String> problems() {
        return problems;
    }

    /** @return the policies' names, sorted */
    public Set<String> names() {
        return factories.keySet();
    }

    /**
     * @param name a policy's name as typed
     * @return whether a policy has this name
     */
    public boolean contains(String name) {
        return factories.containsKey(name);
    }

    /**
     * @param name a policy's name
     * @return the configuration attributes of policy {@code name}, in declaration order
     * @throws UsageException when no policy has that name
     */
    public synchronized List<PolicySetting> settings(String name) {
        MigrationPolicyFactory factory = require(name);
        return settings.computeIfAbsent(name, n -> factory.settings().stream().map(s -> setting(n, s)).toList());
    }

    /**
     * @param name a policy's name
     * @param key  a configuration key
     * @return the attribute {@code key} of policy {@code name}, if it has one
     */
    public Optional<PolicySetting> setting(String name, String key) {
        return settings(name).stream().filter(s -> s.key().equals(key)).findFirst();
    }

    /**
     * Builds a policy from its defaults and {@code overrides}.
     *
     * @param name      a policy's name
     * @param overrides configuration keys and values as typed on the command line
     * @return the policy
     * @throws UsageException when a key is unknown, a value does not convert, or the policy rejects a value;
     *                        the message is one line naming {@code --set policy.key}
     */
    public MigrationPolicy create(String name, Map<String, String> overrides) {
        MigrationPolicyFactory factory = require(name);
        Map<String, Object> properties = new HashMap<>();
        overrides.forEach((key, value) -> {
            PolicySetting setting = setting(name, key).orElseThrow(() -> new UsageException("--set " + name + "."
                    + key + ": unknown setting of policy " + name + " (known: " + String.join(", ",
                            settings(name).stream().map(PolicySetting::key).sorted().toList()) + ")"));
            properties.put(key, setting.convert(value));
        });
        try {
            return factory.create(properties);
        } catch (IllegalArgumentException e) {
            // the policies' messages start with the attribute's name: "maxRounds = 0: must be in [1, 1000]"
            String message = String.valueOf(e.getMessage());
            boolean aboutOverride = overrides.keySet().stream().anyMatch(k -> message.startsWith(k + " = "));
            throw new UsageException((aboutOverride ? "--set " + name + "." : "policy " + name + ": ") + message, e);
        }
    }

    private static PolicySetting setting(String policy, SettingDescription s) {
        return new PolicySetting(policy, s.key(), s.type(), s.defaultValue(), s.description());
    }

    private MigrationPolicyFactory require(String name) {
        MigrationPolicyFactory entry = factories.get(name);
        if (entry == null) {
            throw new UsageException("unknown policy \"" + name + "\": known policies are "
                    + String.join(", ", names()));
        }
        return entry;
    }
}
