package io.ferry.simcluster;

/**
 * Virtual time that only its owner moves, in whole nanoseconds (so that sums of steps are exact): a tick of a
 * pool driver, or a data-centre engine's jump to its next event. Not thread-safe: the owner's lock guards it.
 */
public final class VirtualClock implements SimClock {

    private long nanos;

    /** @return simulated nanoseconds since time 0 */
    public long nanos() {
        return nanos;
    }

    @Override
    public double seconds() {
        return nanos / 1e9;
    }

    /**
     * Moves time to {@code nanos}.
     *
     * @throws IllegalArgumentException when that is before the present
     */
    public void advanceTo(long nanos) {
        if (nanos < this.nanos) {
            throw new IllegalArgumentException("nanos = " + nanos + ": must be >= the present, " + this.nanos);
        }
        this.nanos = nanos;
    }
}
