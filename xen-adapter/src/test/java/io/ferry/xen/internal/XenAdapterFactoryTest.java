package io.ferry.xen.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.api.spi.HypervisorAdapterFactory;
import io.ferry.api.spi.SettingDescription;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class XenAdapterFactoryTest {

    @Test
    void serviceLoaderWhenOnClassPathThenFindsThisFactoryByName() {
        assertThat(ServiceLoader.load(HypervisorAdapterFactory.class).stream().map(ServiceLoader.Provider::type))
                .contains(XenAdapterFactory.class);
        assertThat(new XenAdapterFactory().name()).isEqualTo("xenserver");
    }

    @Test
    void settingsThenComeFromTheMetatypeOfTheConfigurationWithDescriptions() {
        XenAdapterFactory factory = new XenAdapterFactory();
        SettingDescription setting = factory.settings().stream().filter(s -> s.key().equals("url")).findFirst()
                .orElseThrow();
        assertThat(setting.description()).isNotBlank();
        assertThat(factory.description()).isNotBlank();
    }
}
