package io.ferry.shell.internal;

import static io.ferry.shell.internal.Fixtures.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.controller.ControllerException;
import org.apache.karaf.shell.support.CommandException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UseCommandTest {

    private final FakeController controller = new FakeController();
    private final UseCommand command = new UseCommand();

    @BeforeEach
    void onePool() {
        command.controller = controller;
        controller.pools.add(Fixtures.pool("sim", "simulator", Fixtures.selection("precopy")));
    }

    @Test
    void executeWhenPolicyGivenAndOnePoolThenSelectsItThereAndPrintsTheSelection() throws Exception {
        command.policy = "hybrid";

        String out = run(command);

        assertThat(controller.calls).containsExactly("select sim POLICY 'hybrid'");
        assertThat(out).isEqualTo("pool sim: policy hybrid, agent threshold, predictor none, dry-run off"
                + System.lineSeparator());
    }

    @Test
    void executeWhenAgentGivenThenSelectsTheAgent() throws Exception {
        command.agent = "dqn";

        assertThat(run(command)).contains("agent dqn");
        assertThat(controller.calls).containsExactly("select sim AGENT 'dqn'");
    }

    @Test
    void executeWhenPredictorNoneThenSelectsNoPredictor() throws Exception {
        command.predictor = "none";

        assertThat(run(command)).contains("predictor none");
        assertThat(controller.calls).containsExactly("select sim PREDICTOR ''");
    }

    @Test
    void executeWhenPredictorNamedThenPrintsIt() throws Exception {
        command.predictor = "ewma";

        assertThat(run(command)).contains("predictor ewma");
    }

    @Test
    void executeWhenPolicyNeedsACapabilityThePoolLacksThenTheControllersMessageSurfacesVerbatim() {
        String refusal = "policy 'postcopy' needs POST_COPY (post-copy: resume on the target, fetch pages on fault),"
                + " which pool sim (xenserver) lacks";
        controller.refusal = new ControllerException(refusal);
        command.policy = "postcopy";

        assertThatThrownBy(() -> run(command)).isInstanceOf(CommandException.class).hasCauseInstanceOf(ControllerException.class).hasMessage(refusal);
    }

    @Test
    void executeWhenNameUnknownThenTheControllersListOfInstalledNamesSurfacesVerbatim() {
        String refusal = "unknown policy 'fast': installed policies are hybrid, postcopy, precopy";
        controller.refusal = new ControllerException(refusal);
        command.policy = "fast";

        assertThatThrownBy(() -> run(command)).hasMessage(refusal);
    }

    @Test
    void executeWhenTwoKindsGivenThenRefusedBeforeAskingTheController() {
        command.policy = "hybrid";
        command.agent = "dqn";

        assertThatThrownBy(() -> run(command)).isInstanceOf(CommandException.class).hasCauseInstanceOf(IllegalArgumentException.class)
                .hasMessage("give exactly one of --policy, --agent or --predictor (got --policy, --agent)");
        assertThat(controller.calls).isEmpty();
    }

    @Test
    void executeWhenNothingGivenThenRefused() {
        assertThatThrownBy(() -> run(command)).hasMessage("give exactly one of --policy, --agent or --predictor");
    }

    @Test
    void executeWhenPoolOmittedAndTwoPoolsThenOneLineErrorListsThem() {
        controller.pools.add(Fixtures.pool("xen", "xenserver", Fixtures.selection("precopy")));
        command.policy = "hybrid";

        assertThatThrownBy(() -> run(command)).isInstanceOf(CommandException.class).hasCauseInstanceOf(IllegalArgumentException.class)
                .hasMessage("several pools, name one: sim, xen");
        assertThat(controller.calls).isEmpty();
    }

    @Test
    void executeWhenPoolNamedAmongTwoThenSelectsThere() throws Exception {
        controller.pools.add(Fixtures.pool("xen", "xenserver", Fixtures.selection("precopy")));
        command.pool = "xen";
        command.policy = "hybrid";

        assertThat(run(command)).startsWith("pool xen: policy hybrid");
        assertThat(controller.calls).containsExactly("select xen POLICY 'hybrid'");
    }

    @Test
    void executeWhenPoolUnknownThenOneLineErrorListsThePools() {
        command.pool = "kvm";
        command.policy = "hybrid";

        assertThatThrownBy(() -> run(command)).hasMessage("unknown pool 'kvm': pools are sim");
    }

    @Test
    void executeWhenNoPoolAttachedThenSaysSo() {
        controller.pools.clear();
        command.policy = "hybrid";

        assertThatThrownBy(() -> run(command)).hasMessage("no pool is attached to the controller");
    }
}
