package io.ferry.qemu.testbed;

import io.ferry.api.HypervisorException;
import io.ferry.api.model.VmId;
import io.ferry.qemu.DirtyRateSample;
import io.ferry.qemu.GuestSpec;
import io.ferry.qemu.Heartbeat;
import io.ferry.qemu.RateStep;
import io.ferry.qemu.WriterMode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Records a guest's dirty rate as a time series with ground truth, for training and testing dirty-rate
 * predictors: a testbed guest runs a cyclic rate schedule; the host takes back-to-back {@code calc-dirty-rate}
 * samples (page-sampling, 200 ms, 4096 pages per GiB) for a while; the guest's workload counts its own writes and
 * the distinct pages they hit in every 200 ms window of its clock and reports them in its heartbeats. One CSV row
 * per guest window:
 * <ul>
 * <li>{@code t_seconds}: the window's start, seconds of the guest's clock since the workload started;</li>
 * <li>{@code schedule_writes_per_second}: the rate the schedule asked for at the window's start;</li>
 * <li>{@code guest_writes_per_second}: the page writes the workload made in the window, per second;</li>
 * <li>{@code guest_unique_pages_per_second}: the distinct workload pages they hit, per second (what
 * page-sampling estimates; the kernel's own writes and the workload's bookkeeping arrays are not counted);</li>
 * <li>{@code sampled_pages_per_second}: the calc-dirty-rate sample that overlaps the window most, in 4 KiB pages
 * per second, empty when none overlaps it by half;</li>
 * <li>{@code sample_overlap}: that overlap, as a share of the window.</li>
 * </ul>
 * Guest and host clocks are matched through the heartbeats (each carries the guest's clock and the host's arrival
 * time; the median offset is used, good to a heartbeat's period). Cost: the recording's duration plus a boot.
 */
public final class DirtyRateRecorder {

    /** The guest's counting window, ms (the workload's UNIQ_WINDOW_MS). */
    public static final int WINDOW_MILLIS = 200;
    /** The CSV header. */
    public static final String HEADER = "t_seconds,schedule_writes_per_second,guest_writes_per_second,"
            + "guest_unique_pages_per_second,sampled_pages_per_second,sample_overlap";

    private static final Pattern HB = Pattern.compile(
            "FERRY-HB seq=(\\d+) t_ms=(\\d+) .* uwin=(\\d+) uwrites=(\\d+) uniq=(\\d+)");

    /**
     * One recording: a guest and how long to sample it.
     *
     * @param file    the CSV file's name
     * @param guest   the guest (its schedule drives the rate)
     * @param seconds how long to sample
     */
    public record Recording(String file, GuestSpec guest, int seconds) {
        public Recording {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(guest, "guest");
            if (seconds < 2 || seconds > 3600) {
                throw new IllegalArgumentException("seconds = " + seconds + ": must be in [2, 3600]");
            }
        }
    }

    /** The recordings of the repository's dataset, data/dirty-rates. */
    public static List<Recording> dataset() {
        return List.of(
                new Recording("uniform-steps.csv", guest("rec-uniform", WriterMode.UNIFORM, 256, 16,
                        List.of(new RateStep(2_000, 3), new RateStep(10_000, 3), new RateStep(40_000, 3),
                                new RateStep(0, 3), new RateStep(20_000, 3))), 45),
                new Recording("sweep-16mib.csv", guest("rec-sweep", WriterMode.SWEEP, 256, 16,
                        List.of(new RateStep(5_000, 2), new RateStep(20_000, 2), new RateStep(200_000, 2),
                                new RateStep(0, 2))), 32),
                new Recording("hotcold-64mib.csv", guest("rec-hotcold", WriterMode.HOT_COLD, 256, 64,
                        List.of(new RateStep(5_000, 3), new RateStep(50_000, 3), new RateStep(100_000, 3))), 36),
                new Recording("idle-kernel.csv", guest("rec-idle", WriterMode.IDLE, 256, 16, List.of()), 20));
    }

    private static GuestSpec guest(String name, WriterMode mode, int workloadMiB, int hotMiB, List<RateStep> steps) {
        return GuestSpec.of(name, 512, workloadMiB).withWriter(mode, 0, hotMiB).withSchedule(steps)
                .withHeartbeat(FidelityRunner.HEARTBEAT_MILLIS, 0);
    }

    private final Testbed testbed;
    private final Path poolWorkDir;
    private final FidelityRunner.Listener listener;

    /**
     * @param testbed     an open testbed
     * @param poolWorkDir the work directory the testbed was opened with (its serial logs are read)
     * @param listener    hears each recording
     */
    public DirtyRateRecorder(Testbed testbed, Path poolWorkDir, FidelityRunner.Listener listener) {
        this.testbed = Objects.requireNonNull(testbed, "testbed");
        this.poolWorkDir = Testbed.shortWorkDir(poolWorkDir);
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** A calc-dirty-rate sample and when (host nanos) its window began. */
    record Sample(long startNanos, double pagesPerSecond) {
    }

    /** One guest window's ground truth. */
    record Window(long index, long writes, long unique) {
    }

    /**
     * Records {@code r} and writes its CSV into {@code directory}.
     *
     * @return the number of rows written
     */
    public int record(Recording r, Path directory) throws HypervisorException, IOException, InterruptedException {
        Duration boot = testbed.boot(r.guest(), Testbed.host(0));
        VmId vm = new VmId(r.guest().name());
        List<Sample> samples = new ArrayList<>();
        List<Heartbeat> beats;
        Path log;
        try {
            listener.line(String.format(Locale.ROOT, "dirty rates: %s booted in %.1f s, sampling for %d s", vm,
                    boot.toMillis() / 1e3, r.seconds()));
            Thread.sleep(1000);
            long end = System.nanoTime() + r.seconds() * 1_000_000_000L;
            while (System.nanoTime() < end) {
                long t0 = System.nanoTime();
                DirtyRateSample s = testbed.pool().sampleDirtyRate(vm, Duration.ofMillis(WINDOW_MILLIS));
                samples.add(new Sample(t0, s.pagesPerSecond()));
            }
            Thread.sleep(3 * WINDOW_MILLIS);
            beats = testbed.pool().heartbeats(vm);
            log = serialLog(r.guest().name());
        } finally {
            testbed.stop(vm);
        }
        List<String> rows = rows(r.guest(), samples, beats, windows(log));
        Files.createDirectories(directory);
        List<String> lines = new ArrayList<>();
        lines.add(HEADER);
        lines.addAll(rows);
        Files.write(directory.resolve(r.file()), lines, StandardCharsets.UTF_8);
        listener.line(String.format(Locale.ROOT, "dirty rates: %s: %d windows, %d calc-dirty-rate samples -> %s",
                vm, rows.size(), samples.size(), directory.resolve(r.file())));
        return rows.size();
    }

    private Path serialLog(String guest) throws IOException {
        Path dir = poolWorkDir.resolve(Testbed.host(0).value());
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith(guest + ".")
                    && p.getFileName().toString().endsWith(".serial.log")).max(Path::compareTo)
                    .orElseThrow(() -> new IOException("no serial log of " + guest + " in " + dir));
        }
    }

    /** @return the guest's windows by number, from its heartbeat lines */
    static Map<Long, Window> windows(Path log) throws IOException {
        return windows(Files.readAllLines(log, StandardCharsets.ISO_8859_1));
    }

    static Map<Long, Window> windows(List<String> lines) {
        Map<Long, Window> out = new TreeMap<>();
        for (String line : lines) {
            Matcher m = HB.matcher(line);
            if (m.find()) {
                long w = Long.parseLong(m.group(3));
                if (w > 0) {
                    out.put(w, new Window(w, Long.parseLong(m.group(4)), Long.parseLong(m.group(5))));
                }
            }
        }
        return out;
    }

    /** @return the CSV rows: one per complete guest window, joined with the sample that overlaps it most */
    static List<String> rows(GuestSpec guest, List<Sample> samples, List<Heartbeat> beats,
            Map<Long, Window> windows) {
        // host nanos = guest ms * 1e6 + offset, the median over the heartbeats
        long[] offsets = beats.stream().mapToLong(h -> h.hostNanos() - h.guestMillis() * 1_000_000L).sorted().toArray();
        long offset = offsets.length == 0 ? 0 : offsets[offsets.length / 2];
        long windowNanos = WINDOW_MILLIS * 1_000_000L;
        List<String> rows = new ArrayList<>();
        for (Window w : windows.values()) {
            long guestStartMs = (w.index() - 1) * WINDOW_MILLIS;
            long hostStart = guestStartMs * 1_000_000L + offset;
            long hostEnd = hostStart + windowNanos;
            Sample best = null;
            double bestOverlap = 0;
            for (Sample s : samples) {
                long o = Math.min(hostEnd, s.startNanos() + windowNanos) - Math.max(hostStart, s.startNanos());
                double share = (double) o / windowNanos;
                if (share > bestOverlap) {
                    bestOverlap = share;
                    best = s;
                }
            }
            boolean sampled = best != null && bestOverlap >= 0.5;
            rows.add(String.format(Locale.ROOT, "%.1f,%d,%.0f,%.0f,%s,%s", guestStartMs / 1e3,
                    scheduled(guest, guestStartMs), w.writes() * 1000.0 / WINDOW_MILLIS,
                    w.unique() * 1000.0 / WINDOW_MILLIS,
                    sampled ? String.format(Locale.ROOT, "%.0f", best.pagesPerSecond()) : "",
                    sampled ? String.format(Locale.ROOT, "%.2f", bestOverlap) : ""));
        }
        return rows;
    }

    /** @return the rate the guest's schedule sets at {@code guestMs} (its fixed rate without a schedule) */
    static long scheduled(GuestSpec guest, long guestMs) {
        if (guest.mode() == WriterMode.IDLE) {
            return 0;
        }
        if (guest.schedule().isEmpty()) {
            return guest.writesPerSecond();
        }
        long cycle = guest.schedule().stream().mapToLong(s -> s.seconds() * 1000L).sum();
        long pos = Math.floorMod(guestMs, cycle);
        for (RateStep s : guest.schedule()) {
            if (pos < s.seconds() * 1000L) {
                return s.writesPerSecond();
            }
            pos -= s.seconds() * 1000L;
        }
        return 0;
    }
}
