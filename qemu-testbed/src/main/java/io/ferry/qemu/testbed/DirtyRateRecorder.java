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
import java.util.Arrays;
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
 * <li>{@code sample_overlap}: that overlap, as a share of the window;</li>
 * <li>only in recordings with CPU ({@link Recording#cpu()}, the v2 set), two more columns at the end:
 * {@code qemu_cpu_fraction}, the QEMU process's CPU time in the window ({@code utime + stime} of
 * {@code /proc/PID/stat}, read every 20 ms and interpolated to the window's bounds) over the window's length, as a
 * fraction of one CPU (the kernel counts it in 10 ms ticks: a resolution of 0.05 per window); and
 * {@code guest_cpu_fraction}, the share of the window the guest's workload was not asleep, by its own clock (its
 * heartbeats' {@code ubusy}). Such a recording keeps only the windows the CPU readings cover.</li>
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
    /** The CSV header of a recording with CPU: {@link #HEADER} and the two CPU columns. */
    public static final String HEADER_CPU = HEADER + ",qemu_cpu_fraction,guest_cpu_fraction";
    /** Clock ticks per second of /proc/PID/stat (Linux's USER_HZ). */
    static final int USER_HZ = 100;
    private static final long CPU_POLL_MILLIS = 20;

    private static final Pattern HB = Pattern.compile(
            "FERRY-HB seq=(\\d+) t_ms=(\\d+) .* uwin=(\\d+) uwrites=(\\d+) uniq=(\\d+)(?: ubusy=(\\d+))?");

    /**
     * One recording: a guest and how long to sample it.
     *
     * @param file    the CSV file's path relative to the output directory (a name, or sub/dirs/name)
     * @param guest   the guest (its schedule drives the rate)
     * @param seconds how long to sample
     * @param cpu     whether the CSV has the two CPU columns ({@link #HEADER_CPU}) or only {@link #HEADER}
     */
    public record Recording(String file, GuestSpec guest, int seconds, boolean cpu) {
        public Recording {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(guest, "guest");
            if (file.isBlank() || file.startsWith("/") || Arrays.asList(file.split("/")).contains("..")) {
                throw new IllegalArgumentException("file = " + file + ": must be a relative path without ..");
            }
            if (seconds < 2 || seconds > 3600) {
                throw new IllegalArgumentException("seconds = " + seconds + ": must be in [2, 3600]");
            }
        }

        /** A recording without the CPU columns (the v1 format). */
        public Recording(String file, GuestSpec guest, int seconds) {
            this(file, guest, seconds, false);
        }
    }

    /** The recordings of the repository's first dataset, data/dirty-rates (v1). */
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

    /**
     * A guest workload of the v2 set.
     *
     * @param label      its name in file names
     * @param mode       the writer
     * @param hotMiB     the hot set (the sweep's span; the hot/cold mix's hot part)
     * @param hotPercent the hot/cold mix's share of writes to the hot set
     */
    public record Workload(String label, WriterMode mode, int hotMiB, int hotPercent) {
        public Workload {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(mode, "mode");
        }
    }

    /** The workloads of the v2 set's training runs (all on 256 MiB of random data). */
    public static final List<Workload> V2_TRAIN_WORKLOADS = List.of(
            new Workload("uniform-256mib", WriterMode.UNIFORM, 16, GuestSpec.DEFAULT_HOT_PERCENT),
            new Workload("sweep-16mib", WriterMode.SWEEP, 16, GuestSpec.DEFAULT_HOT_PERCENT),
            new Workload("hotcold-64mib", WriterMode.HOT_COLD, 64, 90));
    /** The workload only the v2 test runs have: a smaller hot set with a smaller share. */
    public static final Workload V2_TEST_WORKLOAD = new Workload("hotcold-16mib-70", WriterMode.HOT_COLD, 16, 70);
    /** The schedule families of the v2 training runs (sine is held out for the test runs). */
    public static final List<DirtyRateSchedules.Family> V2_TRAIN_FAMILIES = List.of(
            DirtyRateSchedules.Family.RANDOM_WALK, DirtyRateSchedules.Family.STEPS, DirtyRateSchedules.Family.RAMPS,
            DirtyRateSchedules.Family.BURSTS, DirtyRateSchedules.Family.MIXTURE);
    /** The v2 schedules' highest rate, page writes per second. */
    public static final long V2_MAX_RATE = 300_000;
    /** The seconds of schedule beyond the sampling (the wait after the boot, the last windows). */
    private static final int V2_SCHEDULE_MARGIN_SECONDS = 10;

    /**
     * The recordings of the v2 set, data/dirty-rates/v2: {@code train/} has every training workload with every
     * training family, {@code runs} seeds each; {@code test/} has the held-out family (sine) on every training
     * workload and the held-out workload with random-walk, bursts and sine, {@code runs} seeds each. Every run has
     * its own seed (the schedule's and the workload's), {@code baseSeed} upwards, training runs first.
     *
     * @param runs     seeds per combination, 1 to 20
     * @param seconds  sampling per run, 10 to 600 s
     * @param baseSeed the first run's seed
     */
    public static List<Recording> datasetV2(int runs, int seconds, long baseSeed) {
        if (runs < 1 || runs > 20) {
            throw new IllegalArgumentException("runs = " + runs + ": must be in [1, 20]");
        }
        if (seconds < 10 || seconds > 600) {
            throw new IllegalArgumentException("seconds = " + seconds + ": must be in [10, 600]");
        }
        List<Recording> out = new ArrayList<>();
        long seed = baseSeed;
        for (int r = 0; r < runs; r++) {
            for (Workload w : V2_TRAIN_WORKLOADS) {
                for (DirtyRateSchedules.Family f : V2_TRAIN_FAMILIES) {
                    out.add(v2("train", w, f, seed++, seconds));
                }
            }
        }
        for (int r = 0; r < runs; r++) {
            for (Workload w : V2_TRAIN_WORKLOADS) {
                out.add(v2("test", w, DirtyRateSchedules.Family.SINE, seed++, seconds));
            }
            for (DirtyRateSchedules.Family f : List.of(DirtyRateSchedules.Family.RANDOM_WALK,
                    DirtyRateSchedules.Family.BURSTS, DirtyRateSchedules.Family.SINE)) {
                out.add(v2("test", V2_TEST_WORKLOAD, f, seed++, seconds));
            }
        }
        return List.copyOf(out);
    }

    private static Recording v2(String split, Workload w, DirtyRateSchedules.Family f, long seed, int seconds) {
        List<RateStep> steps = DirtyRateSchedules.generate(f, seed, seconds + V2_SCHEDULE_MARGIN_SECONDS,
                V2_MAX_RATE);
        GuestSpec g = guest("rec-" + w.label() + "-" + f.label() + "-s" + seed, w.mode(), 256, w.hotMiB(), steps)
                .withHotPercent(w.hotPercent()).withSeed(seed);
        return new Recording("v2/" + split + "/" + w.label() + "." + f.label() + ".s" + seed + ".csv", g, seconds,
                true);
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

    /** A reading of the QEMU process's CPU time: host nanos and utime + stime in clock ticks. */
    record CpuReading(long hostNanos, long ticks) {
    }

    /** One guest window's ground truth; {@code busy} in parts per 10 000, -1 where the heartbeats have none. */
    record Window(long index, long writes, long unique, long busy) {
        Window(long index, long writes, long unique) {
            this(index, writes, unique, -1);
        }
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
        List<CpuReading> cpu = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Heartbeat> beats;
        Path log;
        Thread cpuReader = null;
        try {
            if (r.cpu()) {
                List<Heartbeat> first = testbed.pool().heartbeats(vm);
                if (first.isEmpty()) {
                    throw new IOException(vm + ": no heartbeat after the boot, so no QEMU process to read CPU of");
                }
                Path stat = Path.of("/proc", Long.toString(first.get(first.size() - 1).processId()), "stat");
                cpuReader = cpuReader(stat, cpu);
                // a first reading before the sampling starts
                cpu.add(new CpuReading(System.nanoTime(), ticks(stat)));
            }
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
            if (cpuReader != null) {
                cpuReader.interrupt();
                cpuReader.join();
            }
            testbed.stop(vm);
        }
        List<String> rows = r.cpu() ? rows(r.guest(), samples, beats, windows(log), List.copyOf(cpu))
                : rows(r.guest(), samples, beats, windows(log));
        Path file = directory.resolve(r.file());
        Files.createDirectories(file.getParent());
        List<String> lines = new ArrayList<>();
        lines.add(r.cpu() ? HEADER_CPU : HEADER);
        lines.addAll(rows);
        Files.write(file, lines, StandardCharsets.UTF_8);
        listener.line(String.format(Locale.ROOT, "dirty rates: %s: %d windows, %d calc-dirty-rate samples -> %s",
                vm, rows.size(), samples.size(), directory.resolve(r.file())));
        return rows.size();
    }

    /** Reads {@code stat} every 20 ms into {@code into} until interrupted or the process is gone. */
    private static Thread cpuReader(Path stat, List<CpuReading> into) {
        Thread t = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    into.add(new CpuReading(System.nanoTime(), ticks(stat)));
                    Thread.sleep(CPU_POLL_MILLIS);
                }
            } catch (IOException | InterruptedException | RuntimeException e) {
                // interrupted at the end of the recording, or the process ended: the readings so far stand
            }
        }, "ferry-dirty-rate-cpu");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** @return utime + stime of a /proc/PID/stat file, clock ticks */
    static long ticks(Path stat) throws IOException {
        return ticks(Files.readString(stat, StandardCharsets.ISO_8859_1));
    }

    /** @return utime + stime (fields 14 and 15) of a /proc/PID/stat line; the name in () may hold spaces */
    static long ticks(String statLine) {
        int close = statLine.lastIndexOf(')');
        String[] f = close < 0 ? new String[0] : statLine.substring(close + 1).trim().split(" +");
        if (f.length < 13) {
            throw new IllegalArgumentException("not a /proc/PID/stat line: " + statLine);
        }
        // f[0] is field 3 (state): utime is field 14, stime field 15
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** @return the CPU ticks at {@code nanos}, linear between the readings; NaN outside them */
    static double ticksAt(List<CpuReading> readings, long nanos) {
        if (readings.isEmpty() || nanos < readings.get(0).hostNanos()
                || nanos > readings.get(readings.size() - 1).hostNanos()) {
            return Double.NaN;
        }
        for (int i = 1; i < readings.size(); i++) {
            CpuReading b = readings.get(i);
            if (nanos <= b.hostNanos()) {
                CpuReading a = readings.get(i - 1);
                long span = b.hostNanos() - a.hostNanos();
                return span == 0 ? b.ticks()
                        : a.ticks() + (b.ticks() - a.ticks()) * (double) (nanos - a.hostNanos()) / span;
            }
        }
        return readings.get(readings.size() - 1).ticks();
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
                    out.put(w, new Window(w, Long.parseLong(m.group(4)), Long.parseLong(m.group(5)),
                            m.group(6) == null ? -1 : Long.parseLong(m.group(6))));
                }
            }
        }
        return out;
    }

    /** @return the CSV rows: one per complete guest window, joined with the sample that overlaps it most */
    static List<String> rows(GuestSpec guest, List<Sample> samples, List<Heartbeat> beats,
            Map<Long, Window> windows) {
        return rows(guest, samples, beats, windows, null);
    }

    /**
     * @param cpu the QEMU process's CPU readings, null for rows without the CPU columns
     * @return the CSV rows; with {@code cpu}, only the windows the readings cover and that have a busy share, each
     *         with the two CPU columns
     */
    static List<String> rows(GuestSpec guest, List<Sample> samples, List<Heartbeat> beats,
            Map<Long, Window> windows, List<CpuReading> cpu) {
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
            String cpuCells = "";
            if (cpu != null) {
                double ticks = ticksAt(cpu, hostEnd) - ticksAt(cpu, hostStart);
                if (Double.isNaN(ticks) || w.busy() < 0) {
                    continue;
                }
                cpuCells = String.format(Locale.ROOT, ",%.2f,%.2f", ticks / USER_HZ / (WINDOW_MILLIS / 1e3),
                        w.busy() / 10_000.0);
            }
            rows.add(String.format(Locale.ROOT, "%.1f,%d,%.0f,%.0f,%s,%s%s", guestStartMs / 1e3,
                    scheduled(guest, guestStartMs), w.writes() * 1000.0 / WINDOW_MILLIS,
                    w.unique() * 1000.0 / WINDOW_MILLIS,
                    sampled ? String.format(Locale.ROOT, "%.0f", best.pagesPerSecond()) : "",
                    sampled ? String.format(Locale.ROOT, "%.2f", bestOverlap) : "", cpuCells));
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
