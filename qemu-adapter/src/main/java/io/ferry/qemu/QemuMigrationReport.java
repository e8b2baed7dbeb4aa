package io.ferry.qemu;

import io.ferry.api.model.HostId;
import io.ferry.api.model.MigrationId;
import io.ferry.api.model.MigrationOutcome;
import io.ferry.api.model.RoundReport;
import io.ferry.api.model.Technique;
import io.ferry.api.model.VmId;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Everything measured about one real QEMU migration: the figures behind its
 * {@link io.ferry.api.model.MigrationMetrics}, and those the SPI's outcome has no field for (QEMU's own downtime
 * figure beside the heartbeat pause, pre-copy and post-copy bytes, the rounds the policy saw).
 *
 * <p>Which pause is the honest one: for a migration that ended in pre-copy, QEMU's {@code downtime}; once
 * post-copy ran, QEMU's figure is wrong (1-2 ms, or nearly the whole post-copy phase) and the guest-visible
 * pause is {@code heartbeatPause}, the host-observed gap between the last heartbeat on the source and the first on
 * the destination, less one heartbeat period.
 *
 * @param id                the migration
 * @param vm                the guest
 * @param source            where it started
 * @param target            where it was meant to go
 * @param status            how it ended
 * @param technique         what actually ran: pre-copy, post-copy from the start, or pre-copy then the switch
 * @param totalTime         QEMU's {@code total-time}, or the time until the cancel took effect
 * @param setupTime         QEMU's {@code setup-time}
 * @param qemuDowntime      QEMU's {@code downtime} when it reported one
 * @param heartbeatPause    the pause seen in the guest's heartbeats, when the guest has heartbeats
 * @param maxPostCopyStall  the longest heartbeat gap on the destination while post-copy ran, less one period
 * @param switchedAfter     when {@code migrate-start-postcopy} was issued, from the start
 * @param rounds            pre-copy rounds that ran while the guest ran on the source
 * @param transferredBytes  QEMU's RAM {@code transferred}
 * @param precopyBytes      QEMU's {@code precopy-bytes}
 * @param postcopyBytes     QEMU's {@code postcopy-bytes}
 * @param postcopyRequests  pages the destination requested on fault ({@code postcopy-requests})
 * @param postcopyBlocktime the destination's {@code postcopy-blocktime}: time vCPUs were blocked on faults
 * @param roundReports      what the policy was told after each round it was consulted on
 * @param timedOut          whether the migration hit the pool's timeout (and was cancelled)
 * @param detail            one line: how it ended, the policy's last decision, QEMU's error if any
 */
public record QemuMigrationReport(MigrationId id, VmId vm, HostId source, HostId target,
        MigrationOutcome.Status status, Technique technique, Duration totalTime, Duration setupTime,
        Optional<Duration> qemuDowntime, Optional<Duration> heartbeatPause, Optional<Duration> maxPostCopyStall,
        Optional<Duration> switchedAfter, int rounds, long transferredBytes, long precopyBytes, long postcopyBytes,
        long postcopyRequests, Optional<Duration> postcopyBlocktime, List<RoundReport> roundReports,
        boolean timedOut, String detail) {

    public QemuMigrationReport {
        roundReports = List.copyOf(roundReports);
    }

    /** @return whether the guest ended on the target */
    public boolean converged() {
        return status == MigrationOutcome.Status.COMPLETED;
    }
}
