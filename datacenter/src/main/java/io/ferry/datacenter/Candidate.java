package io.ferry.datacenter;

import io.ferry.api.MigrationAgent;
import java.util.Optional;

/**
 * One contestant of a data-centre comparison: an agent (or none, for the NPA and DVFS references) with the
 * power accounting and initial placement its run uses.
 *
 * @param label      the name it is reported under ({@code npa}, {@code dvfs}, {@code lr-mmt-1.2} …)
 * @param agent      the agent invoked every interval; empty for a reference that never migrates
 * @param accounting how energy is counted
 * @param placement  how VMs are placed at the start of the day
 */
public record Candidate(String label, Optional<MigrationAgent> agent, PowerAccounting accounting,
        Placement placement) {

    /**
     * Frees what the candidate's agent holds when it is {@link AutoCloseable}; call once its runs are over. A
     * failure to close is ignored: the figures are computed, and freeing an agent changes none of them.
     */
    public void closeAgent() {
        agent.ifPresent(a -> {
            if (a instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    // nothing to report: the run is over and its figures stand
                }
            }
        });
    }
}
