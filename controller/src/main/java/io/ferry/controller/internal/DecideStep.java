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

    /**
     * The agent failed: the cycle records it and decides nothing. What status shows is one line: the first line of
     * the agent's message (its own words, e.g. {@code model file X expects 14 features, this agent builds 16}),
     * or the exception's simple class name when it gave none; never a class name before a message, never a stack.
     */
    static final class AgentFailed extends Exception {
        private static final long serialVersionUID = 1L;

        private final String inLastCycle;

        AgentFailed(String agent, Throwable cause) {
            super("agent '" + agent + "' failed: " + oneLine(cause), null, false, false);
            this.inLastCycle = "agent '" + agent + "' failed in the last cycle: " + oneLine(cause);
        }

        /** @return the failure as status shows it */
        String inLastCycle() {
            return inLastCycle;
        }
    }

    /**
     * @return the first line of the failure's message; for a failed class initialisation, of its cause's; the
     *         simple class name when there is no message
     */
    static String oneLine(Throwable e) {
        Throwable t = e instanceof ExceptionInInitializerError && e.getCause() != null ? e.getCause() : e;
        String message = t.getMessage();
        if (message == null || message.isBlank()) {
            return t.getClass().getSimpleName();
        }
        String first = message.strip();
        int newline = first.indexOf('\n');
        return (newline < 0 ? first : first.substring(0, newline)).strip();
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
