package io.ferry.api;

import io.ferry.api.model.Capability;
import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.LinkSpec;
import io.ferry.api.model.Metric;
import io.ferry.api.model.MetricWindow;
import io.ferry.api.model.MigrationId;
import io.ferry.api.model.MigrationRequest;
import io.ferry.api.model.PoolId;
import java.util.Optional;
import java.util.Set;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * One connection to one pool of hosts: inventory, metric windows, what the hypervisor can really do, and an
 * asynchronous migration. Implementations: the built-in simulated pool, {@code xen-adapter} (XenAPI) and the
 * QEMU adapter.
 *
 * <p>An adapter never pretends: {@link #capabilities()} lists only what the hypervisor does (XenServer:
 * {@link Capability#PRE_COPY} and {@link Capability#CANCEL}, no dirty-page rate). Register with the service
 * property {@value #POOL_PROPERTY} equal to {@code pool().value()}.
 */
@ConsumerType
public interface HypervisorAdapter {

    /** The service property that names the pool an adapter serves. */
    String POOL_PROPERTY = "pool.name";

    /** @return the pool this adapter serves */
    PoolId pool();

    /** @return a short name of the hypervisor kind, such as {@code simulator}, {@code xenserver}, {@code qemu} */
    String kind();

    /** @return what the hypervisor's migration engine can do */
    Set<Capability> capabilities();

    /**
     * @return the link migrations in this pool use, when the adapter knows it (a simulator does); empty when it
     *         does not (XAPI exposes no bandwidth figure), in which case the controller uses the link the
     *         operator configured for the pool
     */
    default Optional<LinkSpec> migrationLink() {
        return Optional.empty();
    }

    /**
     * @return which bandwidth caps this hypervisor applies to its migrations, in words for the operator (QEMU:
     *         "bandwidth cap 64 MiB/s pre-copy, post-copy unlimited (QEMU default)"), computed from configuration
     *         without asking the hypervisor; empty when the adapter has nothing true to say (the default)
     */
    default Optional<String> bandwidthCaps() {
        return Optional.empty();
    }

    /**
     * @return the pool as it is now
     * @throws HypervisorException when the hypervisor cannot be reached or refuses
     */
    ClusterSnapshot snapshot() throws HypervisorException;

    /**
     * @param subject a VM or host id
     * @param metric  the metric
     * @param samples how many of the most recent samples, &gt;= 1
     * @return the window, empty when the hypervisor does not provide that metric for that subject (XenServer
     *         never provides {@link Metric#DIRTY_PAGES_PER_SECOND})
     * @throws HypervisorException when the hypervisor cannot be reached or refuses
     */
    Optional<MetricWindow> metrics(String subject, Metric metric, int samples) throws HypervisorException;

    /**
     * Starts a live migration and returns at once. The adapter consults {@code steering} as far as its
     * capabilities allow (not at all on XenServer, which decides rounds itself) and completes the handle's
     * outcome exactly once; a failed or cancelled migration leaves the VM running on its source.
     *
     * @param id       the migration's identity
     * @param request  the migration
     * @param steering the decisions of the policy the migration started with, kept until it ends
     * @return the handle of the migration in flight
     * @throws HypervisorException when the hypervisor refuses to start it (the VM has not moved)
     */
    MigrationHandle migrate(MigrationId id, MigrationRequest request, MigrationSteering steering)
            throws HypervisorException;
}
