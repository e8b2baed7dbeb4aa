package io.ferry.agent.consolidation.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.api.spi.MigrationAgentFactory;
import io.ferry.api.spi.SettingDescription;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ConsolidationAgentFactoriesTest {

    private static Map<String, MigrationAgentFactory> factories() {
        return ServiceLoader.load(MigrationAgentFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(f -> f.getClass().getName().startsWith(ConsolidationAgentFactories.class.getName()))
                .collect(Collectors.toMap(MigrationAgentFactory::name, f -> f));
    }

    private static String defaultOf(MigrationAgentFactory f, String key) {
        return f.settings().stream().filter(s -> s.key().equals(key)).map(SettingDescription::defaultValue)
                .findFirst().orElseThrow();
    }

    @Test
    void serviceLoaderThenTwentyFactoriesNamedDetectorDashSelector() {
        assertThat(factories().keySet()).containsExactlyInAnyOrder(
                "thr-mmt", "thr-mc", "thr-mu", "thr-rs", "iqr-mmt", "iqr-mc", "iqr-mu", "iqr-rs",
                "mad-mmt", "mad-mc", "mad-mu", "mad-rs", "lr-mmt", "lr-mc", "lr-mu", "lr-rs",
                "lrr-mmt", "lrr-mc", "lrr-mu", "lrr-rs");
        factories().forEach((name, f) -> assertThat(f.create(Map.of()).name()).isEqualTo(name));
    }

    @Test
    void settingsThenTheDetectorsParameterWithTheLiteraturesDefault() {
        Map<String, MigrationAgentFactory> f = factories();
        assertThat(defaultOf(f.get("thr-mmt"), "parameter")).isEqualTo("0.8");
        assertThat(defaultOf(f.get("iqr-mc"), "parameter")).isEqualTo("1.5");
        assertThat(defaultOf(f.get("mad-mu"), "parameter")).isEqualTo("2.5");
        assertThat(defaultOf(f.get("lr-mmt"), "parameter")).isEqualTo("1.2");
        assertThat(defaultOf(f.get("lrr-rs"), "parameter")).isEqualTo("1.2");
        assertThat(defaultOf(f.get("lr-rs"), "seed")).isEqualTo("42");
        assertThat(defaultOf(f.get("lr-mmt"), "fallbackThreshold")).isEqualTo("0.7");
        assertThat(f.get("thr-mmt").settings()).extracting(SettingDescription::key)
                .containsExactly("parameter", "seed", "consolidateUnderloaded", "checkMemory",
                        "decideEveryMove");
        assertThat(f.get("lr-mmt").description()).contains("LR");
    }

    @Test
    void createWhenParameterGivenAsTextThenTheAgentNamedLikeTheFactory() {
        assertThat(factories().get("lr-mmt").create(Map.of("parameter", "1.2")).name()).isEqualTo("lr-mmt");
    }

    @Test
    void createWhenParameterOutOfRangeThenOneLineNamingIt() {
        assertThatThrownBy(() -> factories().get("thr-mmt").create(Map.of("parameter", "1.5")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("parameter = 1.5: must be in [0.05, 1.0]");
        assertThatThrownBy(() -> factories().get("lr-mu").create(Map.of("parameter", 0)))
                .hasMessage("parameter = 0.0: must be in [0.1, 10.0]");
        assertThatThrownBy(() -> factories().get("mad-mmt").create(Map.of("fallbackThreshold", 2)))
                .hasMessage("fallbackThreshold = 2.0: must be in [0.05, 1.0]");
    }

    @Test
    void dsComponentThenDelegatesToTheAgentItsPairComposes() {
        ConsolidationAgents.LrMmt component = new ConsolidationAgents.LrMmt(Map.of("parameter", 1.1));
        assertThat(component.name()).isEqualTo("lr-mmt");
        assertThat(new ConsolidationAgents.ThrRs(Map.of()).name()).isEqualTo("thr-rs");
    }
}
