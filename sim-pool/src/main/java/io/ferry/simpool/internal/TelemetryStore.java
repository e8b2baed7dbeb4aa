package io.ferry.simpool.internal;

/**
 * Fixed-length ring buffers of samples, one per series, all sampled together (every series of a pool gets a
 * value at every sample time, like an XAPI RRD archive).
 *
 * <p>Cost: {@code series × capacity × 8} bytes, allocated once; O(series) per sample, O(n) per window. Not
 * thread-safe: the pool's state lock guards it.
 */
final class TelemetryStore {

    private final int series;
    private final int capacity;
    private final double[] data;
    private long count;
    private long newestNanos;

    /**
     * @param series   the number of series
     * @param capacity samples kept per series
     */
    TelemetryStore(int series, int capacity) {
        this.series = series;
        this.capacity = capacity;
        this.data = new double[Math.multiplyExact(series, capacity)];
    }

    /**
     * Appends one sample of every series, overwriting the oldest when full.
     *
     * @param nanos  the simulated time of the sample
     * @param values one value per series
     */
    void record(long nanos, double[] values) {
        int slot = (int) (count % capacity);
        System.arraycopy(values, 0, data, slot * series, series);
        count++;
        newestNanos = nanos;
    }

    /** @return how many samples each series holds now */
    int size() {
        return (int) Math.min(count, capacity);
    }

    /** @return the simulated time of the newest sample */
    long newestNanos() {
        return newestNanos;
    }

    /** @return the newest {@code n} samples of series {@code s} (fewer when fewer are held), oldest first */
    double[] latest(int s, int n) {
        int k = Math.min(n, size());
        double[] out = new double[k];
        for (int i = 0; i < k; i++) {
            long index = count - k + i;
            out[i] = data[(int) (index % capacity) * series + s];
        }
        return out;
    }
}
