package io.ferry.qemu.testbed;

import io.ferry.api.model.HostId;
import io.ferry.qemu.DirtyRateSample;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * What one scenario measured: the boot, the dirty-rate samples before migrating, and each chained migration with
 * its integrity check.
 *
 * @param scenario   the scenario
 * @param bootHost   where the guest booted
 * @param bootTime   from starting QEMU to the first heartbeat
 * @param dirtyRate  calc-dirty-rate samples taken before the first migration
 * @param migrations the migrations, in order; each started where the previous one left the guest
 */
public record ScenarioResult(TestbedScenario scenario, HostId bootHost, Duration bootTime,
        List<DirtyRateSample> dirtyRate, List<MeasuredMigration> migrations) {

    public ScenarioResult {
        dirtyRate = List.copyOf(dirtyRate);
        migrations = List.copyOf(migrations);
    }

    /** @return the median of the dirty-rate samples in pages per second, NaN without samples */
    public double medianDirtyPagesPerSecond() {
        double[] v = dirtyRate.stream().mapToDouble(DirtyRateSample::pagesPerSecond).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** @return whether every migration left the guest alive and intact */
    public boolean allIntact() {
        return migrations.stream().allMatch(m -> m.integrity().intact());
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        b.append(String.format("scenario %s: boot %d ms on %s, dirty rate median %.0f pages/s %s%n", scenario.name(),
                bootTime.toMillis(), bootHost, medianDirtyPagesPerSecond(),
                Arrays.toString(dirtyRate.stream().mapToLong(s -> Math.round(s.pagesPerSecond())).toArray())));
        for (MeasuredMigration m : migrations) {
            b.append("  ").append(m.summary()).append(System.lineSeparator());
        }
        return b.toString();
    }
}
