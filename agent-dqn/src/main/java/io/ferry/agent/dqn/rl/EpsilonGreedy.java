package io.ferry.agent.dqn.rl;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * ε-greedy exploration as a decorator: with probability ε (from an {@link EpsilonSchedule} by the number of calls
 * so far) a uniformly random action among {@code actions}, else the delegate's. The delegate is asked only when
 * exploiting, so a greedy delegate costs nothing while exploring. Deterministic for a seeded generator and the
 * same sequence of calls. Not thread-safe (a step counter and the generator): one per training loop.
 */
public final class EpsilonGreedy implements Policy {

    private final Policy delegate;
    private final int actions;
    private final EpsilonSchedule schedule;
    private final RandomGenerator random;
    private long steps;

    /**
     * @param delegate the policy exploited
     * @param actions  how many actions there are, &gt;= 1
     * @param schedule ε by step
     * @param random   the generator of the coin and the random action
     */
    public EpsilonGreedy(Policy delegate, int actions, EpsilonSchedule schedule, RandomGenerator random) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        if (actions < 1) {
            throw new IllegalArgumentException("actions = " + actions + ": must be >= 1");
        }
        this.actions = actions;
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        this.random = Objects.requireNonNull(random, "random");
    }

    @Override
    public int act(double[] features) {
        double epsilon = schedule.epsilon(steps);
        steps++;
        if (random.nextDouble() < epsilon) {
            return random.nextInt(actions);
        }
        return delegate.act(features);
    }

    /** @return ε for the next call */
    public double epsilon() {
        return schedule.epsilon(steps);
    }

    /** @return how many actions were chosen so far */
    public long steps() {
        return steps;
    }

    @Override
    public String toString() {
        return "epsilon-greedy(" + schedule + ", " + delegate + ")";
    }
}
