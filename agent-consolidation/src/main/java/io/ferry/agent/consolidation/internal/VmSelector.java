package io.ferry.agent.consolidation.internal;

import java.util.List;
import java.util.Optional;

/**
 * Picks the next VM to shed from an overloaded host: CloudSim 3.0.3's {@code PowerVmSelectionPolicy}, one
 * variant per rule (MMT {@link MinimumMigrationTimeSelector}, MC {@link MaximumCorrelationSelector}, MU
 * {@link MinimumUtilisationSelector}, RS {@link RandomSelector}). Ties go to the VM earlier in the host's list.
 */
interface VmSelector {

    /** @return the rule's short name for reasons, e.g. {@code MMT} */
    String label();

    /**
     * @param candidates the host's VMs that may move, in the host's order, not empty
     * @return the one to shed next, empty when the rule picks none
     */
    Optional<WorkingVm> select(List<WorkingVm> candidates);

    /**
     * @param roundSeed a seed drawn for this round
     * @return the selector to use for one round: itself, unless it draws random numbers
     */
    default VmSelector forRound(long roundSeed) {
        return this;
    }
}
