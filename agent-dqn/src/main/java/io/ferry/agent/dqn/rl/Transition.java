package io.ferry.agent.dqn.rl;

import java.util.Arrays;
import java.util.Objects;

/**
 * One step of experience: in {@code state} the agent took {@code action}, received {@code reward} and reached
 * {@code next} (absent when the episode ended there). Immutable: arrays are copied in and out.
 *
 * @param state    the features the action was chosen on
 * @param action   the action's index, &gt;= 0
 * @param reward   the reward, finite (a cost is a negative reward)
 * @param next     the features of the same subject one step later; null when {@code terminal}
 * @param terminal whether no further reward follows (the episode ended, or the host left the pool)
 */
public record Transition(double[] state, int action, double reward, double[] next, boolean terminal) {

    public Transition {
        Objects.requireNonNull(state, "state");
        if (action < 0) {
            throw new IllegalArgumentException("action = " + action + ": must be >= 0");
        }
        if (!Double.isFinite(reward)) {
            throw new IllegalArgumentException("reward = " + reward + ": must be finite");
        }
        if (terminal != (next == null)) {
            throw new IllegalArgumentException(terminal ? "a terminal transition has no next state"
                    : "a transition that is not terminal needs a next state");
        }
        if (next != null && next.length != state.length) {
            throw new IllegalArgumentException("next has " + next.length + " features, state " + state.length);
        }
        state = state.clone();
        next = next == null ? null : next.clone();
    }

    @Override
    public double[] state() {
        return state.clone();
    }

    @Override
    public double[] next() {
        return next == null ? null : next.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Transition t && action == t.action && Double.compare(reward, t.reward) == 0
                && terminal == t.terminal && Arrays.equals(state, t.state) && Arrays.equals(next, t.next);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(state), action, reward, Arrays.hashCode(next), terminal);
    }

    @Override
    public String toString() {
        return "Transition[" + Arrays.toString(state) + " a" + action + " r" + reward + " -> "
                + (terminal ? "end" : Arrays.toString(next)) + "]";
    }
}
