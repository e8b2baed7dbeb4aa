package io.ferry.policy.postcopy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.api.spi.MigrationPolicyFactory;
import io.ferry.api.spi.SettingDescription;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class PostCopyPolicyFactoryTest {

    @Test
    void serviceLoaderWhenOnClassPathThenFindsThisFactoryByName() {
        assertThat(ServiceLoader.load(MigrationPolicyFactory.class).stream().map(ServiceLoader.Provider::type))
                .contains(PostCopyPolicyFactory.class);
        assertThat(new PostCopyPolicyFactory().name()).isEqualTo("postcopy");
    }

    @Test
    void settingsThenComeFromTheMetatypeOfTheConfigurationWithDescriptions() {
        PostCopyPolicyFactory factory = new PostCopyPolicyFactory();
        SettingDescription setting = factory.settings().stream().filter(s -> s.key().equals("prepageWindow")).findFirst()
                .orElseThrow();
        assertThat(setting.defaultValue()).isEqualTo("32");
        assertThat(setting.description()).isNotBlank();
        assertThat(factory.description()).isNotBlank();
    }

    @Test
    void createThenBuildsThePluginNamedLikeTheFactoryWithTheGivenSettings() {
        assertThat(new PostCopyPolicyFactory().create(Map.of("prepageWindow", "0")).name()).isEqualTo("postcopy");
    }
}
