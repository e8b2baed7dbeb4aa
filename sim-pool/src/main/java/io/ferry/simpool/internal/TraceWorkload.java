package io.ferry.simpool.internal;

import io.ferry.engine.CpuTraces;
import java.nio.file.Path;

/**
 * The pool's VMs driven by PlanetLab CPU traces: the engine's {@link CpuTraces} (format, interpolation,
 * repetition and errors are described there) as this pool's {@link CpuWorkload}, under the configuration key
 * {@code workloadTraceDir}.
 *
 * <p>Cost: that of {@link CpuTraces}: the files are read once, O(1) per value.
 */
final class TraceWorkload implements CpuWorkload {

    private final CpuTraces traces;

    private TraceWorkload(CpuTraces traces) {
        this.traces = traces;
    }

    /**
     * Loads the traces of {@code vms} VMs.
     *
     * @throws IllegalArgumentException {@code workloadTraceDir = dir: must …} when the directory holds too few
     *                                  files or a file is not one integer percentage per line
     */
    static TraceWorkload load(Path dir, int vms, double secondsPerSample) {
        return new TraceWorkload(CpuTraces.load(dir, vms, secondsPerSample, "workloadTraceDir"));
    }

    /** @return the number of samples of VM {@code vm}'s trace */
    int length(int vm) {
        return traces.length(vm);
    }

    @Override
    public double utilisation(int vm, double seconds) {
        return traces.utilisation(vm, seconds);
    }
}
