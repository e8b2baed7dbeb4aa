package io.ferry.qemu.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ferry.compare.EngineProfile;
import io.ferry.engine.HypervisorModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The calibration's formulas, on measurements made up from a known machine: each figure of the profile must come
 * back from the measurements it is computed from.
 */
class CalibrationTest {

    private static final double MIB = 1 << 20;
    // the made-up machine
    private static final double EFFICIENCY = 1.05;
    private static final double SPEED = 900 * MIB;
    private static final double OVERHEAD = 0.040;
    private static final double KERNEL_512 = 60;
    private static final double KERNEL_256 = 55;
    private static final int RESENT = 230;

    /** The host's copy rate of the made-up machine. */
    private static final double COPY = 400 * MIB;
    private static final double TOP = Calibration.NON_ZERO_TOP_MIB * 256 * 4104;

    /**
     * An idle pre-copy: the non-zero pages in full, the rest as zero headers; the re-sent pages and the kernel's
     * top memory in the pause, the top at the copy rate (never sent before).
     */
    private static Calibration.Migration idle(int guestMiB, int workloadMiB, double kernelMiB, double cap) {
        int pages = guestMiB * 256;
        double nonZero = (workloadMiB + kernelMiB) * 256;
        long transferred = Math.round(nonZero * 4104 + (pages - nonZero) * 9 + RESENT * 4104.0);
        double pauseBytes = RESENT * 4104.0 + TOP;
        double down = OVERHEAD + RESENT * 4104.0 / SPEED + TOP / COPY;
        double total = (transferred - pauseBytes) / (cap * MIB * EFFICIENCY) + down;
        return new Calibration.Migration("idle", cap, "precopy", total * 1e3, down * 1e3, down * 1e3 + 20, transferred,
                pages + RESENT, RESENT, 1, 0, 0, Double.NaN);
    }

    /**
     * An uncapped idle pre-copy of a 512 MiB guest: every non-zero page arrives for the first time at {@code rate}
     * MiB/s (where QEMU stops the guest does not matter), each zero page costs its scan, the re-sent pages go at the
     * pause's speed; QEMU's downtime is whatever it is (here most of the pass)
     */
    private static Calibration.Migration uncapped(double rate) {
        int pages = 512 * 256;
        double nonZero = (256 + KERNEL_512) * 256;
        double cold = nonZero * 4104;
        long transferred = Math.round(cold + (pages - nonZero) * 9 + RESENT * 4104.0);
        double total = cold / (rate * MIB) + (pages - nonZero) * Calibration.ZERO_PAGE_SCAN.toNanos() / 1e9
                + RESENT * 4104.0 / SPEED + OVERHEAD;
        return new Calibration.Migration("uncapped", 100_000, "precopy", total * 1e3, 0.6 * total * 1e3, Double.NaN,
                transferred, pages + RESENT, RESENT, 1, 0, 0, Double.NaN);
    }

    private static Calibration.Migration post(double cap, double pauseMs, long requests, double blocktimeMs) {
        long transferred = Math.round(316 * MIB);
        double total = transferred / (cap * MIB * 1.08) + OVERHEAD;
        return new Calibration.Migration("idle", cap, "postcopy", total * 1e3, pauseMs, pauseMs, transferred, 131_072,
                0, 0, requests, blocktimeMs, Double.NaN);
    }

