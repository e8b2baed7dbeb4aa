package io.ferry.simcluster;

import io.ferry.engine.CpuTraces;
import java.nio.file.Path;

/**
 * VMs driven by PlanetLab CPU traces: the engine's {@link CpuTraces} (format, interpolation, repetition forwards
 * and backwards in time, and errors are described there) as a {@link CpuWorkload}.
 *
 * <p>Cost: that of {@link CpuTraces}: the files are read once, O(1) per value.
 */
public final class TraceWorkload implements CpuWorkload {

    private final CpuTraces traces;

    private TraceWorkload(CpuTraces traces) {
        this.traces = traces;
    }

    /**
     * Loads the traces of {@code vms} VMs.
     *
     * @param setting the front end's name for the directory, quoted in errors ({@code traceDir}, …)
     * @throws IllegalArgumentException {@code setting = dir: must …} when the directory holds too few files or a
     *                                  file is not one integer percentage per line
     */
    public static TraceWorkload load(Path dir, int vms, double secondsPerSample, String setting) {
        return new TraceWorkload(CpuTraces.load(dir, vms, secondsPerSample, setting));
    }

    /** @return the number of samples of VM {@code vm}'s trace */
    public int length(int vm) {
        return traces.length(vm);
    }

    @Override
    public double utilisation(int vm, double seconds) {
        return traces.utilisation(vm, seconds);
    }
}
