package io.ferry.controller.internal;

import io.ferry.api.AgentContext;
import io.ferry.api.MigrationAgent;
import io.ferry.api.model.MigrationDecision;
import java.util.List;
import java.util.Objects;

/**
 * The decide step of the cycle, third of seven: asks the pool's selected agent which VMs to move where, handing
 * it a {@link CycleContext} (snapshot, forecasts, plans, what the guard will refuse). Drops null decisions; the
 * guard judges the rest one by one.
 *
 * <p>Cost: the agent's own. Stateless.
 */
final class DecideStep {

    /** The agent failed: the cycle records it and decides nothing. */
    static final class AgentFailed extends Exception {
        private static final long serialVersionUID = 1L;

        private final String inLastCycle;

        AgentFailed(String agent, Throwable cause) {
            super("agent '" + agent + "' failed: " + cause, null, false, false);
            this.inLastCycle = "agent '" + agent + "' failed in the last cycle: " + cause;
        }

        /** @return the failure as status shows it */
        String inLastCycle() {
            return inLastCycle;
        }
    }

    private DecideStep() {
    }

    /**
     * @return the agent's decisions, without nulls, in its order
     * @throws AgentFailed with one line naming the agent when it threw
     */
    static List<MigrationDecision> decide(PluginRegistry.Entry<MigrationAgent> agent, AgentContext context)
            throws AgentFailed {
        List<MigrationDecision> proposed;
        try {
            proposed = agent.service().decide(context);
        } catch (RuntimeException | LinkageError e) {
            throw new AgentFailed(agent.name(), e);
        }
        return proposed == null ? List.of() : proposed.stream().filter(Objects::nonNull).toList();
    }
}
