package io.ferry.qemu.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.api.spi.HypervisorAdapterFactory;
import io.ferry.api.spi.SettingDescription;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class QemuAdapterFactoryTest {

    @Test
    void serviceLoaderWhenOnClassPathThenFindsThisFactoryByName() {
        assertThat(ServiceLoader.load(HypervisorAdapterFactory.class).stream().map(ServiceLoader.Provider::type))
                .contains(QemuAdapterFactory.class);
        assertThat(new QemuAdapterFactory().name()).isEqualTo("qemu");
    }

    @Test
    void settingsThenComeFromTheMetatypeOfTheConfigurationWithDescriptions() {
        QemuAdapterFactory factory = new QemuAdapterFactory();
        SettingDescription setting = factory.settings().stream().filter(s -> s.key().equals("qemuBinary")).findFirst()
                .orElseThrow();
        assertThat(setting.description()).isNotBlank();
        assertThat(factory.description()).isNotBlank();
    }
}
