package io.ferry.agent.dqn.rl;

import java.util.Objects;

/**
 * What one {@link Environment#step} produced.
 *
 * @param observation the observation after the action (when {@code done}, the last one, not to act on)
 * @param reward      the reward of the step, finite (a cost is negative); an environment with several acting
 *                    subjects (hosts) carries their own rewards in the observation and their sum here
 * @param done        whether the episode is over
 * @param <O>         the observation type
 */
public record Step<O>(O observation, double reward, boolean done) {

    public Step {
        Objects.requireNonNull(observation, "observation");
        if (!Double.isFinite(reward)) {
            throw new IllegalArgumentException("reward = " + reward + ": must be finite");
        }
    }
}
