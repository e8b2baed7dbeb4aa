package io.ferry.stream;

import io.ferry.api.model.Capability;
import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.LinkSpec;
import io.ferry.api.model.MetricWindow;
import io.ferry.api.model.PoolId;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One pool's telemetry at one control cycle, as the {@code vm-metrics} topic carries it (key: the pool): the
 * snapshot the cycle read — every host's and VM's placement, capacity and state, enough for a remote controller
 * to rebuild the same {@link ClusterSnapshot} — the metric windows the cycle read (per subject and metric, the
 * newest samples), and, since schema version 2, what the pool's hypervisor is and can do.
 *
 * @param pool       the pool; equals the snapshot's pool
 * @param source     the id of the Ferry instance that published it (attached to the pool's hypervisor)
 * @param sequence   the publisher's sequence number for this pool, increasing by one per published sample, from 1
 * @param time       when the cycle read the telemetry
 * @param snapshot   the placement and state
 * @param windows    the metric windows, in the order the cycle read them
 * @param hypervisor the pool's hypervisor kind, capabilities and migration link; empty when the publisher did not
 *                   know them (a version 1 message, or a publisher that only sees the cycle's telemetry)
 * @since 1.1 ({@code hypervisor}, schema version 2)
 */
public record PoolSample(PoolId pool, String source, long sequence, Instant time, ClusterSnapshot snapshot,
        List<MetricWindow> windows, Optional<Hypervisor> hypervisor) {

    /** The schema version this build writes, and the newest it reads: 2. */
    public static final int SCHEMA_VERSION = 2;

    /**
     * What a remote controller needs besides the snapshot to drive the pool: which hypervisor it is, what its
     * migration engine can do (a policy needing more is refused at selection), and the link its migrations use.
     *
     * @param kind         the adapter's {@code kind()}, e.g. {@code xapi}, {@code qemu}, {@code sim}; not blank
     * @param capabilities the adapter's {@code capabilities()}
     * @param link         the adapter's {@code migrationLink()}; empty when it does not know it (the controller then
     *                     uses the link configured for the pool)
     */
    public record Hypervisor(String kind, Set<Capability> capabilities, Optional<LinkSpec> link) {

        public Hypervisor {
            Objects.requireNonNull(kind, "kind");
            if (kind.isBlank()) {
                throw new IllegalArgumentException("hypervisor kind is blank");
            }
            Objects.requireNonNull(capabilities, "capabilities");
            capabilities = capabilities.isEmpty() ? Set.of()
                    : Collections.unmodifiableSet(EnumSet.copyOf(capabilities));
            Objects.requireNonNull(link, "link");
        }
    }

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
        Objects.requireNonNull(hypervisor, "hypervisor");
    }

    /** A sample whose publisher does not know the pool's hypervisor (only the cycle's telemetry). */
    public PoolSample(PoolId pool, String source, long sequence, Instant time, ClusterSnapshot snapshot,
            List<MetricWindow> windows) {
        this(pool, source, sequence, time, snapshot, windows, Optional.empty());
    }

    /** @return this sample with the pool's hypervisor described */
    public PoolSample withHypervisor(Hypervisor h) {
        return new PoolSample(pool, source, sequence, time, snapshot, windows, Optional.of(h));
    }

    @Override
    public String toString() {
        return "PoolSample[" + pool + " #" + sequence + " from " + source + " at " + time + ": "
                + snapshot.hosts().size() + " hosts, " + snapshot.vms().size() + " VMs, " + windows.size()
                + " windows" + hypervisor.map(h -> ", " + h.kind()).orElse("") + "]";
    }
}
