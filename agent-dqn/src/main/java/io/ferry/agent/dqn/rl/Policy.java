package io.ferry.agent.dqn.rl;

/**
 * Chooses one action for one state. {@link GreedyPolicy} takes the best action of a {@link QFunction}; exploration
 * (epsilon-greedy) is a decorator around a policy, so that training and deciding run through the same agent code.
 * A policy may keep state (a random generator, a step counter); the agent calls it from one thread per cycle.
 */
public interface Policy {

    /**
     * @param features one state's features
     * @return the action's index (its ordinal among the agent's actions), &gt;= 0
     */
    int act(double[] features);
}
