/**
 * The built-in simulated pool: a {@link io.ferry.api.HypervisorAdapter} over simulated hosts and VMs whose
 * migrations run in the page-level engine. Private to its bundle; nothing is exported.
 */
package io.ferry.simpool.internal;
