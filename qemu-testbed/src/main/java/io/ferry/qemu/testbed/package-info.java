/**
 * Ferry's QEMU testbed: {@link io.ferry.qemu.testbed.TestbedSetup} builds QEMU &gt;= 9, the guest kernel and the
 * initramfs with the workload program into a cache directory, without touching the system;
 * {@link io.ferry.qemu.testbed.Testbed} boots guests in a QEMU pool, chains real migrations under given policies,
 * checks each guest alive with zero corrupted pages, and returns the measured figures with dirty-rate samples.
 */
package io.ferry.qemu.testbed;
