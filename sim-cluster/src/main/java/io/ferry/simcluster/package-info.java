/**
 * The simulated cluster every simulated front end stands on: {@link io.ferry.simcluster.Cluster} (hosts, VMs,
 * their memory ledger, placement and xapi-order admission checks, host faults), {@link io.ferry.simcluster.CpuWorkload}
 * and its two workloads, {@link io.ferry.simcluster.MigrationLink} (the page-level engine on the cluster's one
 * migration network) and {@link io.ferry.simcluster.SimClock} (scaled wall time, or virtual time stepped by an
 * engine). {@code sim-pool} puts a {@code HypervisorAdapter} on it, the XAPI simulator xapi's objects and wire
 * format.
 *
 * <p>Nothing here is thread-safe or starts a thread: each front end owns its cluster and guards it with its own
 * lock. Deterministic: the same seed gives the same cluster, workloads and migrations.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.ferry.simcluster;
