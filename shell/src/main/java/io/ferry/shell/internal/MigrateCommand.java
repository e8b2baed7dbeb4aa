package io.ferry.shell.internal;

import io.ferry.api.model.HostId;
import io.ferry.api.model.MigrationId;
import io.ferry.api.model.PoolId;
import io.ferry.api.model.VmId;
import io.ferry.controller.ControllerException;
import io.ferry.controller.PoolStatus;
import io.ferry.shell.internal.completers.HostIdCompleter;
import io.ferry.shell.internal.completers.PoolNameCompleter;
import io.ferry.shell.internal.completers.VmIdCompleter;
import java.util.Optional;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code migration:migrate}: an operator's manual migration. It bypasses only the agent: the controller's guard
 * (concurrency, maintenance, anti-affinity, cooldown) may refuse it, the pool's active policy moves the VM, and
 * the decision and its outcome are audited like any other (in dry-run it is recorded and not executed). Prints
 * the migration's id, to follow with {@code migration:status} and {@code migration:history}. Returns when the
 * migration has started, not when it ends. The VM and the host may be given by id or by name label (a name several
 * share is refused with one line listing their ids; see {@link Names}).
 */
@Command(scope = "migration", name = "migrate",
        description = "Migrates one VM to a host now, through the controller's guard and the pool's active policy, "
                + "and prints the migration id. VM and host by id or name label. --pool may be omitted when there is one "
                + "pool.")
@Service
public class MigrateCommand extends MigrationCommandSupport {

    @Option(name = "--pool", description = "The pool (default: the only pool)")
    @Completion(PoolNameCompleter.class)
    String pool;

    @Argument(index = 0, name = "vm", description = "The VM's id (a XAPI UUID on XenServer) or its name label",
            required = true)
    @Completion(VmIdCompleter.class)
    String vm;

    @Argument(index = 1, name = "host", description = "The target host's id or its name label", required = true)
    @Completion(HostIdCompleter.class)
    String host;

    @Override
    protected void doExecute() throws ControllerException {
        PoolId id = onePool(pool);
        Optional<PoolStatus> status = controller.pool(id);
        VmId vmId = status.map(p -> Names.vm(p, vm)).orElse(new VmId(vm));
        HostId hostId = status.map(p -> Names.host(p, host)).orElse(new HostId(host));
        MigrationId migration = controller.migrate(id, vmId, hostId);
        boolean dryRun = status.map(p -> p.selection().dryRun()).orElse(false);
        Names names = Names.of(status.stream().toList());
        System.out.println("migration " + migration + ": " + names.vm(id, vmId) + Formats.ARROW
                + names.host(id, hostId) + " in pool " + id + (dryRun ? " (dry-run: recorded, not executed)" : ""));
    }
}