    @Test
    void profileWhenMeasurementsOfAKnownMachineThenItsFiguresComeBack() {
        List<Calibration.Migration> pre = new ArrayList<>();
        for (int cap : Calibration.CAPS) {
            pre.add(idle(512, 256, KERNEL_512, cap));
            pre.add(idle(512, 256, KERNEL_512, cap));
        }
        List<Calibration.Migration> post = List.of(post(32, 1000, 1000, 6400), post(64, 700, 500, 3300),
                post(128, 300, 400, 1000));
        Calibration.Migration small = idle(256, 96, KERNEL_256, 64);
        double forcedBytes = 110 * MIB;
        Calibration.Migration forced = new Calibration.Migration("heavy", 64, "precopy", 5000,
                (OVERHEAD + forcedBytes / SPEED) * 1e3, Double.NaN, 0, 0, 0, 1, 0, 0, forcedBytes);
        double live = 500 * MIB;
        double fiveDown = OVERHEAD + 100 * MIB / SPEED;
        Calibration.Migration five = new Calibration.Migration("heavy", 64, "precopy",
                (live / (64 * MIB * EFFICIENCY) + 5 * 0.010 + fiveDown) * 1e3, fiveDown * 1e3, Double.NaN,
                Math.round(live + 100 * MIB), 0, 0, 5, 0, 0, 100 * MIB);
        Map<String, String> sources = new TreeMap<>();
        double smallBytes = 10 * MIB;
        double smallDown = OVERHEAD + smallBytes / SPEED;
        double moderateLive = 360 * MIB;
        Calibration.Migration moderate = new Calibration.Migration("moderate", 64, "precopy",
                (moderateLive / (64 * MIB * EFFICIENCY) + 2 * 0.010 + smallDown) * 1e3, smallDown * 1e3, Double.NaN,
                Math.round(moderateLive + smallBytes), 0, 0, 2, 0, 0, smallBytes);
        // uncapped: a chain of three idle pre-copies, the first slower (300 MiB/s), then 400 and 420 MiB/s: median 400
        List<Calibration.Migration> uncapped = List.of(uncapped(300), uncapped(400), uncapped(420));
        List<Calibration.Migration> uncappedPost = List.of(post(400, 200, 300, 300), post(400, 220, 300, 300));
        EngineProfile p = Calibration.profile(pre, post, small, List.of(moderate, moderate), List.of(forced, forced),
                five, 700, Map.of("uniform", 9e5), uncapped, uncappedPost,
                java.util.Set.of(io.ferry.api.model.Capability.PRE_COPY), Map.of("qemu", "10", "cpus", "2"), sources);

        HypervisorModel m = p.settings().hypervisor();
        assertThat(m.pauseBandwidthBytesPerSec()).isCloseTo(SPEED, within(0.01 * SPEED));
        assertThat(m.pauseOverhead().toNanos() / 1e9).isCloseTo(OVERHEAD, within(1e-4));
        for (int cap : Calibration.CAPS) {
            assertThat(m.liveEfficiency().at(cap * MIB, 0)).isCloseTo(EFFICIENCY, within(1e-3));
            assertThat(m.postcopyEfficiency().at(cap * MIB, 0)).isCloseTo(1.08, within(1e-3));
        }
        assertThat(m.faultLatency().at(32 * MIB, 0)).isCloseTo(0.0064, within(1e-9));
        assertThat(m.resumeStall().at(64 * MIB, 0)).isCloseTo(0.700 - OVERHEAD, within(1e-4));
        // no cost per round: the time the multi-round pre-copies do not explain is the rate limiter's periods
        assertThat(p.settings().roundSyncCost()).isZero();
        assertThat(m.rateWindow()).isEqualTo(HypervisorModel.QEMU_RATE_WINDOW);
        assertThat(p.guest().kernelMiB(512)).isCloseTo(KERNEL_512, within(0.01));
        assertThat(p.guest().kernelMiB(256)).isCloseTo(KERNEL_256, within(0.01));
        assertThat(p.guest().systemHotPages()).isEqualTo(RESENT);
        // the kernel's writes over its hot set dirty as many distinct pages per 200 ms as calc-dirty-rate saw
        double r = p.guest().systemWritesPerSecond();
        assertThat(RESENT * -Math.expm1(-r * 0.2 / RESENT) / 0.2).isCloseTo(700, within(0.5));
        // the copy rate: the median of the uncapped chain's pre-copies; the uncapped post-copies give the post-copy
        // curves their point at that rate
        assertThat(m.copyRateBytesPerSec()).isCloseTo(400 * MIB, within(1e-3 * MIB));
        // post-copy's own: made-up uncapped post-copies at 400 x 1.08 = 432 MiB/s
        assertThat(m.postcopyCopyRateBytesPerSec()).isCloseTo(432 * MIB, within(1e-3 * MIB));
        assertThat(m.faultLatency().at(432 * MIB, 0)).isCloseTo(0.001, within(1e-9));
        assertThat(m.resumeStall().at(432 * MIB, 0)).isCloseTo(0.210 - OVERHEAD, within(1e-4));
        assertThat(m.postcopyBandwidth(100_000 * MIB, 100_000 * MIB, 0)).isCloseTo(432 * MIB, within(1e-3 * MIB));
        assertThat(m.liveBandwidth(100_000 * MIB)).isCloseTo(400 * MIB, within(1e-3 * MIB));
        assertThat(sources.get("hypervisor.copyRate")).contains("300 MiB/s for the first");
        assertThat(sources).containsKeys("hypervisor.liveEfficiency", "hypervisor.pause", "guest.kernelMiB",
                "settings.roundSyncCost", "hypervisor.rateWindow", "guest.system", "hypervisor.resumeStall", "hypervisor.faultLatency");
    }
}
