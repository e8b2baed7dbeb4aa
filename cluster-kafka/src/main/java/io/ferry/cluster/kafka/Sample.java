package io.ferry.cluster.kafka;

import io.ferry.api.model.Capability;
import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.LinkSpec;
import io.ferry.api.model.MetricWindow;
import io.ferry.api.model.PoolId;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One {@code vm-metrics} record as a pool's owner uses it: the snapshot, the metric windows keyed
 * {@code subject|METRIC}, and what the pool's hypervisor can do.
 *
 * @param pool         the pool
 * @param source       the instance that published it (attached to the pool's hypervisor)
 * @param sequence     the publisher's sequence number, increasing per pool
 * @param kind         the hypervisor kind
 * @param capabilities what its migration engine can do
 * @param link         the migration link, when the adapter knows it
 * @param snapshot     the pool's placement
 * @param windows      the newest samples of every series the publisher read
 */
record Sample(PoolId pool, String source, long sequence, String kind, Set<Capability> capabilities,
        Optional<LinkSpec> link, ClusterSnapshot snapshot, Map<String, MetricWindow> windows) {
}
