package io.ferry.shell.internal;

import static io.ferry.shell.internal.Fixtures.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.controller.ControllerException;
import org.apache.karaf.shell.support.CommandException;
import org.junit.jupiter.api.Test;

/**
 * Karaf's shell (ShellUtil.logException) logs an exception whose class is named {@code CommandException} at DEBUG
 * and prints its one line; anything else it logs as an ERROR with the stack trace. A refusal is not a server error.
 */
class RefusalTest {

    private final FakeController controller = new FakeController();

    @Test
    void executeWhenControllerRefusesThenKarafCommandExceptionWithTheRefusalAsItsLine() {
        controller.pools.add(Fixtures.pool("sim", "simulator", Fixtures.selection("precopy")));
        controller.refusal = new ControllerException("pool sim has no previous selection");
        RollbackCommand command = new RollbackCommand();
        command.controller = controller;

        assertThatThrownBy(() -> run(command))
                .satisfies(e -> assertThat(e.getClass().getSimpleName()).isEqualTo("CommandException"))
                .isInstanceOf(CommandException.class)
                .hasMessage("pool sim has no previous selection")
                .hasCauseInstanceOf(ControllerException.class);
    }

    @Test
    void executeWhenInputIsBadThenKarafCommandExceptionWhoseNiceHelpIsOneLine() {
        HistoryCommand command = new HistoryCommand();
        command.controller = controller;
        command.limit = 0;

        assertThatThrownBy(() -> run(command)).isInstanceOfSatisfying(CommandException.class, e -> {
            assertThat(e.getMessage()).isEqualTo("-n = 0: must be >= 1");
            assertThat(e.getNiceHelp()).contains("Error executing command: -n = 0: must be >= 1").doesNotContain("\n");
        });
    }

    @Test
    void executeWhenControllerMissingThenRefusedInOneLine() {
        assertThatThrownBy(() -> run(new RollbackCommand())).isInstanceOf(CommandException.class)
                .hasMessage("the Ferry controller is not available");
    }

    @Test
    void executeWhenTheCommandHasADefectThenItPropagatesUnchangedForKarafToLogAsAnError() {
        MigrationCommandSupport broken = new MigrationCommandSupport() {
            @Override
            protected void doExecute() {
                throw new IllegalStateException("defect");
            }
        };
        broken.controller = controller;

        assertThatThrownBy(() -> run(broken)).isExactlyInstanceOf(IllegalStateException.class).hasMessage("defect");
    }
}
