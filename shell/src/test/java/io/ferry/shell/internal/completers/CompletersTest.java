package io.ferry.shell.internal.completers;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.api.model.Capability;
import io.ferry.api.model.PoolId;
import io.ferry.controller.PluginInfo;
import io.ferry.controller.PluginKind;
import io.ferry.shell.internal.FakeController;
import io.ferry.shell.internal.Fixtures;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CompletersTest {

    private final FakeController controller = new FakeController();

    @BeforeEach
    void state() {
        controller.pools.add(Fixtures.busyXenPool());
        controller.pools.add(Fixtures.pool("sim", "simulator", Fixtures.selection("hybrid")));
        controller.plugins.add(plugin(PluginKind.POLICY, "precopy"));
        controller.plugins.add(plugin(PluginKind.POLICY, "hybrid"));
        controller.plugins.add(plugin(PluginKind.AGENT, "threshold"));
        controller.plugins.add(plugin(PluginKind.PREDICTOR, "ewma"));
    }

    private static PluginInfo plugin(PluginKind kind, String name) {
        return new PluginInfo(kind, name, "io.ferry." + name, "0.1.0", Set.<Capability>of(), Set.of(), "",
                List.<PoolId>of());
    }

    private <T extends ControllerCompleter> T wired(T completer) {
        completer.controller = controller;
        return completer;
    }

    @Test
    void poolCompleterOffersEveryPool() {
        assertThat(wired(new PoolNameCompleter()).candidates()).containsExactlyInAnyOrder("xen", "sim");
    }

    @Test
    void pluginCompletersOfferOnlyTheirKind() {
        assertThat(wired(new PolicyNameCompleter()).candidates()).containsExactlyInAnyOrder("precopy", "hybrid");
        assertThat(wired(new AgentNameCompleter()).candidates()).containsExactly("threshold");
        assertThat(wired(new PredictorNameCompleter()).candidates()).containsExactlyInAnyOrder("ewma", "none");
    }

    @Test
    void suiteCompleterOffersTheSuites() {
        assertThat(new SuiteNameCompleter().candidates()).contains("smoke", "standard");
    }

    @Test
    void vmCompleterOffersRunningVmsAndHostCompleterHostsThatAcceptVmsByIdAndByName() {
        assertThat(wired(new VmIdCompleter()).candidates()).containsExactlyInAnyOrder("vm-web", "vm-web-name",
                "vm-db", "vm-db-name");
        assertThat(wired(new HostIdCompleter()).candidates()).containsExactlyInAnyOrder("host-a", "rack1-a");
    }
}
