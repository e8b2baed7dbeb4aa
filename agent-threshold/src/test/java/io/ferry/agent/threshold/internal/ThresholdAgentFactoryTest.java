package io.ferry.agent.threshold.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.api.spi.MigrationAgentFactory;
import io.ferry.api.spi.SettingDescription;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class ThresholdAgentFactoryTest {

    @Test
    void serviceLoaderWhenOnClassPathThenFindsThisFactoryByName() {
        assertThat(ServiceLoader.load(MigrationAgentFactory.class).stream().map(ServiceLoader.Provider::type))
                .contains(ThresholdAgentFactory.class);
        assertThat(new ThresholdAgentFactory().name()).isEqualTo("threshold");
    }

    @Test
    void settingsThenComeFromTheMetatypeOfTheConfigurationWithDescriptions() {
        ThresholdAgentFactory factory = new ThresholdAgentFactory();
        SettingDescription setting = factory.settings().stream().filter(s -> s.key().equals("cpuThreshold")).findFirst()
                .orElseThrow();
        assertThat(setting.defaultValue()).isEqualTo("0.8");
        assertThat(setting.description()).isNotBlank();
        assertThat(factory.description()).isNotBlank();
    }

    @Test
    void createThenBuildsThePluginNamedLikeTheFactoryWithTheGivenSettings() {
        assertThat(new ThresholdAgentFactory().create(Map.of("cpuThreshold", "0.9")).name()).isEqualTo("threshold");
    }

    @Test
    void createWhenASettingIsOutOfRangeThenOneLineNamingIt() {
        assertThatThrownBy(() -> new ThresholdAgentFactory().create(Map.of("cpuThreshold", 1.5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("cpuThreshold = 1.5: must be in [0.05, 1.0]");
    }
}
