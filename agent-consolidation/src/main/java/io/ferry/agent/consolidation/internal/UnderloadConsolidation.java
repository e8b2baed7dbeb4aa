package io.ferry.agent.consolidation.internal;

import java.util.Set;

/**
 * Empties lightly loaded hosts so they can be switched off, after the overloaded hosts have been dealt with:
 * CloudSim 3.0.3's {@code getMigrationMapFromUnderUtilizedHosts} ({@link CloudSimUnderloadConsolidation}), or
 * {@link #NONE}.
 */
interface UnderloadConsolidation {

    /** Leaves every host as it is: an agent that only relieves overload. */
    UnderloadConsolidation NONE = (round, overloaded, placement) -> {
    };

    /**
     * Moves VMs on the round's working placement and records the moves in it.
     *
     * @param round      the round, after the overload step
     * @param overloaded the hosts found overloaded at the start of the round
     * @param placement  how targets are chosen
     */
    void consolidate(Round round, Set<WorkingHost> overloaded, VmPlacement placement);
}
