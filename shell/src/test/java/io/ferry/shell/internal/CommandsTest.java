package io.ferry.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.junit.jupiter.api.Test;

/** What Karaf's command extender will find in the bundle: the verbs of scope migration, each a @Service. */
class CommandsTest {

    private static final List<Class<? extends MigrationCommandSupport>> COMMANDS = List.of(PoliciesCommand.class,
            StatusCommand.class, UseCommand.class, CompareCommand.class, HistoryCommand.class, RollbackCommand.class,
            DryRunCommand.class, MigrateCommand.class);

    @Test
    void everyCommandIsAServiceInScopeMigrationWithADescription() {
        assertThat(COMMANDS).allSatisfy(c -> {
            assertThat(c.getAnnotation(Service.class)).as(c.getSimpleName() + " @Service").isNotNull();
            Command command = c.getAnnotation(Command.class);
            assertThat(command.scope()).isEqualTo("migration");
            assertThat(command.description()).isNotBlank();
        });
        assertThat(COMMANDS.stream().map(c -> c.getAnnotation(Command.class).name())).containsExactlyInAnyOrder(
                "policies", "status", "use", "compare", "history", "rollback", "dry-run", "migrate");
    }

    @Test
    void everyListingCommandHasNoFormat() {
        Stream.of(PoliciesCommand.class, StatusCommand.class, HistoryCommand.class, CompareCommand.class)
                .forEach(c -> assertThat(Stream.of(c.getDeclaredFields()).map(f -> f.getAnnotation(Option.class))
                        .filter(o -> o != null).map(Option::name)).as(c.getSimpleName()).contains("--no-format"));
    }

    @Test
    void executeWithoutControllerThenOneLineError() {
        StatusCommand command = new StatusCommand();

        org.assertj.core.api.Assertions.assertThatThrownBy(command::execute)
                .hasMessage("the Ferry controller is not available");
    }
}
