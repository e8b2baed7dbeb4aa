package io.ferry.qemu.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.api.model.HostId;
import io.ferry.qemu.GuestSpec;
import io.ferry.qemu.Heartbeat;
import io.ferry.qemu.RateStep;
import io.ferry.qemu.WriterMode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The recorder's joins, without QEMU: heartbeat windows, the schedule, and which sample belongs to a window. */
class DirtyRateRecorderTest {

    private static final GuestSpec GUEST = GuestSpec.of("g", 512, 256).withWriter(WriterMode.UNIFORM, 0, 16)
            .withSchedule(List.of(new RateStep(1000, 2), new RateStep(5000, 1)));

    @Test
    void windowsWhenHeartbeatsRepeatAWindowThenEachWindowOnceAndWindowZeroIgnored() {
        Map<Long, DirtyRateRecorder.Window> w = DirtyRateRecorder.windows(List.of(
                "FERRY-HB seq=1 t_ms=20 wps=0 rate=1000 corrupt=0 checked=0 passes=0 uwin=0 uwrites=0 uniq=0",
                "FERRY-HB seq=11 t_ms=220 wps=1000 rate=1000 corrupt=0 checked=0 passes=0 uwin=1 uwrites=200 uniq=199",
                "FERRY-HB seq=12 t_ms=240 wps=1000 rate=1000 corrupt=0 checked=0 passes=0 uwin=1 uwrites=200 uniq=199",
                "some kernel line",
                "FERRY-HB seq=21 t_ms=420 wps=1000 rate=1000 corrupt=0 checked=0 passes=0 uwin=2 uwrites=201 uniq=200"));
        assertThat(w).containsOnlyKeys(1L, 2L);
        assertThat(w.get(1L).unique()).isEqualTo(199);
    }

    @Test
    void scheduledWhenCyclicThenTheStepOfTheGuestTime() {
        assertThat(DirtyRateRecorder.scheduled(GUEST, 0)).isEqualTo(1000);
        assertThat(DirtyRateRecorder.scheduled(GUEST, 2500)).isEqualTo(5000);
        assertThat(DirtyRateRecorder.scheduled(GUEST, 3100)).isEqualTo(1000);
    }

    @Test
    void rowsWhenASampleOverlapsAWindowByHalfOrMoreThenItIsThatWindowsSample() {
        long offset = 5_000_000_000L; // host nanos at guest time 0
        List<Heartbeat> beats = List.of(new Heartbeat(new HostId("host-a"), 1, 1, 100, 0, 0, 0, 0, offset + 100_000_000L),
                new Heartbeat(new HostId("host-a"), 1, 2, 300, 0, 0, 0, 0, offset + 300_000_000L));
        Map<Long, DirtyRateRecorder.Window> windows = Map.of(1L, new DirtyRateRecorder.Window(1, 200, 190),
                2L, new DirtyRateRecorder.Window(2, 220, 200));
        // one sample covering guest [30, 230) ms: 85 % of window 1, 15 % of window 2
        List<DirtyRateRecorder.Sample> samples = List.of(new DirtyRateRecorder.Sample(offset + 30_000_000L, 960));
        List<String> rows = DirtyRateRecorder.rows(GUEST, samples, beats, new java.util.TreeMap<>(windows));
        assertThat(rows).containsExactly("0.0,1000,1000,950,960,0.85", "0.2,1000,1100,1000,,");
    }

    @Test
    void windowsWhenHeartbeatsCarryUbusyThenTheBusyShareAndWithoutItMinusOne() {
        Map<Long, DirtyRateRecorder.Window> w = DirtyRateRecorder.windows(List.of(
                "FERRY-HB seq=11 t_ms=220 wps=1000 rate=1000 corrupt=0 checked=0 passes=0 uwin=1 uwrites=200 uniq=199 "
                        + "ubusy=1234",
                "FERRY-HB seq=21 t_ms=420 wps=1000 rate=1000 corrupt=0 checked=0 passes=0 uwin=2 uwrites=201 uniq=200"));
        assertThat(w.get(1L).busy()).isEqualTo(1234);
        assertThat(w.get(2L).busy()).isEqualTo(-1);
    }

    @Test
    void ticksWhenTheProcessNameHoldsSpacesAndParenthesesThenUtimePlusStime() {
        String stat = "4242 (qemu-system (x) 86) S 1 4242 4242 0 -1 4194560 9000 0 12 0 1500 321 0 0 20 0 5 0 900 "
                + "1000000 5000 18446744073709551615";
        assertThat(DirtyRateRecorder.ticks(stat)).isEqualTo(1821);
        assertThatThrownBy(() -> DirtyRateRecorder.ticks("garbage")).hasMessage("not a /proc/PID/stat line: garbage");
    }

    @Test
    void rowsWithCpuWhenReadingsCoverAWindowThenBothFractionsAndUncoveredWindowsLeftOut() {
        long offset = 5_000_000_000L;
        List<Heartbeat> beats = List.of(new Heartbeat(new HostId("host-a"), 1, 1, 100, 0, 0, 0, 0, offset + 100_000_000L));
        Map<Long, DirtyRateRecorder.Window> windows = Map.of(1L, new DirtyRateRecorder.Window(1, 200, 190, 2500),
                2L, new DirtyRateRecorder.Window(2, 220, 200, 500));
        // readings from guest 0 to 300 ms: 10 ticks (100 ms of CPU) in the first 200 ms, so half a CPU
        List<DirtyRateRecorder.CpuReading> cpu = List.of(new DirtyRateRecorder.CpuReading(offset, 100),
                new DirtyRateRecorder.CpuReading(offset + 100_000_000L, 105),
                new DirtyRateRecorder.CpuReading(offset + 300_000_000L, 115));
        List<String> rows = DirtyRateRecorder.rows(GUEST, List.of(), beats, new java.util.TreeMap<>(windows), cpu);
        assertThat(rows).containsExactly("0.0,1000,1000,950,,,0.50,0.25");
    }

    @Test
    void aV2RecordingHasCpuColumnsAndATestSetWithAFamilyAndAWorkloadTrainingNeverSees() {
        List<DirtyRateRecorder.Recording> v2 = DirtyRateRecorder.datasetV2(1, 55, 1);
        assertThat(v2).allMatch(DirtyRateRecorder.Recording::cpu);
        assertThat(DirtyRateRecorder.dataset()).noneMatch(DirtyRateRecorder.Recording::cpu);
        List<String> train = v2.stream().map(DirtyRateRecorder.Recording::file).filter(f -> f.startsWith("v2/train/"))
                .toList();
        List<String> test = v2.stream().map(DirtyRateRecorder.Recording::file).filter(f -> f.startsWith("v2/test/"))
                .toList();
        assertThat(train).hasSize(15).noneMatch(f -> f.contains(".sine.") || f.contains("hotcold-16mib-70"));
        assertThat(test).hasSize(6).allMatch(f -> f.contains(".sine.") || f.contains("hotcold-16mib-70"));
        assertThat(v2.stream().map(r -> r.guest().seed()).distinct().count()).isEqualTo(21);
        assertThat(v2.get(0).guest().kernelArguments()).contains("ferry.sched=").contains("ferry.seed=1");
    }
}
