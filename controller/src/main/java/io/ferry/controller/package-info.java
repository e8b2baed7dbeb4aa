/**
 * The controller's operator API: what the Karaf shell, scripts and integration tests use to see the pools,
 * the installed strategies and the in-flight migrations, to select strategies per pool, to roll back, to
 * switch dry-run, to read the audit history and to compare strategies on a recording of a pool. Since 2.2,
 * {@link io.ferry.controller.GuardStateStore}: an adapter that keeps its pool's guard state where another
 * controller can restore it, and {@link io.ferry.controller.TelemetryListener}: what each cycle read, handed to
 * listeners off the cycle's thread. Since 2.3, {@link io.ferry.controller.StatusSource}: lines of a part of the
 * instance that is not a pool (the cluster member) in {@link io.ferry.controller.FerryController#status()}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.3.0")
package io.ferry.controller;
