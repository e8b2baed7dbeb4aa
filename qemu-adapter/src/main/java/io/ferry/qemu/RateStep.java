package io.ferry.qemu;

/**
 * One step of a guest's cyclic write-rate schedule: {@code writesPerSecond} page writes per second for
 * {@code seconds} seconds (0 idles during the step), then the next step, the last one followed by the first.
 *
 * @param writesPerSecond page writes per second in this step, &gt;= 0
 * @param seconds         the step's length, &gt;= 1
 */
public record RateStep(long writesPerSecond, int seconds) {

    public RateStep {
        if (writesPerSecond < 0) {
            throw new IllegalArgumentException("writesPerSecond = " + writesPerSecond + ": must be >= 0");
        }
        if (seconds < 1) {
            throw new IllegalArgumentException("seconds = " + seconds + ": must be >= 1");
        }
    }
}
