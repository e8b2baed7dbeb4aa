package io.ferry.shell.internal;

import static io.ferry.shell.internal.Fixtures.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.api.model.MigrationId;
import io.ferry.controller.ControllerException;
import io.ferry.controller.Selection;
import java.util.Optional;
import org.apache.karaf.shell.support.CommandException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** migration:dry-run, migration:rollback and migration:migrate. */
class SelectionCommandsTest {

    private final FakeController controller = new FakeController();

    @BeforeEach
    void onePool() {
        controller.pools.add(Fixtures.pool("sim", "simulator", Fixtures.selection("precopy")));
    }

    private DryRunCommand dryRun(String state) {
        DryRunCommand c = new DryRunCommand();
        c.controller = controller;
        c.state = state;
        return c;
    }

    @Test
    void dryRunOnThenPrintsTheSelectionWithDryRunOn() throws Exception {
        String out = run(dryRun("on"));

        assertThat(controller.calls).containsExactly("dry-run sim true");
        assertThat(out.lines()).containsExactly(
                "pool sim: policy precopy, agent threshold, predictor none, dry-run on",
                "decisions are recorded in the history; nothing is executed");
    }

    @Test
    void dryRunOffThenPrintsTheSelectionWithDryRunOff() throws Exception {
        String out = run(dryRun("OFF"));

        assertThat(controller.calls).containsExactly("dry-run sim false");
        assertThat(out).contains("dry-run off").contains("decisions are executed");
    }

    @Test
    void dryRunWhenStateIsNeitherOnNorOffThenRefused() {
        assertThatThrownBy(() -> run(dryRun("yes"))).hasMessage("state = yes: must be on or off");
        assertThat(controller.calls).isEmpty();
    }

    @Test
    void dryRunWhenPoolOmittedAndTwoPoolsThenOneLineErrorListsThem() {
        controller.pools.add(Fixtures.pool("xen", "xenserver", Fixtures.selection("precopy")));

        assertThatThrownBy(() -> run(dryRun("on"))).hasMessage("several pools, name one: sim, xen");
    }

    private RollbackCommand rollback() {
        RollbackCommand c = new RollbackCommand();
        c.controller = controller;
        return c;
    }

    @Test
    void rollbackThenPrintsThePreviousSelectionNowInForce() throws Exception {
        controller.previous = Optional.of(new Selection("hybrid", "threshold", Optional.of("ewma"), false));

        String out = run(rollback());

        assertThat(controller.calls).containsExactly("rollback sim");
        assertThat(out.strip()).isEqualTo(
                "rolled back: pool sim: policy hybrid, agent threshold, predictor ewma, dry-run off");
    }

    @Test
    void rollbackWhenNothingToRollBackThenTheControllersMessageSurfacesVerbatim() {
        assertThatThrownBy(() -> run(rollback())).isInstanceOf(CommandException.class).hasCauseInstanceOf(ControllerException.class)
                .hasMessage("pool sim has no previous selection");
    }

    private MigrateCommand migrate(String vm, String host) {
        MigrateCommand c = new MigrateCommand();
        c.controller = controller;
        c.vm = vm;
        c.host = host;
        return c;
    }

    @Test
    void migrateThenPrintsTheMigrationId() throws Exception {
        controller.nextMigration = new MigrationId("m-1234");

        String out = run(migrate("vm-web", "host-b"));

        assertThat(controller.calls).containsExactly("migrate sim vm-web host-b");
        assertThat(out.strip()).isEqualTo("migration m-1234: vm-web → host-b in pool sim");
    }

    @Test
    void migrateWhenPoolInDryRunThenSaysNothingIsExecuted() throws Exception {
        controller.pools.set(0, Fixtures.pool("sim", "simulator",
                new Selection("precopy", "threshold", Optional.empty(), true)));

        assertThat(run(migrate("vm-web", "host-b"))).contains("m-7", "(dry-run: recorded, not executed)");
    }

    @Test
    void migrateWhenGuardRefusesThenTheControllersMessageSurfacesVerbatim() {
        controller.refusal = new ControllerException("host host-b is in maintenance");

        assertThatThrownBy(() -> run(migrate("vm-web", "host-b"))).hasMessage("host host-b is in maintenance");
    }
}
