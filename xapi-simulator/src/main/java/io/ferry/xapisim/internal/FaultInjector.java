package io.ferry.xapisim.internal;

import io.ferry.engine.SeededHash;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Draws the faults of a {@link FaultPlan} with seeded generators and counts those that struck. Two streams:
 * one for the pool's own faults (migrations, drawn under the pool's lock in the order migrations start) and
 * one for the connection-level faults (slow replies, resets, drawn in the order calls arrive). Thread-safe.
 */
final class FaultInjector {

    /** The kinds of fault that are counted. */
    enum Kind {
        MIGRATION_FAILED, HOST_OFFLINE, SLOW_REPLY, SESSION_EXPIRED, CONNECTION_RESET
    }

    /** What to do to one HTTP exchange. */
    record Exchange(long delayMillis, boolean resetBefore, boolean resetAfter) {
        static final Exchange NORMAL = new Exchange(0, false, false);
    }

    private final FaultPlan plan;
    private final SplittableRandom poolRandom;
    private final SplittableRandom callRandom;
    private final Map<Kind, Long> counts = new EnumMap<>(Kind.class);

    FaultInjector(FaultPlan plan, long simulatorSeed) {
        this.plan = plan;
        long seed = plan.seed().orElse(simulatorSeed);
        this.poolRandom = new SplittableRandom(SeededHash.hash(seed, 0x504F4F4CL, 0, 0));
        this.callRandom = new SplittableRandom(SeededHash.hash(seed, 0x43414C4CL, 0, 0));
        for (Kind k : Kind.values()) {
            counts.put(k, 0L);
        }
    }

    FaultPlan plan() {
        return plan;
    }

    /** @return for a starting migration, the fraction of its first round at which it fails, or NaN for none */
    synchronized double migrationFailure() {
        if (plan.migrationFailureRate() <= 0 || poolRandom.nextDouble() >= plan.migrationFailureRate()) {
            return Double.NaN;
        }
        return 0.1 + 0.8 * poolRandom.nextDouble();
    }

    /** @return for a starting migration, the fraction of its first round at which its target goes offline, or NaN */
    synchronized double hostOffline() {
        if (plan.hostOfflineRate() <= 0 || poolRandom.nextDouble() >= plan.hostOfflineRate()) {
            return Double.NaN;
        }
        return 0.1 + 0.8 * poolRandom.nextDouble();
    }

    /** @return what to do to the next HTTP exchange */
    synchronized Exchange nextExchange() {
        long delay = 0;
        boolean before = false;
        boolean after = false;
        if (plan.slowReplyRate() > 0 && callRandom.nextDouble() < plan.slowReplyRate()) {
            delay = plan.slowMillisMin() + (plan.slowMillisMax() == plan.slowMillisMin() ? 0
                    : callRandom.nextLong(plan.slowMillisMax() - plan.slowMillisMin() + 1));
            count(Kind.SLOW_REPLY);
        }
        if (plan.resetRate() > 0 && callRandom.nextDouble() < plan.resetRate()) {
            boolean early = switch (plan.resetWhen()) {
                case BEFORE -> true;
                case AFTER -> false;
                case EITHER -> callRandom.nextBoolean();
            };
            before = early;
            after = !early;
            count(Kind.CONNECTION_RESET);
        }
        return delay == 0 && !before && !after ? Exchange.NORMAL : new Exchange(delay, before, after);
    }

    synchronized void count(Kind kind) {
        counts.merge(kind, 1L, Long::sum);
    }

    /** @return the faults that struck so far, by kind */
    synchronized Map<Kind, Long> counts() {
        return new EnumMap<>(counts);
    }
}
