package io.ferry.qemu;

import io.ferry.api.HypervisorAdapter;
import io.ferry.api.HypervisorException;
import io.ferry.api.model.HostId;
import io.ferry.api.model.MigrationId;
import io.ferry.api.model.VmId;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A pool of QEMU "hosts" on one machine, and the {@link HypervisorAdapter} over it. A host is a slot (a
 * directory for sockets and logs) that runs QEMU processes; a VM is one running QEMU process with its QMP socket,
 * its serial log and the heartbeats read from it. A migration starts a second process on the target host with
 * {@code -incoming defer}, moves the guest over a Unix socket, and stops the source process by its PID.
 *
 * <p>Beyond the SPI, this view boots guests that run Ferry's workload program, exposes their heartbeats and
 * dirty-rate samples, and the full figures of each migration; the testbed and measurement tools use it. Obtain
 * one with {@link QemuPools#open}; in Karaf the pool is a factory configuration instead.
 *
 * <p>Cost: every guest is a full system emulator under TCG (about one core while it writes at full speed); keep
 * pools on a 2-core machine to a few small guests and run migrations one at a time. Every process the pool
 * starts is stopped by its PID at {@link #close()} (and by a shutdown hook if the JVM exits first); processes
 * left behind by a killed JVM are found by their PID files in the work directory and stopped at the next start.
 */
@ProviderType
public interface QemuPool extends HypervisorAdapter, AutoCloseable {

    /**
     * Boots a guest on {@code host} and waits for its first heartbeat.
     *
     * @return the new VM's id ({@code guest.name()})
     * @throws HypervisorException {@code VM_EXISTS}, {@code UNKNOWN_HOST}, {@code HOST_NOT_ENOUGH_FREE_MEMORY},
     *                             {@code NO_GUEST_IMAGE} (no kernel/initramfs configured), {@code BOOT_FAILED}
     *                             (the process died or printed no heartbeat in time: the serial log's last line)
     */
    VmId boot(GuestSpec guest, HostId host) throws HypervisorException;

    /** @return the heartbeats read for {@code vm} on all the hosts it ran on, oldest first (the most recent ones) */
    List<Heartbeat> heartbeats(VmId vm);

    /**
     * Measures the guest's dirty-page rate with {@code calc-dirty-rate} (page-sampling), blocking for about
     * {@code calcTime}.
     *
     * @throws HypervisorException {@code UNKNOWN_VM}, {@code MIGRATION_IN_PROGRESS} or QEMU's error
     */
    DirtyRateSample sampleDirtyRate(VmId vm, Duration calcTime) throws HypervisorException;

    /** @return the full figures of a migration that has ended, empty while it runs or if unknown */
    Optional<QemuMigrationReport> report(MigrationId id);

    /** @return the PID of the QEMU process that runs {@code vm} now */
    OptionalLong processId(VmId vm);

    /** @return the PIDs of every QEMU process this pool started that is still alive */
    Set<Long> processIds();

    /** Stops the VM's QEMU process (by its PID) and forgets the VM. Does nothing for an unknown VM. */
    void stop(VmId vm);

    /**
     * Cancels migrations still in pre-copy, waits for those in post-copy, and stops every QEMU process by its PID.
     * Idempotent.
     */
    @Override
    void close();
}
