package io.ferry.agent.dqn.rl;

/**
 * An episodic environment behind the smallest interface a learner needs (Gymnasium's {@code reset}/{@code step}):
 * {@link #reset} starts an episode, {@link #step} applies one action and tells what followed. Implementations are
 * single-threaded; one episode at a time.
 *
 * @param <O> what the agent observes
 * @param <A> what the agent does
 */
public interface Environment<O, A> {

    /**
     * Starts a new episode; the previous one, if any, is abandoned.
     *
     * @param seed decides every random choice of the episode (which day, which window)
     * @return the first observation
     */
    O reset(long seed);

    /**
     * @param action what the agent does at the current observation
     * @return the next observation, the reward and whether the episode is over
     * @throws IllegalStateException when no episode is running or it is over
     */
    Step<O> step(A action);
}
