package io.ferry.qemu.testbed;

import io.ferry.qemu.GuestSpec;
import java.time.Duration;
import java.util.Objects;

/**
 * One measurement situation on the testbed: a guest (memory, writer mode, rate, hot set), the migration link's
 * two bandwidth caps (pre-copy and post-copy, apart as in QEMU), the SLA downtime budget, and how many dirty-rate
 * samples to take before migrating. The same
 * fields as an engine scenario, so the two can be run side by side.
 *
 * @param name              a short name
 * @param guest             the guest and its workload
 * @param bandwidthMiBps    the pre-copy cap, applied as QEMU's max-bandwidth (QEMU lifts it for the final
 *                          stop-and-copy and does not apply it after a switch to post-copy)
 * @param downtimeBudget    the SLA budget, applied as QEMU's downtime-limit
 * @param dirtyRateSamples  calc-dirty-rate samples taken before the first migration, 0 to 1000
 * @param dirtyRateWindow   the window of each sample
 * @param postcopyBandwidthMiBps the post-copy phase's cap, applied as QEMU's max-postcopy-bandwidth; 0: none
 *                          (QEMU's default, unlimited: the phase runs at what the host can copy)
 */
public record TestbedScenario(String name, GuestSpec guest, double bandwidthMiBps, Duration downtimeBudget,
        int dirtyRateSamples, Duration dirtyRateWindow, double postcopyBandwidthMiBps) {

    /** The default budget: QEMU's default downtime limit. */
    public static final Duration DEFAULT_BUDGET = Duration.ofMillis(300);
    /** The default dirty-rate window, as calc-dirty-rate measures best under TCG. */
    public static final Duration DEFAULT_WINDOW = Duration.ofMillis(200);

    public TestbedScenario {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(guest, "guest");
        if (!(bandwidthMiBps >= 1 && bandwidthMiBps <= 100_000)) {
            throw new IllegalArgumentException("bandwidthMiBps = " + bandwidthMiBps + ": must be in [1, 100000]");
        }
        if (downtimeBudget == null || downtimeBudget.isNegative() || downtimeBudget.isZero()) {
            throw new IllegalArgumentException("downtimeBudget = " + downtimeBudget + ": must be > 0");
        }
        if (!(postcopyBandwidthMiBps == 0 || postcopyBandwidthMiBps >= 1 && postcopyBandwidthMiBps <= 100_000)) {
            throw new IllegalArgumentException("postcopyBandwidthMiBps = " + postcopyBandwidthMiBps
                    + ": must be 0 (none: QEMU's default, unlimited) or in [1, 100000]");
        }
        if (dirtyRateSamples < 0 || dirtyRateSamples > 1000) {
            throw new IllegalArgumentException("dirtyRateSamples = " + dirtyRateSamples + ": must be in [0, 1000]");
        }
        if (dirtyRateWindow == null || dirtyRateWindow.toMillis() < 100) {
            throw new IllegalArgumentException("dirtyRateWindow = " + dirtyRateWindow + ": must be >= 100 ms");
        }
    }

    /**
     * @return a scenario with the default budget, 3 dirty-rate samples of the default window, and both caps at
     *         {@code bandwidthMiBps}
     */
    public static TestbedScenario of(String name, GuestSpec guest, double bandwidthMiBps) {
        return new TestbedScenario(name, guest, bandwidthMiBps, DEFAULT_BUDGET, 3, DEFAULT_WINDOW, bandwidthMiBps);
    }

    /** @return this scenario with another post-copy cap, MiB/s (0: none, QEMU's default) */
    public TestbedScenario withPostcopyBandwidth(double newPostcopyBandwidthMiBps) {
        return new TestbedScenario(name, guest, bandwidthMiBps, downtimeBudget, dirtyRateSamples, dirtyRateWindow,
                newPostcopyBandwidthMiBps);
    }
}
