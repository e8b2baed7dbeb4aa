package io.ferry.agent.dqn.rl;

/**
 * An action-value function: for one state's feature vector, the estimated return of each action. The DQN agent's
 * {@code QNetwork} is one (a plain-Java forward pass); a learner's online DL4J network can be wrapped as another.
 * Implementations are expected to be cheap (microseconds) and, when immutable, thread-safe.
 */
public interface QFunction {

    /**
     * @param features one state's features, as {@code HostFeatures} encodes them
     * @return one value per action, index = the action's ordinal; a fresh array the caller may keep
     */
    double[] q(double[] features);
}
