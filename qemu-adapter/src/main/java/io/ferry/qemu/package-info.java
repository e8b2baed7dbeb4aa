/**
 * Ferry's QEMU pool beyond the SPI: booting guests that run Ferry's workload program, reading their
 * heartbeats, sampling their dirty-page rate with QEMU's {@code calc-dirty-rate}, and the full figures of each
 * real migration. The testbed and measurement tools use it; the controller needs only the
 * {@link io.ferry.api.HypervisorAdapter} that a {@link io.ferry.qemu.QemuPool} also is.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.ferry.qemu;
