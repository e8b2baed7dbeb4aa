package io.ferry.agent.dqn.internal.service;

import io.ferry.agent.dqn.DqnAgent;
import io.ferry.api.AgentContext;
import io.ferry.api.MigrationAgent;
import io.ferry.api.model.MigrationDecision;
import io.ferry.api.model.MigrationOutcome;
import java.util.List;
import java.util.Optional;

/**
 * The {@link MigrationAgent} service the component registers as {@value DqnAgent#NAME}: the {@link DqnAgent}, and
 * after each decision a look at whether a fine-tuning run is due (two counters; the run itself goes to the
 * component's thread). Built without an agent when the configuration is invalid: then every {@link #decide}
 * throws that one line, so that the pool does not decide and its status says why; a model file that cannot be
 * used is the agent's own refusal ({@link DqnAgent#withoutModel}). Thread-safe as {@link DqnAgent} is.
 */
final class RegisteredDqnAgent implements MigrationAgent {

    private final DqnAgent agent;
    private final FineTuning tuning;
    private final IllegalArgumentException refusal;

    RegisteredDqnAgent(DqnAgent agent, FineTuning tuning) {
        this.agent = agent;
        this.tuning = tuning;
        this.refusal = null;
    }

    private RegisteredDqnAgent(IllegalArgumentException refusal) {
        this.agent = null;
        this.tuning = null;
        this.refusal = refusal;
    }

    /** @return an agent whose every decision throws {@code refusal} */
    static RegisteredDqnAgent refusing(IllegalArgumentException refusal) {
        return new RegisteredDqnAgent(refusal);
    }

    @Override
    public String name() {
        return DqnAgent.NAME;
    }

    /**
     * @throws io.ferry.agent.dqn.ModelFileException when the model file cannot be used
     * @throws IllegalArgumentException              when the configuration is invalid
     */
    @Override
    public List<MigrationDecision> decide(AgentContext context) {
        if (agent == null) {
            throw refusal;
        }
        try {
            return agent.decide(context);
        } finally {
            tuning.maybeStart();
        }
    }

    @Override
    public void learn(MigrationDecision decision, MigrationOutcome outcome) {
        if (agent != null) {
            agent.learn(decision, outcome);
        }
    }

    /** @return the agent; empty when the configuration is invalid */
    Optional<DqnAgent> agent() {
        return Optional.ofNullable(agent);
    }

    /** @return why every decision is refused (the configuration, or the model file); empty when it decides */
    Optional<String> refusal() {
        return agent == null ? Optional.of(refusal.getMessage()) : agent.problem().map(Throwable::getMessage);
    }

    /** @return its fine-tuning; empty when the configuration is invalid */
    Optional<FineTuning> tuning() {
        return Optional.ofNullable(tuning);
    }

    @Override
    public String toString() {
        return agent != null ? agent.toString() : DqnAgent.NAME + "[refused: " + refusal.getMessage() + "]";
    }
}
