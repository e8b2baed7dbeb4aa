package io.ferry.controller;

import io.ferry.api.model.DirtyBehaviour;
import io.ferry.api.model.LinkSpec;
import io.ferry.api.model.MetricWindow;
import io.ferry.api.model.PoolId;
import io.ferry.api.model.VmState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A pool's recent telemetry as API data, for comparing strategies on what the pool really runs: its busiest
 * running VMs with their series, and the pool's migration parameters. {@code io.ferry.compare.RecordingScenarios}
 * turns it into engine scenarios; nothing here depends on the engine.
 *
 * @param pool                           the pool
 * @param kind                           its hypervisor kind
 * @param time                           when it was recorded
 * @param link                           the migration link (the adapter's, else the configured one)
 * @param pageSizeBytes                  the guest page size
 * @param executionStateBytes            CPU and device state sent during the pause
 * @param downtimeBudget                 the pool's SLA downtime budget
 * @param inferredDirtyPagesPerCpuSecond page writes assumed per busy vCPU-second where no dirty rate is measured
 * @param vms                            the VMs recorded, busiest first
 */
public record PoolRecording(PoolId pool, String kind, Instant time, LinkSpec link, int pageSizeBytes,
        long executionStateBytes, Duration downtimeBudget, double inferredDirtyPagesPerCpuSecond,
        List<VmRecording> vms) {

    public PoolRecording {
        vms = List.copyOf(vms);
    }

    /**
     * One VM of a recording.
     *
     * @param vm        the VM as the snapshot showed it
     * @param dirtying  its dirtying now, measured or inferred
     * @param dirtyRate its measured dirty-page-rate series, empty where the hypervisor measures none (XenServer)
     * @param cpu       its CPU-utilisation series, empty when the hypervisor gave none
     */
    public record VmRecording(VmState vm, DirtyBehaviour dirtying, Optional<MetricWindow> dirtyRate,
            Optional<MetricWindow> cpu) {
    }
}
