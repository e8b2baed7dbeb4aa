package io.ferry.engine;

import java.time.Duration;

/**
 * Knobs of the engine itself, as opposed to the scenario or the policy.
 *
 * @param roundSyncCost    time each pre-copy round spends synchronising the dirty log before it sends (the
 *                         guest keeps running meanwhile); default 0
 * @param maxRounds        a safety net against policies that never stop: after this many rounds the engine
 *                         stops and copies, and says so; default 1000
 * @param maxSimulatedTime the same net in simulated time; default 1 hour
 * @param ownMaxRounds     the rule the simulated hypervisor applies itself when it gives no
 *                         {@code ROUND_CONTROL} to the policy (XenServer): stop after this many rounds; default 5
 *                         (upstream Xen's SPP_MAX_ITERATIONS)
 * @param ownTargetDirtyPages ... or once no more than this many pages are dirty; default 50 (Xen's
 *                         SPP_TARGET_DIRTY_COUNT)
 */
public record EngineSettings(Duration roundSyncCost, int maxRounds, Duration maxSimulatedTime, int ownMaxRounds,
        int ownTargetDirtyPages) {

    /** The defaults above. */
    public EngineSettings() {
        this(Duration.ZERO, 1000, Duration.ofHours(1), 5, 50);
    }

    public EngineSettings {
        if (roundSyncCost == null || roundSyncCost.isNegative()) {
            throw new IllegalArgumentException("roundSyncCost = " + roundSyncCost + ": must be >= 0");
        }
        if (maxRounds < 1) {
            throw new IllegalArgumentException("maxRounds = " + maxRounds + ": must be >= 1");
        }
        if (maxSimulatedTime == null || maxSimulatedTime.isNegative() || maxSimulatedTime.isZero()) {
            throw new IllegalArgumentException("maxSimulatedTime = " + maxSimulatedTime + ": must be > 0");
        }
        if (ownMaxRounds < 1) {
            throw new IllegalArgumentException("ownMaxRounds = " + ownMaxRounds + ": must be >= 1");
        }
        if (ownTargetDirtyPages < 0) {
            throw new IllegalArgumentException("ownTargetDirtyPages = " + ownTargetDirtyPages + ": must be >= 0");
        }
    }
}
