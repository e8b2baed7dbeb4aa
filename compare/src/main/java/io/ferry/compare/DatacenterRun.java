package io.ferry.compare;

import io.ferry.datacenter.DatacenterResult;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A data-centre comparison as {@link DatacenterReports} renders it: the set-up every candidate faced and each
 * candidate's day, in the order they were named.
 *
 * @param workload        the workload's label (its directory, or a pool's recording)
 * @param hosts           how many hosts
 * @param vms             how many VMs
 * @param migrationModel  {@code cloudsim} or {@code page-level}
 * @param policy          the migration policy the page-level model ran; empty under {@code cloudsim}
 * @param seed            the run's seed
 * @param intervalSeconds the scheduling interval
 * @param results         one per candidate, in the order named
 */
public record DatacenterRun(String workload, int hosts, int vms, String migrationModel, Optional<String> policy,
        long seed, double intervalSeconds, List<DatacenterResult> results) {

    public DatacenterRun {
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(migrationModel, "migrationModel");
        policy = Objects.requireNonNullElse(policy, Optional.empty());
        results = List.copyOf(results);
    }

    /** @return whether the page-level figures (downtime, SLA-violating migrations, bytes, post-copy) apply */
    public boolean pageLevel() {
        return results.stream().anyMatch(r -> r.day().downtimeSecondsTotal().isPresent());
    }
}
