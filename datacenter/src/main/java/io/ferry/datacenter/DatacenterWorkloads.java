package io.ferry.datacenter;

import io.ferry.datacenter.internal.SampledWorkload;
import io.ferry.engine.CpuTraces;
import io.ferry.simcluster.SyntheticWorkload;
import io.ferry.simcluster.WorkloadShape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Where {@link DatacenterWorkload}s come from: a directory of PlanetLab traces, sim-cluster's synthetic load,
 * or samples given by hand (for tests). Every workload is read or drawn once, into memory (a PlanetLab day of
 * 1052 VMs × 288 samples is 2.4 MB), and immutable.
 */
public final class DatacenterWorkloads {

    /** The traces' step, and the default scheduling interval: 300 s, as PlanetLab's CoMon sampled. */
    public static final double PLANETLAB_STEP_SECONDS = 300;

    /**
     * The default shape of {@link #synthetic}: a daily sine of amplitude 0.15, noise ±0.05, a burst of +0.3 in
     * 5 % of half-hour windows.
     */
    public static final WorkloadShape SYNTHETIC_SHAPE = new WorkloadShape(86_400, 0.15, 0.05, 0.05, 0.3, 1_800);

    /** The range the synthetic VMs' base levels are drawn from. */
    public static final double SYNTHETIC_BASE_MIN = 0.05;
    public static final double SYNTHETIC_BASE_MAX = 0.6;

    private DatacenterWorkloads() {
    }

    /**
     * A PlanetLab day: every regular file of {@code dir}, sorted by name, is one VM, one integer CPU percentage
     * per line (read and checked by {@link CpuTraces}); every VM gets as many samples as the shortest file has.
     *
     * @param dir the directory, e.g. {@code /work/shared/data/planetlab/20110303}
     * @return the workload, labelled with the directory
     * @throws IllegalArgumentException one line: the directory is missing, unreadable or empty, or a file's line
     *                                  is not a percentage (naming the file and the line)
     */
    public static DatacenterWorkload planetLab(Path dir) {
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new IllegalArgumentException("workload = " + dir + ": must be a readable directory of trace files ("
                    + e.getClass().getSimpleName() + ")", e);
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("workload = " + dir + ": must hold trace files, one per VM (it holds none)");
        }
        CpuTraces traces = CpuTraces.load(dir, files.size(), PLANETLAB_STEP_SECONDS, "workload");
        int samples = Integer.MAX_VALUE;
        for (int vm = 0; vm < traces.vms(); vm++) {
            samples = Math.min(samples, traces.length(vm));
        }
        double[][] values = new double[files.size()][samples];
        String[] names = new String[files.size()];
        for (int vm = 0; vm < values.length; vm++) {
            names[vm] = files.get(vm).getFileName().toString();
            for (int k = 0; k < samples; k++) {
                values[vm][k] = traces.utilisation(vm, k * PLANETLAB_STEP_SECONDS);
            }
        }
        return new SampledWorkload(dir.toString(), names, values);
    }

    /**
     * sim-cluster's {@link SyntheticWorkload} with {@link #SYNTHETIC_SHAPE} and base levels drawn uniformly in
     * [{@value #SYNTHETIC_BASE_MIN}, {@value #SYNTHETIC_BASE_MAX}), sampled every
     * {@value #PLANETLAB_STEP_SECONDS} s: for tests and demonstrations without data.
     *
     * @param vms     how many VMs, &gt; 0
     * @param samples samples per VM, &gt; 0 (288 for a day)
     * @param seed    the draws' seed
     * @return the workload
     */
    public static DatacenterWorkload synthetic(int vms, int samples, long seed) {
        requirePositive(vms, samples);
        SyntheticWorkload synthetic = new SyntheticWorkload(seed, SYNTHETIC_SHAPE,
                SyntheticWorkload.uniformBases(seed, vms, SYNTHETIC_BASE_MIN, SYNTHETIC_BASE_MAX));
        double[][] values = new double[vms][samples];
        String[] names = new String[vms];
        for (int vm = 0; vm < vms; vm++) {
            names[vm] = String.format("synthetic-%04d", vm);
            for (int k = 0; k < samples; k++) {
                values[vm][k] = synthetic.utilisation(vm, k * PLANETLAB_STEP_SECONDS);
            }
        }
        return new SampledWorkload("synthetic(vms=" + vms + ", samples=" + samples + ", seed=" + seed + ")", names,
                values);
    }

    /**
     * Every VM asks for the same share all day: the all-idle and all-busy days of the tests.
     *
     * @param vms     how many VMs, &gt; 0
     * @param samples samples per VM, &gt; 0
     * @param share   the share of its capacity each VM asks for, in [0, 1]
     * @return the workload
     */
    public static DatacenterWorkload constant(int vms, int samples, double share) {
        requirePositive(vms, samples);
        double[][] values = new double[vms][samples];
        String[] names = new String[vms];
        for (int vm = 0; vm < vms; vm++) {
            java.util.Arrays.fill(values[vm], share);
            names[vm] = String.format("constant-%04d", vm);
        }
        return new SampledWorkload("constant(vms=" + vms + ", share=" + share + ")", names, values);
    }

    /**
     * Samples given by hand, one row per VM.
     *
     * @param label   for reports
     * @param samples {@code samples[vm][k]} in [0, 1]; all rows of one length &gt; 0 (copied)
     * @return the workload
     */
    public static DatacenterWorkload of(String label, double[][] samples) {
        String[] names = new String[samples.length];
        for (int vm = 0; vm < names.length; vm++) {
            names[vm] = String.format("vm-%04d", vm);
        }
        return new SampledWorkload(label, names, samples);
    }

    private static void requirePositive(int vms, int samples) {
        if (vms <= 0 || samples <= 0) {
            throw new IllegalArgumentException("vms, samples = " + vms + ", " + samples + ": must be > 0");
        }
    }
}
