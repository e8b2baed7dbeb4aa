package io.ferry.datacenter;

import java.time.Duration;
import java.util.Optional;

/**
 * What one migration of the day costs: how long it takes, how long the VM pauses, what it moves and how much
 * of its CPU the VM loses meanwhile. Chosen per run: {@code cloudsim} (CloudSim 3.0.3's RAM / bandwidth, to
 * compare with the literature) or {@code page-level} (Ferry's page-level engine under a migration policy).
 * Implementations are deterministic for a job's seed and safe to call from one simulation thread.
 */
public interface MigrationModel {

    /** @return {@code cloudsim} or {@code page-level} */
    String name();

    /**
     * @param job the migration as it starts
     * @return its cost
     */
    MigrationEstimate estimate(MigrationJob job);

    /**
     * The SLA's downtime budget: a migration whose {@link MigrationEstimate#downtimeSeconds()} exceeds it is an
     * SLA-violating migration ({@link DayMetrics#slaViolatingMigrations()}).
     *
     * @return the budget; empty for a model without downtime ({@code cloudsim}), which then counts none
     */
    default Optional<Duration> downtimeBudget() {
        return Optional.empty();
    }
}
