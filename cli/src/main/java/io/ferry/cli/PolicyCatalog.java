package io.ferry.cli;

import io.ferry.api.MigrationPolicy;
import io.ferry.policy.hybrid.internal.HybridMigrationPolicy;
import io.ferry.policy.postcopy.internal.PostCopyMigrationPolicy;
import io.ferry.policy.precopy.internal.PreCopyMigrationPolicy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The policies the command line can run outside OSGi, by the name operators type ({@code precopy},
 * {@code postcopy}, {@code hybrid}), each built through its public {@code (Map)} constructor from its
 * defaults plus the {@code --set} overrides. The keys, types and defaults a policy accepts come from the
 * metatype its bundle carries, so an unknown key is refused instead of silently ignored. Adding a policy is one
 * {@link #entry} line. Cost: the metatype is parsed once per policy, on first use.
 */
public final class PolicyCatalog {

    private record Entry(String name, Function<Map<String, Object>, MigrationPolicy> factory, Class<?> type,
            String metatype) {
    }

    private final Map<String, Entry> entries;
    private final Map<String, List<PolicySetting>> settings = new HashMap<>();

    private PolicyCatalog(List<Entry> entries) {
        Map<String, Entry> byName = new TreeMap<>();
        entries.forEach(e -> byName.put(e.name(), e));
        this.entries = byName;
    }

    /** @return the pre-copy, post-copy and hybrid policies (hybrid without a dirty-rate predictor) */
    public static PolicyCatalog standard() {
        return new PolicyCatalog(List.of(
                entry("precopy", PreCopyMigrationPolicy::new, PreCopyMigrationPolicy.class,
                        "io.ferry.policy.precopy.internal.PreCopyConfiguration"),
                entry("postcopy", PostCopyMigrationPolicy::new, PostCopyMigrationPolicy.class,
                        "io.ferry.policy.postcopy.internal.PostCopyConfiguration"),
                entry("hybrid", p -> new HybridMigrationPolicy(p, null), HybridMigrationPolicy.class,
                        "io.ferry.policy.hybrid.internal.HybridConfiguration")));
    }

    private static Entry entry(String name, Function<Map<String, Object>, MigrationPolicy> factory, Class<?> type,
            String ocd) {
        return new Entry(name, factory, type, "OSGI-INF/metatype/" + ocd + ".xml");
    }

    /** @return the policies' names, sorted */
    public Set<String> names() {
        return entries.keySet();
    }

    /**
     * @param name a policy's name as typed
     * @return whether a policy has this name
     */
    public boolean contains(String name) {
        return entries.containsKey(name);
    }

    /**
     * @param name a policy's name
     * @return the configuration attributes of policy {@code name}, in declaration order
     * @throws UsageException when no policy has that name
     */
    public synchronized List<PolicySetting> settings(String name) {
        Entry entry = require(name);
        return settings.computeIfAbsent(name,
                n -> MetatypeReader.read(n, entry.type().getClassLoader(), entry.metatype()));
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
        Entry entry = require(name);
        Map<String, Object> properties = new HashMap<>();
        overrides.forEach((key, value) -> {
            PolicySetting setting = setting(name, key).orElseThrow(() -> new UsageException("--set " + name + "."
                    + key + ": unknown setting of policy " + name + " (known: " + String.join(", ",
                            settings(name).stream().map(PolicySetting::key).sorted().toList()) + ")"));
            properties.put(key, setting.convert(value));
        });
        try {
            return entry.factory().apply(properties);
        } catch (IllegalArgumentException e) {
            // the policies' messages start with the attribute's name: "maxRounds = 0: must be in [1, 1000]"
            String message = String.valueOf(e.getMessage());
            boolean aboutOverride = overrides.keySet().stream().anyMatch(k -> message.startsWith(k + " = "));
            throw new UsageException((aboutOverride ? "--set " + name + "." : "policy " + name + ": ") + message, e);
        }
    }

    private Entry require(String name) {
        Entry entry = entries.get(name);
        if (entry == null) {
            throw new UsageException("unknown policy \"" + name + "\": known policies are "
                    + String.join(", ", names()));
        }
        return entry;
    }
}
