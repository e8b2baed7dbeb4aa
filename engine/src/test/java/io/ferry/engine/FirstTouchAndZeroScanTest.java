package io.ferry.engine;

import static io.ferry.engine.Scenarios.GBIT;
import static io.ferry.engine.Scenarios.MIB;
import static io.ferry.engine.Scenarios.RTT;
import static io.ferry.engine.Scenarios.scenario;
import static io.ferry.engine.Scenarios.seconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ferry.api.model.LinkSpec;
import io.ferry.api.model.RoundDecision;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Two costs of QEMU's stream that are not bytes, with figures computed by hand: a page the destination has never
 * held arrives at the copy rate even in the pause (the destination allocates it on first touch), and a zero page
 * costs the time to find it zero ({@link HypervisorModel#zeroPageScan}), which bounds how far an iteration scans;
 * and the guest layout with non-zero memory above the zero memory ({@link EngineScenario#nonZeroTopBytes}).
 */
class FirstTouchAndZeroScanTest {

    private static final RoundDecision ROUND = new RoundDecision.PreCopyRound(Optional.empty());
    private static final RoundDecision STOP = new RoundDecision.StopAndCopy();
    /** The pause's speed, 1 GB/s; the copy rate, 100 MB/s. */
    private static final double PAUSE = 8 * GBIT;
    private static final double COPY = 100e6;

    private static RunResult run(HypervisorModel model, EngineScenario s, ScriptedPolicy p) {
        return new LiveMigrationEngine(new EngineSettings().withHypervisor(model)).simulate(s, p, 42).get(0).run();
    }

    @Test
    void stopAndCopyWhenNoPageWasSentBeforeThenEveryPageArrivesAtTheCopyRate() {
        // 16384 pages never sent: 65 MiB at 1 GB/s, plus 64 MiB x (1/100 MB/s - 1/1 GB/s) for their first touch
        EngineScenario idle = scenario("idle", 64 * MIB, 1, new DirtyingModel.Idle());
        HypervisorModel model = HypervisorModel.IDEAL.withPause(PAUSE, Duration.ZERO).withCopyRate(COPY);
        RunResult r = run(model, idle, new ScriptedPolicy(v -> STOP, (x, v) -> STOP, Set.of()));
        double expected = 65 * MIB / PAUSE + 64 * MIB * (1 / COPY - 1 / PAUSE) + seconds(RTT);
        assertThat(seconds(r.metrics().downtime())).isCloseTo(expected, within(1e-6));
        // without a copy rate the pause knows no first touch
        RunResult ideal = run(HypervisorModel.IDEAL.withPause(PAUSE, Duration.ZERO), idle,
                new ScriptedPolicy(v -> STOP, (x, v) -> STOP, Set.of()));
        assertThat(seconds(ideal.metrics().downtime())).isCloseTo(65 * MIB / PAUSE + seconds(RTT), within(1e-6));
    }

    @Test
    void stopAndCopyWhenEveryPendingPageWasSentBeforeThenTheyGoAtThePauseSpeed() {
        // after a full round every page the writer dirtied was sent once already: warm
        EngineScenario writer = scenario("w", 64 * MIB, 1, new DirtyingModel.Uniform(2_000));
        HypervisorModel model = HypervisorModel.IDEAL.withPause(PAUSE, Duration.ZERO).withCopyRate(COPY);
        ScriptedPolicy p = new ScriptedPolicy(v -> ROUND, (x, v) -> STOP, Set.of());
        RunResult r = run(model, writer, p);
        long pending = p.reports.get(0).pendingPages();
        assertThat(pending).isPositive();
        assertThat(seconds(r.metrics().downtime()))
                .isCloseTo((pending * 4096.0 + MIB) / PAUSE + seconds(RTT), within(1e-6));
    }

    @Test
    void zeroPagesWhenScanningCostsTimeThenACopyBoundPassLastsTheirScanLonger() {
        // a copy-bound pass (10 Gbit/s cap, the host copies 100 MB/s) over 16 MiB of data and 48 MiB of zeros:
        // 12288 zero pages x 2 us = 24.6 ms more, their 9 bytes each the same
        EngineScenario idle = new EngineScenario("z", 64 * MIB, 4096, MIB, new LinkSpec(10 * GBIT, RTT, 1.0),
                new DirtyingModel.Idle(), Duration.ofMillis(1), 1, 48 * MIB);
        HypervisorModel base = HypervisorModel.IDEAL.withPause(PAUSE, Duration.ZERO).withCopyRate(COPY)
                .withWireFormat(0, 9).withRoundRule(Duration.ofMillis(50), false)
                .withRateWindow(HypervisorModel.QEMU_RATE_WINDOW);
        ScriptedPolicy free = new ScriptedPolicy(v -> ROUND, (x, v) -> STOP, Set.of());
        ScriptedPolicy scanned = new ScriptedPolicy(v -> ROUND, (x, v) -> STOP, Set.of());
        run(base, idle, free);
        run(base.withZeroPageScan(Duration.ofNanos(2_000)), idle, scanned);
        assertThat(free.reports.get(0).pagesSent()).isEqualTo(16_384);
        assertThat(scanned.reports.get(0).pagesSent()).isEqualTo(16_384);
        assertThat(seconds(scanned.reports.get(0).roundDuration()) - seconds(free.reports.get(0).roundDuration()))
                .isCloseTo(12_288 * 2e-6, within(1e-4));
    }

    @Test
    void layoutWhenNonZeroMemoryLiesAboveTheZeroMemoryThenAPassStoppedInTheZerosLeavesItColdForThePause() {
        // 128 MiB at 1 Gbit/s (12.5 MB per period), 300 ms budget: QEMU's own rule stops once the rest fits
        // 37.5 MB. 64 MiB of data, 48 MiB of zeros, 16 MiB of data at the top: the rest that fits is the zeros'
        // tail and most of the top 16 MiB, never sent, so the pause pays their first touch; with the zeros at the top
        // the rest is zeros only and the pause is short
        long top = 16 * MIB;
        EngineScenario atTop = new EngineScenario("t", 128 * MIB, 4096, MIB, new LinkSpec(GBIT, RTT, 1.0),
                new DirtyingModel.Idle(), Duration.ofMillis(300), 1, 48 * MIB);
        EngineScenario below = atTop.withNonZeroTopBytes(top);
        HypervisorModel model = HypervisorModel.IDEAL.withPause(PAUSE, Duration.ZERO).withCopyRate(COPY)
                .withWireFormat(0, 9).withRoundRule(Duration.ofMillis(50), true)
                .withRateWindow(HypervisorModel.QEMU_RATE_WINDOW).withZeroPageScan(Duration.ofNanos(500));
        RunResult zerosLast = run(model, atTop, new ScriptedPolicy(v -> ROUND, (x, v) -> ROUND, Set.of()));
        RunResult dataLast = run(model, below, new ScriptedPolicy(v -> ROUND, (x, v) -> ROUND, Set.of()));
        // the iteration that crosses the zeros (6 ms of scanning) still sends part of the top; most of the 16 MiB
        // (168 ms cold at 100 MB/s) is left for the pause
        assertThat(seconds(dataLast.metrics().downtime())).isGreaterThan(0.5 * top / COPY);
        assertThat(seconds(zerosLast.metrics().downtime())).isLessThan(0.05);
        assertThat(dataLast.metrics().bytesSent()).isEqualTo(zerosLast.metrics().bytesSent());
    }
}
