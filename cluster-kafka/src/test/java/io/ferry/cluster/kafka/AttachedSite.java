package io.ferry.cluster.kafka;

import io.ferry.api.HypervisorAdapter;
import io.ferry.api.MigrationPolicy;
import io.ferry.api.model.PoolId;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * The instance attached to the simulated pools' hypervisor, as the tests run it: the pools, a
 * {@link SamplePublisher} of their samples and a {@link DecisionExecutor} of their decisions with the real pre-copy
 * policy. It runs no control cycle of its own for these pools.
 */
final class AttachedSite implements AutoCloseable {

    final Map<PoolId, HypervisorAdapter> pools = Fixture.pools();
    final SamplePublisher publisher;
    final DecisionExecutor executor;

    AttachedSite(ClusterSettings settings) {
        MigrationPolicy precopy = Fixture.precopy();
        publisher = new SamplePublisher(settings, pools, Clock.systemUTC());
        executor = new DecisionExecutor(settings, pools,
                name -> name.equals(precopy.name()) ? Optional.of(precopy) : Optional.empty(), Clock.systemUTC());
        executor.start();
        publisher.start();
    }

    @Override
    public void close() {
        publisher.close();
        executor.close();
        pools.values().forEach(Fixture::close);
    }
}
