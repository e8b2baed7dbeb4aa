package io.ferry.policy.support;

/**
 * Range checks for configuration attributes. Each failure is an {@link IllegalArgumentException} whose
 * message is one line: {@code name = value: must be in [min, max]}, so a malformed {@code .cfg} or command-line
 * value is reported the same way everywhere.
 */
public final class ConfigurationChecks {

    private ConfigurationChecks() {
    }

    /** @return {@code value} when it lies in [min, max] */
    public static int inRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " = " + value + ": must be in [" + min + ", " + max + "]");
        }
        return value;
    }

    /** @return {@code value} when it lies in [min, max] */
    public static long inRange(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " = " + value + ": must be in [" + min + ", " + max + "]");
        }
        return value;
    }

    /** @return {@code value} when it is finite and lies in [min, max]; the message shows the bounds as doubles */
    public static double inRange(String name, double value, double min, double max) {
        return inRange(name, value, min, max, Double.toString(min), Double.toString(max));
    }

    /**
     * As {@link #inRange(String, double, double, double)}, but the message shows whole bounds without a fraction
     * ({@code must be in [0, 1]} rather than {@code [0.0, 1.0]}), for modules whose messages always read so.
     *
     * @return {@code value} when it is finite and lies in [min, max]
     */
    public static double inRangeCompact(String name, double value, double min, double max) {
        return inRange(name, value, min, max, compact(min), compact(max));
    }

    private static double inRange(String name, double value, double min, double max, String shownMin,
            String shownMax) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(name + " = " + value + ": must be in [" + shownMin + ", " + shownMax
                    + "]");
        }
        return value;
    }

    private static String compact(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
