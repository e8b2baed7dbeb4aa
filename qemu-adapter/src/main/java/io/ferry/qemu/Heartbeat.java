package io.ferry.qemu;

import io.ferry.api.model.HostId;

/**
 * One heartbeat line of the guest's workload program, as the host read it from the serial log of the QEMU
 * process that printed it. Heartbeats are how the pool tells that a guest is alive after a migration and how
 * long it really stood still: the host's arrival times do not stop while the guest's clock does.
 *
 * @param host            the host of the QEMU process whose serial log held the line
 * @param processId       that QEMU process's PID
 * @param sequence        the guest's heartbeat counter, from 1, +1 per line for the guest's whole life
 * @param guestMillis     the guest's monotonic clock, ms since the workload started (stops while paused)
 * @param writesPerSecond page writes per second since the previous heartbeat
 * @param corruptPages    pages found not to match their shadow checksum since the guest started
 * @param pagesChecked    pages checked since the guest started
 * @param passes          full integrity passes completed since the guest started
 * @param hostNanos       {@link System#nanoTime()} when the host read the line (within the tail's poll period)
 */
public record Heartbeat(HostId host, long processId, long sequence, long guestMillis, long writesPerSecond,
        long corruptPages, long pagesChecked, long passes, long hostNanos) {
}
