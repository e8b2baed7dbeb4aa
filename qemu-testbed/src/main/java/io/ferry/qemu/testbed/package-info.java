/**
 * Ferry's QEMU testbed: {@link io.ferry.qemu.testbed.TestbedSetup} builds QEMU &gt;= 9, the guest kernel and the
 * initramfs with the workload program into a cache directory, without touching the system;
 * {@link io.ferry.qemu.testbed.Testbed} boots guests in a QEMU pool, chains real migrations under given policies,
 * checks each guest alive with zero corrupted pages, and returns the measured figures with dirty-rate samples.
 *
 * <p>On top of it, the engine's fidelity: {@link io.ferry.qemu.testbed.FidelityRunner} runs a guest suite for real
 * and in the engine under a calibration profile ({@code ./ferry fidelity}, {@link io.ferry.qemu.testbed.FidelityCommand});
 * {@link io.ferry.qemu.testbed.Calibration} measures that profile; {@link io.ferry.qemu.testbed.DirtyRateRecorder}
 * records dirty-rate time series with the guest's own counts as ground truth.
 */
package io.ferry.qemu.testbed;
