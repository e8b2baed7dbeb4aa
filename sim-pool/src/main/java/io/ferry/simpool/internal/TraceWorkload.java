package io.ferry.simpool.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * CPU replayed from PlanetLab traces (CoMon, as shipped with CloudSim; see Beloglazov and Buyya, CCPE
 * 24(13), 2012): one file per VM, one integer percentage per line, one sample every
 * {@code traceSecondsPerSample} simulated seconds (300 s in the original). VM i follows the i-th regular file
 * of the directory in name order; values are interpolated linearly between samples and the trace repeats when
 * it ends.
 *
 * <p>Cost: reads the first {@code vms} files once (288 samples each for a PlanetLab day); O(1) per value.
 * The traces stay where the operator keeps them: nothing is copied.
 */
final class TraceWorkload implements CpuWorkload {

    private final double[][] samples;
    private final double secondsPerSample;

    TraceWorkload(double[][] samples, double secondsPerSample) {
        this.samples = new double[samples.length][];
        for (int i = 0; i < samples.length; i++) {
            this.samples[i] = samples[i].clone();
        }
        this.secondsPerSample = secondsPerSample;
    }

    /**
     * Loads the traces of {@code vms} VMs.
     *
     * @throws IllegalArgumentException {@code workloadTraceDir = dir: must …} when the directory holds too few
     *                                  files or a file is not one integer percentage per line
     */
    static TraceWorkload load(Path dir, int vms, double secondsPerSample) {
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException("workloadTraceDir = " + dir + ": cannot be listed", e);
        }
        if (files.size() < vms) {
            throw new IllegalArgumentException("workloadTraceDir = " + dir + ": must hold at least " + vms
                    + " trace files, one per VM (it holds " + files.size() + ")");
        }
        double[][] samples = new double[vms][];
        for (int i = 0; i < vms; i++) {
            samples[i] = read(dir, files.get(i));
        }
        return new TraceWorkload(samples, secondsPerSample);
    }

    private static double[] read(Path dir, Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("workloadTraceDir = " + dir + ": cannot read " + file.getFileName(), e);
        }
        List<Double> values = new ArrayList<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).trim();
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
                throw new IllegalArgumentException("workloadTraceDir = " + dir + ": must hold integer percentages "
                        + "0 to 100, one per line (" + file.getFileName() + " line " + (n + 1) + " is '"
                        + abbreviate(line) + "')");
            }
            values.add(v / 100.0);
        }
        if (values.isEmpty()) {
            throw new IllegalArgumentException("workloadTraceDir = " + dir + ": must hold non-empty traces ("
                    + file.getFileName() + " has no sample)");
        }
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static String abbreviate(String s) {
        return s.length() <= 20 ? s : s.substring(0, 20) + "...";
    }

    /** @return the number of samples of VM {@code vm}'s trace */
    int length(int vm) {
        return samples[vm].length;
    }

    @Override
    public double utilisation(int vm, double seconds) {
        double[] s = samples[vm];
        double k = seconds / secondsPerSample;
        long i = (long) Math.floor(k);
        double frac = k - i;
        double a = s[(int) Math.floorMod(i, (long) s.length)];
        double b = s[(int) Math.floorMod(i + 1, (long) s.length)];
        return SyntheticWorkload.clamp(a + (b - a) * frac);
    }
}
