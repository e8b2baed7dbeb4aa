package io.ferry.engine;

import java.time.Duration;

/**
 * Knobs of the engine itself, as opposed to the scenario or the policy: its safety nets, the rule a hypervisor
 * without round control applies, and how far the simulated hypervisor departs from the ideal link
 * ({@link HypervisorModel}). The defaults are the engine's textbook model; a calibration profile (compare's
 * {@code EngineProfiles}) sets the rest from measurements. Immutable; cost: none.
 *
 * @param roundSyncCost    time each pre-copy round spends synchronising the dirty log before it sends (the
 *                         guest keeps running meanwhile); default 0
 * @param maxRounds        a safety net against policies that never stop: after this many rounds the engine
 *                         stops and copies, and says so; default 1000
 * @param maxSimulatedTime the same net in simulated time, enforced inside a round too (a round that would end
 *                         later is cut at the limit, then the engine stops and copies); default 1 hour
 * @param ownMaxRounds     the rule the simulated hypervisor applies itself when it gives no
 *                         {@code ROUND_CONTROL} to the policy (XenServer): stop after this many rounds; default 5
 *                         (upstream Xen's SPP_MAX_ITERATIONS)
 * @param ownTargetDirtyPages ... or once no more than this many pages are dirty; default 50 (Xen's
 *                         SPP_TARGET_DIRTY_COUNT)
 * @param hypervisor       how the simulated hypervisor's stream departs from the ideal link (zero pages, achieved
 *                         bandwidth, QEMU's round rule, unthrottled pauses, post-copy fault latency and resume);
 *                         default {@link HypervisorModel#IDEAL}, the textbook model
 */
public record EngineSettings(Duration roundSyncCost, int maxRounds, Duration maxSimulatedTime, int ownMaxRounds,
        int ownTargetDirtyPages, HypervisorModel hypervisor) {

    /** The defaults above. */
    public EngineSettings() {
        this(Duration.ZERO, 1000, Duration.ofHours(1), 5, 50);
    }

    /** The given knobs with the ideal hypervisor model. */
    public EngineSettings(Duration roundSyncCost, int maxRounds, Duration maxSimulatedTime, int ownMaxRounds,
            int ownTargetDirtyPages) {
        this(roundSyncCost, maxRounds, maxSimulatedTime, ownMaxRounds, ownTargetDirtyPages, HypervisorModel.IDEAL);
    }

    /** @return these settings with another hypervisor model */
    public EngineSettings withHypervisor(HypervisorModel model) {
        return new EngineSettings(roundSyncCost, maxRounds, maxSimulatedTime, ownMaxRounds, ownTargetDirtyPages, model);
    }

    /** @return these settings with another per-round synchronisation cost */
    public EngineSettings withRoundSyncCost(Duration cost) {
        return new EngineSettings(cost, maxRounds, maxSimulatedTime, ownMaxRounds, ownTargetDirtyPages, hypervisor);
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
        if (hypervisor == null) {
            throw new IllegalArgumentException("hypervisor = null: give HypervisorModel.IDEAL for the ideal model");
        }
    }
}
