package io.ferry.guard;

import java.time.Duration;

/**
 * The settings of a {@link Guard}: which rules apply and their limits. The defaults ({@link #defaults()}) are
 * those of a controller pool without configuration ({@code io.ferry.pool}); {@link #off()} applies none, as the
 * CloudSim-compatible runs of the data-centre engine need (CloudSim 3.0.3 applies no such rules).
 *
 * <p>Immutable and validated on construction: an out-of-range value fails with one line,
 * {@code name = value: must …}. The ranges are the widest that make sense (a simulated data centre may allow
 * thousands of concurrent migrations); a configuration front end such as the controller's pool settings checks its
 * own narrower ranges first. Cost: none beyond the record.
 *
 * @param enabled              whether the rules apply at all; when false, {@link Guard#check} refuses only what
 *                             cannot run (a VM that is not in the pool, not running, not on the decision's source,
 *                             already moving, or a target not in the pool), and no cooldown or back-off is
 *                             recorded
 * @param maxConcurrentPerPool migrations in flight in the pool, at least 1
 * @param maxConcurrentPerHost migrations in flight per host, in or out, at least 1
 * @param cooldown             a VM that moved is left alone this long, not negative
 * @param failureBackoff       a VM whose migration failed (or was refused by the hypervisor) is skipped this long,
 *                             not negative
 * @param hysteresis           whether an agent's decision must also pass the hysteresis rule (never an operator's):
 *                             the source has been at least {@code hotThreshold} busy for {@code hold}, or the agent
 *                             has proposed the VM for that long, and, from a hot source, the move narrows the CPU
 *                             gap between source and target by at least {@code minImprovement}
 * @param hotThreshold         hysteresis: the CPU share, in [0, 1], from which a host counts as hot
 * @param hold                 hysteresis: how long the condition must have held, not negative
 * @param minImprovement       hysteresis: how much the move must narrow the CPU gap, in [0, 1]
 * @param antiAffinityPrefix   VM tags with this prefix name anti-affinity groups (two VMs of a group never share a
 *                             host); empty: no groups
 */
public record GuardRules(boolean enabled, int maxConcurrentPerPool, int maxConcurrentPerHost, Duration cooldown,
        Duration failureBackoff, boolean hysteresis, double hotThreshold, Duration hold, double minImprovement,
        String antiAffinityPrefix) {

    /** Migrations in flight in the pool by default. */
    public static final int DEFAULT_MAX_CONCURRENT_PER_POOL = 2;
    /** Migrations in flight per host, in or out, by default. */
    public static final int DEFAULT_MAX_CONCURRENT_PER_HOST = 1;
    /** The default cooldown after a move, in seconds. */
    public static final long DEFAULT_COOLDOWN_SECONDS = 600;
    /** The default back-off after a failed migration, in seconds. */
    public static final long DEFAULT_FAILURE_BACKOFF_SECONDS = 300;
    /** The default CPU share from which a host counts as hot. */
    public static final double DEFAULT_HOT_THRESHOLD = 0.8;
    /** The default hold time of the hysteresis rule, in seconds. */
    public static final long DEFAULT_HOLD_SECONDS = 20;
    /** The default minimum narrowing of the CPU gap. */
    public static final double DEFAULT_MIN_IMPROVEMENT = 0.05;
    /** The default prefix of anti-affinity tags. */
    public static final String DEFAULT_ANTI_AFFINITY_PREFIX = "aa:";

    /** Checks every value. */
    public GuardRules {
        atLeastOne("maxConcurrentPerPool", maxConcurrentPerPool);
        atLeastOne("maxConcurrentPerHost", maxConcurrentPerHost);
        notNegative("cooldown", cooldown);
        notNegative("failureBackoff", failureBackoff);
        share("hotThreshold", hotThreshold);
        notNegative("hold", hold);
        share("minImprovement", minImprovement);
        if (antiAffinityPrefix == null) {
            throw new IllegalArgumentException("antiAffinityPrefix = null: must be a prefix, empty for no groups");
        }
    }

    /** @return every rule on, with the defaults of a controller pool without configuration */
    public static GuardRules defaults() {
        return new GuardRules(true, DEFAULT_MAX_CONCURRENT_PER_POOL, DEFAULT_MAX_CONCURRENT_PER_HOST,
                Duration.ofSeconds(DEFAULT_COOLDOWN_SECONDS), Duration.ofSeconds(DEFAULT_FAILURE_BACKOFF_SECONDS), true,
                DEFAULT_HOT_THRESHOLD, Duration.ofSeconds(DEFAULT_HOLD_SECONDS), DEFAULT_MIN_IMPROVEMENT,
                DEFAULT_ANTI_AFFINITY_PREFIX);
    }

    /** @return no rule on: the guard refuses only what cannot run (see {@link #enabled()}) */
    public static GuardRules off() {
        return defaults().withEnabled(false);
    }

    /** @return these rules, on or off */
    public GuardRules withEnabled(boolean on) {
        return new GuardRules(on, maxConcurrentPerPool, maxConcurrentPerHost, cooldown, failureBackoff, hysteresis,
                hotThreshold, hold, minImprovement, antiAffinityPrefix);
    }

    /** @return these rules with other concurrency limits */
    public GuardRules withConcurrency(int perPool, int perHost) {
        return new GuardRules(enabled, perPool, perHost, cooldown, failureBackoff, hysteresis, hotThreshold, hold,
                minImprovement, antiAffinityPrefix);
    }

    /** @return these rules with another cooldown after a move and back-off after a failure */
    public GuardRules withCooldown(Duration afterMove, Duration afterFailure) {
        return new GuardRules(enabled, maxConcurrentPerPool, maxConcurrentPerHost, afterMove, afterFailure,
                hysteresis, hotThreshold, hold, minImprovement, antiAffinityPrefix);
    }

    /** @return these rules with the hysteresis rule on, with these settings */
    public GuardRules withHysteresis(double hot, Duration holdFor, double improvement) {
        return new GuardRules(enabled, maxConcurrentPerPool, maxConcurrentPerHost, cooldown, failureBackoff, true,
                hot, holdFor, improvement, antiAffinityPrefix);
    }

    /** @return these rules without the hysteresis rule (its settings kept) */
    public GuardRules withoutHysteresis() {
        return new GuardRules(enabled, maxConcurrentPerPool, maxConcurrentPerHost, cooldown, failureBackoff, false,
                hotThreshold, hold, minImprovement, antiAffinityPrefix);
    }

    /** @return these rules with another anti-affinity prefix; empty: no groups */
    public GuardRules withAntiAffinityPrefix(String prefix) {
        return new GuardRules(enabled, maxConcurrentPerPool, maxConcurrentPerHost, cooldown, failureBackoff,
                hysteresis, hotThreshold, hold, minImprovement, prefix);
    }

    private static void atLeastOne(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " = " + value + ": must be at least 1");
        }
    }

    private static void notNegative(String name, Duration value) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException(name + " = " + value + ": must be a duration, not negative");
        }
    }

    private static void share(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " = " + value + ": must be in [0, 1]");
        }
    }
}
