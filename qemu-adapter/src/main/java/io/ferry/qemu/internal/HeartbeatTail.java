package io.ferry.qemu.internal;

import io.ferry.api.model.HostId;
import io.ferry.qemu.Heartbeat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Follows the serial log of one QEMU process and turns the workload's {@code FERRY-HB} lines into
 * {@link Heartbeat}s stamped with the host's arrival time. Other lines (kernel messages, {@code FERRY-READY},
 * {@code FERRY-CORRUPT}, {@code FERRY-ERROR}) are kept as the last lines of the log, for error messages.
 *
 * <p>Cost: {@link #poll()} reads only the bytes appended since the previous call; memory is bounded by
 * {@code capacity} heartbeats and {@value #LINES_KEPT} other lines. Thread-safe: polled by the pool's tail thread,
 * read by migrations and tests.
 */
final class HeartbeatTail {

    static final int LINES_KEPT = 40;

    private static final Pattern HB = Pattern.compile(
            "FERRY-HB seq=(\\d+) t_ms=(\\d+) wps=(\\d+) rate=(\\d+) corrupt=(\\d+) checked=(\\d+) passes=(\\d+)");

    private final Path log;
    private final HostId host;
    private final long pid;
    private final int capacity;
    private final Deque<Heartbeat> beats = new ArrayDeque<>();
    private final Deque<String> lines = new ArrayDeque<>();
    private final StringBuilder partial = new StringBuilder();
    private long offset;
    private long total;

    HeartbeatTail(Path log, HostId host, long pid, int capacity) {
        this.log = log;
        this.host = host;
        this.pid = pid;
        this.capacity = capacity;
    }

    /** Reads what was appended to the log since the last call. */
    synchronized void poll() {
        if (!Files.exists(log)) {
            return;
        }
        long now;
        try (FileChannel ch = FileChannel.open(log, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size <= offset) {
                return;
            }
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(size - offset, 1 << 20));
            int n = ch.read(buf, offset);
            if (n <= 0) {
                return;
            }
            offset += n;
            now = System.nanoTime();
            partial.append(new String(buf.array(), 0, n, StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            return; // the log is re-read at the next poll
        }
        int start = 0;
        int nl;
        while ((nl = partial.indexOf("\n", start)) >= 0) {
            accept(partial.substring(start, nl).trim(), now);
            start = nl + 1;
        }
        partial.delete(0, start);
    }

    private void accept(String text, long now) {
        if (text.isEmpty()) {
            return;
        }
        Matcher m = HB.matcher(text);
        if (m.find()) {
            Heartbeat hb = new Heartbeat(host, pid, Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
                    Long.parseLong(m.group(3)), Long.parseLong(m.group(5)), Long.parseLong(m.group(6)),
                    Long.parseLong(m.group(7)), now);
            if (beats.size() == capacity) {
                beats.removeFirst();
            }
            beats.addLast(hb);
            total++;
            return;
        }
        if (lines.size() == LINES_KEPT) {
            lines.removeFirst();
        }
        lines.addLast(text);
    }

    /** @return the heartbeats kept, oldest first */
    synchronized List<Heartbeat> heartbeats() {
        return new ArrayList<>(beats);
    }

    /** @return the newest heartbeat */
    synchronized Optional<Heartbeat> last() {
        return Optional.ofNullable(beats.peekLast());
    }

    /** @return the oldest heartbeat kept */
    synchronized Optional<Heartbeat> first() {
        return Optional.ofNullable(beats.peekFirst());
    }

    /** @return how many heartbeats were read in all */
    synchronized long count() {
        return total;
    }

    /** @return the last non-heartbeat line of the log, or a note that there was none */
    synchronized String lastLine() {
        String last = lines.peekLast();
        return last == null ? "(the serial log " + log + " has no other line)" : last;
    }

    /** @return the last non-heartbeat lines, oldest first */
    synchronized List<String> lastLines() {
        return new ArrayList<>(lines);
    }

    Path log() {
        return log;
    }
}
