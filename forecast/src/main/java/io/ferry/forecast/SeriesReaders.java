package io.ferry.forecast;

import io.ferry.api.model.Metric;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads metric series from the two on-disk formats Ferry trains and judges predictors on, and fingerprints them.
 *
 * <ul>
 * <li>{@link Metric#CPU_UTILISATION}: a PlanetLab day, a directory whose every regular file is one VM, one
 * integer CPU percentage per line, {@value #PLANETLAB_STEP_SECONDS} s apart (the format of
 * {@code ../shared/data/planetlab/}); values are fractions in [0, 1].</li>
 * <li>{@link Metric#DIRTY_PAGES_PER_SECOND}: a directory of recordings in the CSV format of
 * {@code data/dirty-rates/} (or one such file); the series is the column {@value #DIRTY_RATE_COLUMN}, the
 * guest's own count of distinct pages written per second, at the step the {@code t_seconds} column shows.</li>
 * </ul>
 *
 * Everything is read into memory (a PlanetLab day is ≈1,000 × 288 samples); errors are one line naming the
 * file and the line.
 */
public final class SeriesReaders {

    /** PlanetLab's CoMon sampling interval. */
    public static final int PLANETLAB_STEP_SECONDS = 300;

    /** The dirty-rate CSV column read as the series. */
    public static final String DIRTY_RATE_COLUMN = "guest_unique_pages_per_second";

    private SeriesReaders() {
    }

    /**
     * @param paths  directories (or single files, for dirty-rate CSVs) in either format, in order
     * @param metric {@link Metric#CPU_UTILISATION} or {@link Metric#DIRTY_PAGES_PER_SECOND}
     * @return every series, directory by directory, files sorted by name; each named {@code dir/file}
     * @throws IllegalArgumentException one line: a path that is missing or empty, a line that does not parse, a
     *                                  CSV without the column, or a metric with no on-disk format
     */
    public static List<Series> read(List<Path> paths, Metric metric) {
        if (paths == null || paths.isEmpty()) {
            throw new IllegalArgumentException("workload: give at least one directory");
        }
        List<Series> all = new ArrayList<>();
        for (Path path : paths) {
            switch (metric) {
                case CPU_UTILISATION -> {
                    for (Path file : files(path, "")) {
                        all.add(planetLab(path, file));
                    }
                }
                case DIRTY_PAGES_PER_SECOND -> {
                    for (Path file : files(path, ".csv")) {
                        all.add(dirtyRate(path, file));
                    }
                }
                default -> throw new IllegalArgumentException("metric = " + metric
                        + ": no on-disk format; use CPU_UTILISATION (PlanetLab) or DIRTY_PAGES_PER_SECOND (dirty-rate CSV)");
            }
        }
        return List.copyOf(all);
    }

    /**
     * A SHA-256 over every series' name, step and samples, in order: two reads of the same files give the same
     * fingerprint, and any changed sample, added or removed file gives another.
     *
     * @param series what was read
     * @return 64 lowercase hex digits
     */
    public static String fingerprint(List<Series> series) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
        for (Series s : series) {
            digest.update(s.name().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(s.metric().name().getBytes(StandardCharsets.UTF_8));
            digest.update(Long.toString(s.step().toNanos()).getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < s.size(); i++) {
                long bits = Double.doubleToLongBits(s.get(i));
                for (int b = 0; b < 8; b++) {
                    digest.update((byte) (bits >>> (8 * b)));
                }
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static List<Path> files(Path path, String suffix) {
        if (Files.isRegularFile(path)) {
            return List.of(path);
        }
        if (!Files.isDirectory(path)) {
            throw new IllegalArgumentException("workload = " + path + ": no such directory");
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(path)) {
            files = list.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(suffix))
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> !p.getFileName().toString().endsWith(".md"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new IllegalArgumentException("workload = " + path + ": cannot be listed (" + e.getMessage() + ")", e);
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("workload = " + path + ": holds no "
                    + (suffix.isEmpty() ? "trace files" : suffix + " files"));
        }
        return files;
    }

    private static String name(Path dir, Path file) {
        Path base = Files.isRegularFile(dir) ? dir.getParent() : dir;
        String prefix = base == null || base.getFileName() == null ? "" : base.getFileName() + "/";
        return prefix + file.getFileName();
    }

    private static Series planetLab(Path dir, Path file) {
        List<String> lines = lines(file);
        double[] values = new double[lines.size()];
        int n = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty()) {
                continue;
            }
            int percent;
            try {
                percent = Integer.parseInt(line);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": '" + line
                        + "' is not a CPU percentage (PlanetLab format: one integer 0..100 per line)");
            }
            if (percent < 0 || percent > 100) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": " + percent + " is outside 0..100");
            }
            values[n++] = percent / 100.0;
        }
        return new Series(name(dir, file), Metric.CPU_UTILISATION, Duration.ofSeconds(PLANETLAB_STEP_SECONDS),
                Arrays.copyOf(values, n));
    }

    private static Series dirtyRate(Path dir, Path file) {
        List<String> lines = lines(file);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(file + ": empty; a dirty-rate CSV starts with a header line");
        }
        List<String> header = Arrays.asList(lines.get(0).trim().split(",", -1));
        int time = header.indexOf("t_seconds");
        int column = header.indexOf(DIRTY_RATE_COLUMN);
        if (time < 0 || column < 0) {
            throw new IllegalArgumentException(file + ":1: the header must name t_seconds and " + DIRTY_RATE_COLUMN
                    + " (the format of data/dirty-rates/README.md)");
        }
        double[] times = new double[lines.size()];
        double[] values = new double[lines.size()];
        int n = 0;
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] cells = line.split(",", -1);
            if (cells.length <= Math.max(time, column)) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": " + cells.length + " cells, the header has "
                        + header.size());
            }
            try {
                times[n] = Double.parseDouble(cells[time]);
                values[n] = Double.parseDouble(cells[column]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": t_seconds '" + cells[time] + "' or "
                        + DIRTY_RATE_COLUMN + " '" + cells[column] + "' is not a number");
            }
            if (!Double.isFinite(values[n]) || values[n] < 0) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": " + DIRTY_RATE_COLUMN + " = " + values[n]
                        + ": must be a finite rate >= 0");
            }
            n++;
        }
        if (n < 2) {
            throw new IllegalArgumentException(file + ": " + n + " samples; a series needs at least 2");
        }
        double[] gaps = new double[n - 1];
        for (int i = 1; i < n; i++) {
            gaps[i - 1] = times[i] - times[i - 1];
        }
        Arrays.sort(gaps);
        double gap = gaps[gaps.length / 2];
        if (!(gap > 0)) {
            throw new IllegalArgumentException(file + ": t_seconds does not advance (median step " + gap + " s)");
        }
        return new Series(name(dir, file), Metric.DIRTY_PAGES_PER_SECOND,
                Duration.ofNanos(Math.round(gap * 1e9)), Arrays.copyOf(values, n));
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot be read (" + e.getMessage() + ")", e);
        }
    }
}
