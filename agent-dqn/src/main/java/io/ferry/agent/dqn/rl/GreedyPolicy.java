package io.ferry.agent.dqn.rl;

import java.util.Objects;

/**
 * The greedy policy of a {@link QFunction}: the action with the highest value; on a tie the lowest index (for the DQN
 * agent, {@code KEEP} wins every tie, so an undecided network leaves the pool alone). Throws when a value is not
 * finite rather than acting on it. Cost: one evaluation of the Q-function plus O(actions). Stateless and
 * thread-safe when the Q-function is.
 */
public final class GreedyPolicy implements Policy {

    private final QFunction q;

    /** @param q the values to maximise */
    public GreedyPolicy(QFunction q) {
        this.q = Objects.requireNonNull(q, "q");
    }

    /** @return the values this policy maximises */
    public QFunction values() {
        return q;
    }

    @Override
    public int act(double[] features) {
        return argmax(q.q(features));
    }

    /**
     * @param values action values, at least one
     * @return the index of the largest, the lowest index on a tie
     * @throws IllegalStateException when a value is NaN or infinite (one line naming which)
     */
    public static int argmax(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no action values to choose from");
        }
        int best = 0;
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalStateException("Q value of action " + i + " is " + values[i] + ": not a number to act on");
            }
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    @Override
    public String toString() {
        return "greedy(" + q + ")";
    }
}
