/** The QEMU adapter's implementation: QMP client, processes, migrations. Private to its bundle. */
package io.ferry.qemu.internal;
