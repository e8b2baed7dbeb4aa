package io.ferry.qemu.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.api.model.HostId;
import io.ferry.qemu.Heartbeat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeartbeatTailTest {

    @TempDir
    Path dir;

    private void append(Path log, String text) throws Exception {
        Files.writeString(log, text, StandardCharsets.ISO_8859_1, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void pollWhenLinesArriveInPiecesThenParsesEachHeartbeatOnceWithItsArrivalTime() throws Exception {
        Path log = dir.resolve("serial.log");
        HeartbeatTail tail = new HeartbeatTail(log, new HostId("host-a"), 42, 100);
        tail.poll(); // no file yet
        append(log, "[    0.000000] Linux version 6.1\r\nFERRY-READY pages=16384 mode=idle\r\nFERRY-HB seq=1 t_ms=20 "
                + "wps=0 rate=0 corrupt=0 checked=328 passes=0\r\nFERRY-HB seq=2 t_ms=40 wps=17 rate=0 co");
        long before = System.nanoTime();
        tail.poll();
        append(log, "rrupt=3 checked=656 passes=1\r\n");
        tail.poll();
        tail.poll();

        assertThat(tail.count()).isEqualTo(2);
        Heartbeat second = tail.last().orElseThrow();
        assertThat(second.sequence()).isEqualTo(2);
        assertThat(second.writesPerSecond()).isEqualTo(17);
        assertThat(second.corruptPages()).isEqualTo(3);
        assertThat(second.passes()).isEqualTo(1);
        assertThat(second.processId()).isEqualTo(42);
        assertThat(second.hostNanos()).isGreaterThanOrEqualTo(before);
        assertThat(tail.lastLine()).isEqualTo("FERRY-READY pages=16384 mode=idle");
    }

    @Test
    void pollWhenMoreHeartbeatsThanCapacityThenKeepsTheNewest() throws Exception {
        Path log = dir.resolve("serial.log");
        HeartbeatTail tail = new HeartbeatTail(log, new HostId("host-a"), 1, 3);
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= 5; i++) {
            b.append("FERRY-HB seq=").append(i).append(" t_ms=0 wps=0 rate=0 corrupt=0 checked=0 passes=0\n");
        }
        append(log, b.toString());
        tail.poll();

        assertThat(tail.count()).isEqualTo(5);
        assertThat(tail.heartbeats()).extracting(Heartbeat::sequence).containsExactly(3L, 4L, 5L);
    }
}
