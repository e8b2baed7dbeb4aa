/**
 * Ferry's SPI: the services a plugin bundle implements ({@link io.ferry.api.MigrationPolicy},
 * {@link io.ferry.api.Predictor}, {@link io.ferry.api.MigrationAgent}, {@link io.ferry.api.HypervisorAdapter})
 * and the views Ferry hands them.
 *
 * <p>Plugins register their service with a name property ({@code policy.name}, {@code predictor.name},
 * {@code agent.name}, {@code pool.name}) equal to the service's {@code name()}; the controller selects the
 * active one per pool by that name. Nothing here depends on OSGi at run time: the same implementations run
 * in Karaf, in the command-line comparison and in tests.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.4.0")
package io.ferry.api;
