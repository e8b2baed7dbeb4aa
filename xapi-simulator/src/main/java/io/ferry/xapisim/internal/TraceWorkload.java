package io.ferry.xapisim.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * CPU replayed from PlanetLab traces (CoMon, as published with CloudSim; A. Beloglazov and R. Buyya, CCPE
 * 24(13):1397–1420, 2012): one file per guest, one integer percentage per line, one sample every
 * {@code secondsPerSample} simulated seconds (300 s in the original). Guest i follows the i-th regular file of
 * the directory in name order; values are interpolated linearly and the trace repeats (also backwards in time,
 * for history before the simulator started).
 *
 * <p>Cost: reads {@code guests} files once; O(1) per value. The traces stay where the operator keeps them.
 */
final class TraceWorkload implements CpuWorkload {

    private final double[][] samples;
    private final double secondsPerSample;

    private TraceWorkload(double[][] samples, double secondsPerSample) {
        this.samples = samples;
        this.secondsPerSample = secondsPerSample;
    }

    /**
     * @throws IllegalArgumentException {@code traceDir = …: must …} when the directory holds fewer files than
     *                                  guests or a file is not one percentage per line
     */
    static TraceWorkload load(Path dir, int guests, double secondsPerSample) {
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new IllegalArgumentException("traceDir = " + dir + ": must be a readable directory ("
                    + e.getMessage() + ")", e);
        }
        if (files.size() < guests) {
            throw new IllegalArgumentException("traceDir = " + dir + ": must hold at least " + guests
                    + " trace files, one per VM (it holds " + files.size() + ")");
        }
        double[][] samples = new double[guests][];
        for (int i = 0; i < guests; i++) {
            samples[i] = read(dir, files.get(i));
        }
        return new TraceWorkload(samples, secondsPerSample);
    }

    private static double[] read(Path dir, Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("traceDir = " + dir + ": cannot read " + file.getFileName(), e);
        }
        double[] values = new double[lines.size()];
        int n = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty()) {
                continue;
            }
            int v;
            try {
                v = Integer.parseInt(line);
            } catch (NumberFormatException e) {
                v = -1;
            }
            if (v < 0 || v > 100) {
                throw new IllegalArgumentException("traceDir = " + dir + ": must hold integer percentages 0 to 100,"
                        + " one per line (" + file.getFileName() + " line " + (i + 1) + " is '"
                        + (line.length() > 20 ? line.substring(0, 20) + "..." : line) + "')");
            }
            values[n++] = v / 100.0;
        }
        if (n == 0) {
            throw new IllegalArgumentException("traceDir = " + dir + ": must hold non-empty traces ("
                    + file.getFileName() + " has no sample)");
        }
        return java.util.Arrays.copyOf(values, n);
    }

    @Override
    public double utilisation(int guest, double seconds) {
        double[] s = samples[guest];
        double k = seconds / secondsPerSample;
        long i = (long) Math.floor(k);
        double frac = k - i;
        double a = s[(int) Math.floorMod(i, (long) s.length)];
        double b = s[(int) Math.floorMod(i + 1, (long) s.length)];
        return CpuWorkload.clamp(a + (b - a) * frac);
    }
}
