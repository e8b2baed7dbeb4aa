package io.ferry.xapisim.internal;

import io.ferry.engine.CpuTraces;
import java.nio.file.Path;

/**
 * The simulator's guests driven by PlanetLab CPU traces: the engine's {@link CpuTraces} (format, interpolation,
 * repetition forwards and backwards in time, and errors are described there) as this simulator's
 * {@link CpuWorkload}, under the setting {@code traceDir}. Negative times serve {@code /rrd_updates} history from
 * before the simulator started.
 *
 * <p>Cost: that of {@link CpuTraces}: the files are read once, O(1) per value.
 */
final class TraceWorkload implements CpuWorkload {

    private final CpuTraces traces;

    private TraceWorkload(CpuTraces traces) {
        this.traces = traces;
    }

    /**
     * @throws IllegalArgumentException {@code traceDir = …: must …} when the directory holds fewer files than
     *                                  guests or a file is not one percentage per line
     */
    static TraceWorkload load(Path dir, int guests, double secondsPerSample) {
        return new TraceWorkload(CpuTraces.load(dir, guests, secondsPerSample, "traceDir"));
    }

    @Override
    public double utilisation(int guest, double seconds) {
        return traces.utilisation(guest, seconds);
    }
}
