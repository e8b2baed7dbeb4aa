package io.ferry.xapisim.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.xensource.xenapi.Connection;
import com.xensource.xenapi.Host;
import com.xensource.xenapi.Session;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The simulator as a DS component: configuration in, a listening pool out, closed at deactivation. */
class XapiSimulatorComponentTest {

    /** @return the configuration DS would pass: the annotation's defaults, then {@code overrides} */
    private static XapiSimulatorConfiguration config(Map<String, Object> overrides) {
        return (XapiSimulatorConfiguration) Proxy.newProxyInstance(XapiSimulatorConfiguration.class.getClassLoader(),
                new Class<?>[] {XapiSimulatorConfiguration.class}, (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.getName().equals("toString") ? "config" : method.invoke(overrides, args);
                    }
                    return overrides.getOrDefault(method.getName(), method.getDefaultValue());
                });
    }

    @Test
    void activateWhenConfiguredThenTheSdkLogsInAndFindsTheConfiguredHosts() throws Exception {
        XapiSimulatorComponent c = new XapiSimulatorComponent(config(Map.of("hosts", 3, "vms", 5, "_password", "pw",
                "vmMemoryGiB", new String[] {"1, 2"}, "vmVcpus", new String[] {"1"})));
        try {
            Connection sdk = new Connection(new URL(c.simulator().url()));
            Session.loginWithPassword(sdk, "root", "pw");

            assertThat(Host.getAll(sdk)).hasSize(3);
            assertThat(c.simulator().port()).isPositive();
        } finally {
            c.close();
        }
        assertThatThrownBy(() -> Session.loginWithPassword(new Connection(new URL(c.simulator().url())), "root",
                "pw")).as("closed at deactivation").isNotNull();
    }

    @Test
    void activateWhenAnAttributeIsOutOfRangeThenOneLineNamingIt() {
        assertThatIllegalArgumentException().isThrownBy(() -> new XapiSimulatorComponent(config(Map.of("hosts", 1))))
                .withMessage("hosts = 1: must be in [2, 1000]");
        assertThatIllegalArgumentException().isThrownBy(() -> new XapiSimulatorComponent(config(Map.of(
                "vmMemoryGiB", new String[] {"big"})))).withMessage("vmMemoryGiB = big: must be integers");
    }
}
