package io.ferry.agent.dqn.rl;

/**
 * Exploration over time: ε decays linearly from {@link #start()} to {@link #end()} over {@link #decaySteps()}
 * decisions and stays at {@link #end()} after, as in Mnih et al. (Nature 518, 2015: 1.0 to 0.1 over the first
 * million frames). {@link #DEFAULTS}: 1.0 to 0.05 over 20 000 host decisions (about a quarter of a default training
 * run of the DQN agent). Immutable.
 *
 * @param start      ε at step 0, in [0, 1]
 * @param end        ε from {@code decaySteps} on, in [0, 1]
 * @param decaySteps how many steps the decay takes, &gt;= 0 (0: {@code end} from the start)
 */
public record EpsilonSchedule(double start, double end, long decaySteps) {

    /** ε at step 0 by default. */
    public static final double DEFAULT_START = 1.0;
    /** ε after the decay by default. */
    public static final double DEFAULT_END = 0.05;
    /** Steps (host decisions) of the decay by default. */
    public static final long DEFAULT_DECAY_STEPS = 20_000;
    /** 1.0 to 0.05 over 20 000 steps. */
    public static final EpsilonSchedule DEFAULTS = new EpsilonSchedule(DEFAULT_START, DEFAULT_END,
            DEFAULT_DECAY_STEPS);

    public EpsilonSchedule {
        if (!(start >= 0 && start <= 1) || !(end >= 0 && end <= 1)) {
            throw new IllegalArgumentException("epsilon from " + start + " to " + end + ": both must be in [0, 1]");
        }
        if (decaySteps < 0) {
            throw new IllegalArgumentException("decaySteps = " + decaySteps + ": must be >= 0");
        }
    }

    /**
     * @param step how many steps were taken before, &gt;= 0
     * @return ε for the next one
     */
    public double epsilon(long step) {
        if (step >= decaySteps) {
            return end;
        }
        return start + (end - start) * ((double) Math.max(0, step) / decaySteps);
    }
}
