package io.ferry.api;

import io.ferry.api.model.MigrationDecision;
import io.ferry.api.model.MigrationOutcome;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * <em>When, which and where</em>: from a cluster snapshot and forecasts, decides which VMs to move and to
 * which hosts, possibly none. The controller's guard then applies the safety limits (concurrency, cooldown,
 * hysteresis, maintenance, anti-affinity) before anything runs, so an agent proposes and never executes.
 *
 * <p>Register with the service property {@value #NAME_PROPERTY} equal to {@link #name()}.
 */
@ConsumerType
public interface MigrationAgent {

    /** The service property that names an agent. */
    String NAME_PROPERTY = "agent.name";

    /** @return the agent's name, unique among installed agents */
    String name();

    /**
     * @param context the pool as it is now, with forecasts and cost predictions on demand
     * @return the decisions, most urgent first; empty when nothing should move
     */
    List<MigrationDecision> decide(AgentContext context);

    /**
     * Receives the outcome of one of this agent's decisions; learning agents update from it. The default does
     * nothing.
     *
     * @param decision the decision as the agent made it
     * @param outcome  how it ended
     */
    default void learn(MigrationDecision decision, MigrationOutcome outcome) {
    }
}
