package io.ferry.shell.internal;

import io.ferry.api.model.PoolId;
import io.ferry.controller.ControllerException;
import io.ferry.shell.internal.completers.PoolNameCompleter;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code migration:rollback}: restores the selection that was in force before the pool's last change, from its
 * next decision on, and prints it. The controller refuses, in one line, when there is nothing to roll back to or
 * when the previous policy is no longer installed or no longer fits the hypervisor. Cost: one configuration
 * update.
 */
@Command(scope = "migration", name = "rollback",
        description = "Restores a pool's previous selection (policy, agent, predictor, dry-run) and prints it. The "
                + "pool may be omitted when there is one.")
@Service
public class RollbackCommand extends MigrationCommandSupport {

    @Argument(index = 0, name = "pool", description = "The pool (default: the only pool)")
    @Completion(PoolNameCompleter.class)
    String pool;

    @Override
    protected void doExecute() throws ControllerException {
        PoolId id = onePool(pool);
        System.out.println("rolled back: " + Formats.selection(id, controller.rollback(id)));
    }
}
