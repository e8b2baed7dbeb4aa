package io.ferry.qemu.testbed;

import static org.assertj.core.api.Assertions.assertThat;

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
}
