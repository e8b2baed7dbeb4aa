package io.ferry.simpool.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.api.spi.HypervisorAdapterFactory;
import io.ferry.api.spi.SettingDescription;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class SimulatedPoolFactoryTest {

    @Test
    void serviceLoaderWhenOnClassPathThenFindsThisFactoryByName() {
        assertThat(ServiceLoader.load(HypervisorAdapterFactory.class).stream().map(ServiceLoader.Provider::type))
                .contains(SimulatedPoolFactory.class);
        assertThat(new SimulatedPoolFactory().name()).isEqualTo("simulator");
    }

    @Test
    void settingsThenComeFromTheMetatypeOfTheConfigurationWithDescriptions() {
        SimulatedPoolFactory factory = new SimulatedPoolFactory();
        SettingDescription setting = factory.settings().stream().filter(s -> s.key().equals("hosts")).findFirst()
                .orElseThrow();
        assertThat(setting.defaultValue()).isEqualTo("8");
        assertThat(setting.description()).isNotBlank();
        assertThat(factory.description()).isNotBlank();
    }
}
