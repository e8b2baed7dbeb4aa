package io.ferry.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * CPU utilisation replayed from PlanetLab traces (CoMon, as published with CloudSim; A. Beloglazov and R. Buyya,
 * CCPE 24(13):1397–1420, 2012): one file per VM, one integer percentage per line, one sample every
 * {@code secondsPerSample} simulated seconds (300 s in the original). VM i follows the i-th regular file of the
 * directory in name order; values are interpolated linearly between samples and the trace repeats, forwards and
 * backwards in time. The simulated pools (the engine-backed pool and the XAPI simulator) drive their VMs with it.
 *
 * <p>Cost: reads the first {@code vms} files once (288 samples each for a PlanetLab day); O(1) per value;
 * immutable, so safe to share between threads. The traces stay where the operator keeps them: nothing is copied.
 */
public final class CpuTraces {

    private final double[][] samples;
    private final double secondsPerSample;

    private CpuTraces(double[][] samples, double secondsPerSample) {
        this.samples = samples;
        this.secondsPerSample = secondsPerSample;
    }

    /**
     * Loads the traces of {@code vms} VMs.
     *
     * @param dir              the directory of trace files
     * @param vms              how many VMs, hence files, are needed
     * @param secondsPerSample simulated seconds between two samples, &gt; 0
     * @param key              the configuration key that named {@code dir}, for the messages
     * @throws IllegalArgumentException {@code KEY = dir: must …} when the directory cannot be listed, holds too few
     *                                  files, or a file is not one integer percentage per line
     * @throws UncheckedIOException     when a trace file cannot be read
     */
    public static CpuTraces load(Path dir, int vms, double secondsPerSample, String key) {
        if (!(secondsPerSample > 0) || Double.isInfinite(secondsPerSample)) {
            throw new IllegalArgumentException("secondsPerSample = " + secondsPerSample + ": must be > 0");
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new IllegalArgumentException(key + " = " + dir + ": must be a readable directory ("
                    + e.getMessage() + ")", e);
        }
        if (files.size() < vms) {
            throw new IllegalArgumentException(key + " = " + dir + ": must hold at least " + vms
                    + " trace files, one per VM (it holds " + files.size() + ")");
        }
        double[][] samples = new double[vms][];
        for (int i = 0; i < vms; i++) {
            samples[i] = read(dir, files.get(i), key);
        }
        return new CpuTraces(samples, secondsPerSample);
    }

    private static double[] read(Path dir, Path file, String key) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(key + " = " + dir + ": cannot read " + file.getFileName(), e);
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
                throw new IllegalArgumentException(key + " = " + dir + ": must hold integer percentages 0 to 100, "
                        + "one per line (" + file.getFileName() + " line " + (i + 1) + " is '"
                        + (line.length() > 20 ? line.substring(0, 20) + "..." : line) + "')");
            }
            values[n++] = v / 100.0;
        }
        if (n == 0) {
            throw new IllegalArgumentException(key + " = " + dir + ": must hold non-empty traces ("
                    + file.getFileName() + " has no sample)");
        }
        return Arrays.copyOf(values, n);
    }

    /** @return how many VMs the traces cover */
    public int vms() {
        return samples.length;
    }

    /** @return the number of samples of VM {@code vm}'s trace */
    public int length(int vm) {
        return samples[vm].length;
    }

    /**
     * @param vm      the VM's index, 0 to {@link #vms()} - 1
     * @param seconds simulated seconds (negative times repeat the trace backwards)
     * @return the share of the VM's vCPUs in use, in [0, 1], interpolated between samples
     */
    public double utilisation(int vm, double seconds) {
        double[] s = samples[vm];
        double k = seconds / secondsPerSample;
        long i = (long) Math.floor(k);
        double frac = k - i;
        double a = s[(int) Math.floorMod(i, (long) s.length)];
        double b = s[(int) Math.floorMod(i + 1, (long) s.length)];
        return a + (b - a) * frac;
    }
}
