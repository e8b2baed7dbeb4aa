package io.ferry.shell.internal;

import io.ferry.api.model.PoolId;
import io.ferry.controller.ControllerException;
import io.ferry.controller.PluginKind;
import io.ferry.controller.Selection;
import io.ferry.shell.internal.completers.AgentNameCompleter;
import io.ferry.shell.internal.completers.PolicyNameCompleter;
import io.ferry.shell.internal.completers.PoolNameCompleter;
import io.ferry.shell.internal.completers.PredictorNameCompleter;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code migration:use}: selects a pool's active policy, agent or predictor, from the pool's next decision on;
 * migrations in flight finish with the policy they started with. The controller decides whether the choice is
 * valid (installed; the pool's hypervisor offers every capability a policy requires) and persists it as the
 * pool's configuration; its refusal is printed as it gave it and the selection stays as it was. Cost: one
 * configuration update.
 */
@Command(scope = "migration", name = "use",
        description = "Selects a pool's active policy, agent or predictor, from its next decision on; give exactly "
                + "one of --policy, --agent or --predictor (--predictor none: decide without forecasts). Prints the "
                + "selection now in force. --pool may be omitted when there is one pool.")
@Service
public class UseCommand extends MigrationCommandSupport {

    @Option(name = "--pool", description = "The pool (default: the only pool)")
    @Completion(PoolNameCompleter.class)
    String pool;

    @Option(name = "--policy", description = "The migration policy to use (how VMs move)")
    @Completion(PolicyNameCompleter.class)
    String policy;

    @Option(name = "--agent", description = "The agent to use (when, which VM, where)")
    @Completion(AgentNameCompleter.class)
    String agent;

    @Option(name = "--predictor", description = "The predictor to use, or none")
    @Completion(PredictorNameCompleter.class)
    String predictor;

    @Override
    protected void doExecute() throws ControllerException {
        List<String> given = new ArrayList<>();
        PluginKind kind = null;
        String name = null;
        if (policy != null) {
            given.add("--policy");
            kind = PluginKind.POLICY;
            name = policy;
        }
        if (agent != null) {
            given.add("--agent");
            kind = PluginKind.AGENT;
            name = agent;
        }
        if (predictor != null) {
            given.add("--predictor");
            kind = PluginKind.PREDICTOR;
            name = PredictorNameCompleter.NONE.equals(predictor) ? "" : predictor;
        }
        if (given.size() != 1) {
            throw new IllegalArgumentException("give exactly one of --policy, --agent or --predictor"
                    + (given.isEmpty() ? "" : " (got " + String.join(", ", given) + ")"));
        }
        PoolId id = onePool(pool);
        Selection now = controller.select(id, kind, name);
        System.out.println(Formats.selection(id, now));
    }
}
