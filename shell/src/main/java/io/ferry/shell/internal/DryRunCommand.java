package io.ferry.shell.internal;

import io.ferry.api.model.PoolId;
import io.ferry.controller.ControllerException;
import io.ferry.controller.Selection;
import io.ferry.shell.internal.completers.PoolNameCompleter;
import java.util.Locale;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/**
 * {@code migration:dry-run}: turns a pool's dry-run on or off. In dry-run the controller still decides, guards
 * and audits every migration, and executes none; migrations already in flight finish. Prints the selection with
 * its dry-run state. Cost: one configuration update.
 */
@Command(scope = "migration", name = "dry-run",
        description = "Turns a pool's dry-run on (decide and record, execute nothing) or off. --pool may be omitted "
                + "when there is one pool.")
@Service
public class DryRunCommand extends MigrationCommandSupport {

    @Option(name = "--pool", description = "The pool (default: the only pool)")
    @Completion(PoolNameCompleter.class)
    String pool;

    @Argument(index = 0, name = "state", description = "on or off", required = true)
    @Completion(value = StringsCompleter.class, values = {"on", "off"})
    String state;

    @Override
    protected void doExecute() throws ControllerException {
        boolean on = switch (state.toLowerCase(Locale.ROOT)) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new IllegalArgumentException("state = " + state + ": must be on or off");
        };
        PoolId id = onePool(pool);
        Selection now = controller.dryRun(id, on);
        System.out.println(Formats.selection(id, now));
        System.out.println(now.dryRun() ? "decisions are recorded in the history; nothing is executed"
                : "decisions are executed");
    }
}
