package io.ferry.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the repeatable {@code --set policy.key=value} option into overrides per policy, checking each policy
 * name against the catalog and the selected policies. Keys and values are checked when the policy is built
 * ({@link PolicyCatalog#create}). Cost: O(settings).
 */
final class PolicyOverrides {

    private PolicyOverrides() {
    }

    /**
     * @param settings  the {@code --set} values, each {@code policy.key=value}
     * @param catalog   the known policies
     * @param selected  the policies chosen with {@code --policies}
     * @return key to value for each policy that has overrides, the last of a repeated key winning
     * @throws UsageException on a malformed setting, an unknown policy, or a policy that is not selected
     */
    static Map<String, Map<String, String>> parse(List<String> settings, PolicyCatalog catalog,
            List<String> selected) {
        Map<String, Map<String, String>> byPolicy = new LinkedHashMap<>();
        for (String setting : settings) {
            int eq = setting.indexOf('=');
            int dot = setting.indexOf('.');
            if (eq < 0 || dot < 1 || dot > eq - 2) {
                throw new UsageException("--set = " + setting + ": must be POLICY.KEY=VALUE, e.g. "
                        + "hybrid.thetaLinkFraction=0.6");
            }
            String policy = setting.substring(0, dot);
            String key = setting.substring(dot + 1, eq).strip();
            if (!catalog.contains(policy)) {
                throw new UsageException("unknown policy \"" + policy + "\" in --set " + setting
                        + ": known policies are " + String.join(", ", catalog.names()));
            }
            if (!selected.contains(policy)) {
                throw new UsageException("--set " + setting + ": policy " + policy + " is not among --policies ("
                        + String.join(",", selected) + ")");
            }
            byPolicy.computeIfAbsent(policy, p -> new LinkedHashMap<>()).put(key, setting.substring(eq + 1));
        }
        return byPolicy;
    }
}
