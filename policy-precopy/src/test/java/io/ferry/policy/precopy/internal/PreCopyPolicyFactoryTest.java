package io.ferry.policy.precopy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.api.spi.MigrationPolicyFactory;
import io.ferry.api.spi.SettingDescription;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class PreCopyPolicyFactoryTest {

    @Test
    void serviceLoaderWhenOnClassPathThenFindsThisFactoryByName() {
        assertThat(ServiceLoader.load(MigrationPolicyFactory.class).stream().map(ServiceLoader.Provider::type))
                .contains(PreCopyPolicyFactory.class);
        assertThat(new PreCopyPolicyFactory().name()).isEqualTo("precopy");
    }

    @Test
    void settingsThenComeFromTheMetatypeOfTheConfigurationWithDescriptions() {
        PreCopyPolicyFactory factory = new PreCopyPolicyFactory();
        SettingDescription setting = factory.settings().stream().filter(s -> s.key().equals("maxRounds")).findFirst()
                .orElseThrow();
        assertThat(setting.defaultValue()).isEqualTo("5");
        assertThat(setting.description()).isNotBlank();
        assertThat(factory.description()).isNotBlank();
    }

    @Test
    void createThenBuildsThePluginNamedLikeTheFactoryWithTheGivenSettings() {
        assertThat(new PreCopyPolicyFactory().create(Map.of("maxRounds", "1000")).name()).isEqualTo("precopy");
    }

    @Test
    void createWhenASettingIsOutOfRangeThenOneLineNamingIt() {
        assertThatThrownBy(() -> new PreCopyPolicyFactory().create(Map.of("maxRounds", 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxRounds = 0: must be in [1, 1000]");
    }
}
