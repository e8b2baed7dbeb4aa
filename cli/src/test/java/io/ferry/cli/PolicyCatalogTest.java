package io.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.api.MigrationPolicy;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyCatalogTest {

    private final PolicyCatalog catalog = PolicyCatalog.standard();

    @Test
    void namesThenTheThreePoliciesSorted() {
        assertThat(catalog.names()).containsExactly("hybrid", "postcopy", "precopy");
    }

    @Test
    void createThenEachPolicyHasTheNameItIsListedUnder() {
        for (String name : catalog.names()) {
            MigrationPolicy policy = catalog.create(name, Map.of());
            assertThat(policy.name()).isEqualTo(name);
        }
    }

    @Test
    void settingsThenComeFromTheBundlesMetatypeWithTypesAndDefaults() {
        assertThat(catalog.settings("precopy")).extracting(PolicySetting::key, PolicySetting::type,
                PolicySetting::defaultValue).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("maxRounds", "Integer", "5"),
                        org.assertj.core.groups.Tuple.tuple("targetDirtyPages", "Integer", "50"),
                        org.assertj.core.groups.Tuple.tuple("stopWithinBudget", "Boolean", "true"));
        assertThat(catalog.setting("hybrid", "kmeansSeed")).get().extracting(PolicySetting::type).isEqualTo("Long");
        assertThat(catalog.settings("postcopy")).extracting(PolicySetting::key).containsExactly("prepageWindow");
    }

    @Test
    void createWhenBooleanSettingIsNotABooleanThenNamesTheSetting() {
        assertThatThrownBy(() -> catalog.create("precopy", Map.of("stopWithinBudget", "yes")))
                .isInstanceOf(UsageException.class)
                .hasMessage("--set precopy.stopWithinBudget = yes: must be true or false");
    }

    @Test
    void createWhenDoubleIsNotFiniteThenRejected() {
        assertThatThrownBy(() -> catalog.create("hybrid", Map.of("thetaPagesPerSecond", "NaN")))
                .hasMessage("--set hybrid.thetaPagesPerSecond = NaN: must be a finite number");
    }

    @Test
    void createWhenPolicyUnknownThenListsKnownPolicies() {
        assertThatThrownBy(() -> catalog.create("xen", Map.of()))
                .hasMessage("unknown policy \"xen\": known policies are hybrid, postcopy, precopy");
    }
}
