package io.ferry.compare;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The scorecard of one policy on one scenario. When the scenario migrates several VMs at once, the row
 * aggregates them as the group: total time is the makespan, downtime, degraded and stall times and rounds the
 * worst, bytes, pages and faults the sums, and the SLA is violated when any migration violated it.
 *
 * @param scenario              the scenario's name
 * @param policy                the policy's name
 * @param technique             the technique executed ({@code PRE_COPY}, {@code POST_COPY} or {@code HYBRID});
 *                              the distinct techniques joined by {@code +} when concurrent migrations differed
 * @param memoryBytes           each VM's memory
 * @param bandwidthBytesPerSec  the link's bandwidth (shared by concurrent migrations)
 * @param concurrentMigrations  how many VMs migrated at once
 * @param downtimeBudgetMs      the SLA's downtime budget
 * @param seed                  the comparison's seed
 * @param totalTimeMs           from the start until every page of every VM is on the target
 * @param downtimeMs            the longest time a VM ran nowhere
 * @param bytesSent             bytes on the wire
 * @param pagesSent             pages sent, counting every resend
 * @param pagesResent           pages sent more than once
 * @param rounds                pre-copy rounds (the most of any VM)
 * @param postcopyFaults        pages touched on the target before they arrived
 * @param degradedMs            the longest time a VM ran on the target with pages missing
 * @param faultStallMs          the longest time a VM was blocked on faulted pages
 * @param slaViolated           whether a downtime exceeded the budget
 * @param predicted             the policy's own prediction, empty when it could not plan
 * @param notes                 the engine's remarks (policy failures, limits reached)
 */
public record ResultRow(String scenario, String policy, String technique, long memoryBytes,
        double bandwidthBytesPerSec, int concurrentMigrations, double downtimeBudgetMs, long seed, double totalTimeMs,
        double downtimeMs, long bytesSent, long pagesSent, long pagesResent, int rounds, long postcopyFaults,
        double degradedMs, double faultStallMs, boolean slaViolated, Optional<Prediction> predicted,
        List<String> notes) {

    public ResultRow {
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(technique, "technique");
        Objects.requireNonNull(predicted, "predicted");
        notes = List.copyOf(notes);
    }

    /**
     * What the policy predicted before the run, aggregated over concurrent migrations like the measurement.
     *
     * @param totalTimeMs the predicted total time (the longest)
     * @param downtimeMs  the predicted downtime (the longest)
     * @param bytesSent   the predicted bytes on the wire (the sum)
     */
    public record Prediction(double totalTimeMs, double downtimeMs, long bytesSent) {
    }
}
