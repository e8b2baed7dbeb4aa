package io.ferry.qemu;

import io.ferry.qemu.internal.QemuHypervisorAdapter;
import java.util.Map;

/**
 * Opens QEMU pools outside OSGi (the testbed, tools, tests). In Karaf the same pool is a factory configuration
 * of PID {@code io.ferry.qemu} instead.
 */
public final class QemuPools {

    private QemuPools() {
    }

    /**
     * Opens a pool configured from a property map with the attribute names of the {@code io.ferry.qemu}
     * configuration ({@code pool.name}, {@code qemuBinary}, {@code hosts}, {@code workDir}, {@code kernel},
     * {@code initramfs}, {@code bandwidthCapMiBps}, {@code migrationTimeoutSeconds}, …), missing keys taking their
     * defaults. Stale QEMU processes of an earlier run in the same work directory are stopped first.
     *
     * @throws IllegalArgumentException {@code name = value: must …} for the first bad attribute
     */
    public static QemuPool open(Map<String, ?> properties) {
        return new QemuHypervisorAdapter(properties);
    }
}
