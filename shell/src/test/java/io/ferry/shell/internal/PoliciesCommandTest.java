package io.ferry.shell.internal;

import static io.ferry.shell.internal.Fixtures.line;
import static io.ferry.shell.internal.Fixtures.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.api.model.Capability;
import io.ferry.api.model.PoolId;
import io.ferry.controller.PluginInfo;
import io.ferry.controller.PluginKind;
import java.util.List;
import java.util.Set;
import org.apache.karaf.shell.support.CommandException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PoliciesCommandTest {

    private final FakeController controller = new FakeController();
    private final PoliciesCommand command = new PoliciesCommand();

    @BeforeEach
    void installStrategies() {
        command.controller = controller;
        controller.plugins.add(new PluginInfo(PluginKind.POLICY, "precopy", "io.ferry.policy-precopy", "0.1.0",
                Set.of(Capability.PRE_COPY), Set.of(Capability.DOWNTIME_LIMIT), "", List.of(new PoolId("xen"))));
        controller.plugins.add(new PluginInfo(PluginKind.POLICY, "hybrid", "io.ferry.policy-hybrid", "0.2.1",
                Set.of(Capability.ROUND_CONTROL, Capability.POSTCOPY_SWITCH), Set.of(Capability.PAGE_ORDER), "",
                List.of()));
        controller.plugins.add(new PluginInfo(PluginKind.AGENT, "threshold", "io.ferry.agent-threshold", "0.1.0",
                Set.of(), Set.of(), "", List.of(new PoolId("xen"), new PoolId("sim"))));
        controller.plugins.add(new PluginInfo(PluginKind.PREDICTOR, "ewma", "io.ferry.predictor-ewma", "0.1.0",
                Set.of(), Set.of(), "forecasts CPU", List.of()));
    }

    @Test
    void executeWhenStrategiesInstalledThenListsNamesBundlesVersionsCapabilitiesAndPools() throws Exception {
        String out = run(command);

        assertThat(line(out, "hybrid")).contains("policy", "io.ferry.policy-hybrid", "0.2.1",
                "POSTCOPY_SWITCH, ROUND_CONTROL", "PAGE_ORDER");
        assertThat(line(out, "precopy")).contains("io.ferry.policy-precopy", "0.1.0", "PRE_COPY", "DOWNTIME_LIMIT",
                "xen");
        assertThat(line(out, "threshold")).contains("agent", "io.ferry.agent-threshold", "xen, sim");
        assertThat(line(out, "ewma")).contains("predictor", "forecasts CPU");
        assertThat(out).contains("Kind", "Name", "Bundle", "Version", "Required", "Optional", "Active in");
    }

    @Test
    void executeWhenNoFormatThenRowsAreTabSeparatedWithoutBorders() throws Exception {
        command.noFormat = true;

        String out = run(command);

        assertThat(out).doesNotContain("│", "─", "┼", "|", "Bundle");
        assertThat(out.lines().map(Fixtures::cells)).contains(List.of("policy", "hybrid",
                "io.ferry.policy-hybrid", "0.2.1", "POSTCOPY_SWITCH, ROUND_CONTROL", "PAGE_ORDER", "-", "-"));
    }

    @Test
    void executeWhenKindGivenThenListsOnlyThatKind() throws Exception {
        command.kind = "agent";

        String out = run(command);

        assertThat(out).contains("threshold").doesNotContain("precopy", "hybrid", "ewma");
    }

    @Test
    void executeWhenKindUnknownThenOneLineErrorNamesTheKinds() {
        command.kind = "planner";

        assertThatThrownBy(() -> run(command)).isInstanceOf(CommandException.class).hasCauseInstanceOf(IllegalArgumentException.class)
                .hasMessage("--kind = planner: must be one of policy, agent, predictor");
    }

    @Test
    void executeWhenNothingInstalledThenSaysSo() throws Exception {
        controller.plugins.clear();

        assertThat(run(command)).contains("no strategies installed");
    }
}
