package io.ferry.stream;

import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.MetricWindow;
import io.ferry.api.model.PoolId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One pool's telemetry at one control cycle, as the {@code vm-metrics} topic carries it (key: the pool): the
 * snapshot the cycle read — every host's and VM's placement, capacity and state, enough for a remote controller
 * to rebuild the same {@link ClusterSnapshot} — and the metric windows the cycle read (per subject and metric, the
 * newest samples).
 *
 * @param pool     the pool; equals the snapshot's pool
 * @param source   the id of the Ferry instance that published it (attached to the pool's hypervisor)
 * @param sequence the publisher's sequence number for this pool, increasing by one per published sample, from 1
 * @param time     when the cycle read the telemetry
 * @param snapshot the placement and state
 * @param windows  the metric windows, in the order the cycle read them
 */
public record PoolSample(PoolId pool, String source, long sequence, Instant time, ClusterSnapshot snapshot,
        List<MetricWindow> windows) {

    /** The schema version this build writes: 1. */
    public static final int SCHEMA_VERSION = 1;

    public PoolSample {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(source, "source");
        if (source.isBlank()) {
            throw new IllegalArgumentException("source is blank");
        }
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence = " + sequence + ": must be >= 0");
        }
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(snapshot, "snapshot");
        if (!snapshot.pool().equals(pool)) {
            throw new IllegalArgumentException("snapshot of pool " + snapshot.pool() + " in a sample of " + pool);
        }
        windows = List.copyOf(Objects.requireNonNull(windows, "windows"));
    }

    @Override
    public String toString() {
        return "PoolSample[" + pool + " #" + sequence + " from " + source + " at " + time + ": "
                + snapshot.hosts().size() + " hosts, " + snapshot.vms().size() + " VMs, " + windows.size()
                + " windows]";
    }
}
