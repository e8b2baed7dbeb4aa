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
 */
public record EngineSettings(Duration roundSyncCost, int maxRounds, Duration maxSimulatedTime) {

    /** The defaults above. */
    public EngineSettings() {
        this(Duration.ZERO, 1000, Duration.ofHours(1));
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
    }
}
