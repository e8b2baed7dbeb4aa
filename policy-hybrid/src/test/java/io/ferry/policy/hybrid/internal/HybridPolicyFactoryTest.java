package io.ferry.policy.hybrid.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.api.spi.MigrationPolicyFactory;
import io.ferry.api.spi.SettingDescription;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class HybridPolicyFactoryTest {

    @Test
    void serviceLoaderWhenOnClassPathThenFindsThisFactoryByName() {
        assertThat(ServiceLoader.load(MigrationPolicyFactory.class).stream().map(ServiceLoader.Provider::type))
                .contains(HybridPolicyFactory.class);
        assertThat(new HybridPolicyFactory().name()).isEqualTo("hybrid");
    }

    @Test
    void settingsThenComeFromTheMetatypeOfTheConfigurationWithDescriptions() {
        HybridPolicyFactory factory = new HybridPolicyFactory();
        SettingDescription setting = factory.settings().stream().filter(s -> s.key().equals("thetaLinkFraction")).findFirst()
                .orElseThrow();
        assertThat(setting.defaultValue()).isEqualTo("0.5");
        assertThat(setting.description()).isNotBlank();
        assertThat(factory.description()).isNotBlank();
    }

    @Test
    void createThenBuildsThePluginNamedLikeTheFactoryWithTheGivenSettings() {
        assertThat(new HybridPolicyFactory().create(Map.of("thetaLinkFraction", "0.6")).name()).isEqualTo("hybrid");
    }
}
