package io.ferry.qemu.testbed;

import io.ferry.api.model.MigrationOutcome;
import io.ferry.api.model.MigrationPlan;
import io.ferry.api.model.MigrationRequest;
import io.ferry.qemu.QemuMigrationReport;
import java.time.Duration;

/**
 * One real migration run by the testbed: the request the policy saw, the policy's plan (its prediction), the
 * outcome in the SPI's terms, QEMU's full figures, and the integrity check afterwards.
 *
 * @param policy    the policy's name
 * @param request   the request
 * @param plan      what the policy predicted
 * @param outcome   how it ended
 * @param report    everything measured
 * @param integrity whether the guest was alive and intact where the outcome says it is
 * @param wallTime  the wall time of the migration call until its outcome
 */
public record MeasuredMigration(String policy, MigrationRequest request, MigrationPlan plan, MigrationOutcome outcome,
        QemuMigrationReport report, IntegrityVerdict integrity, Duration wallTime) {

    /** @return one line for logs and reports */
    public String summary() {
        QemuMigrationReport r = report;
        return String.format("%-9s %s->%s %-9s %-9s total %5d ms  pause(hb) %s  qemu-downtime %s  %6.1f MiB  "
                        + "rounds %d  pc-requests %d  pc-blocktime %s  %s",
                policy, request.source(), request.target(), outcome.status(), r.technique(),
                r.totalTime().toMillis(), ms(r.heartbeatPause()), ms(r.qemuDowntime()),
                r.transferredBytes() / 1048576.0, r.rounds(), r.postcopyRequests(), ms(r.postcopyBlocktime()),
                integrity.intact() ? "intact" : "NOT INTACT: " + integrity.message())
                + (outcome.status() == MigrationOutcome.Status.COMPLETED ? "" : " | " + outcome.detail());
    }

    private static String ms(java.util.Optional<Duration> d) {
        return d.map(x -> String.format("%5d ms", x.toMillis())).orElse("    n/a");
    }
}
