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

    /** @return {@code value} when it is finite and lies in [min, max] */
    public static double inRange(String name, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(name + " = " + value + ": must be in [" + min + ", " + max + "]");
        }
        return value;
    }
}
