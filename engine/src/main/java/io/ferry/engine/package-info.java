/**
 * The page-level live-migration engine: scenarios, dirtying models, and the simulator that runs a
 * {@link io.ferry.api.MigrationPolicy} against them, alone or several at once on a shared link.
 *
 * <p>Deterministic: the same scenario, policy and seed give identical results on every machine.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.3.0")
package io.ferry.engine;
