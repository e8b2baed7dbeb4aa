package io.ferry.api.model;

import java.time.Duration;
import java.util.Objects;

/**
 * Argument checks shared by the value types of this package; every message names the parameter, the
 * rejected value and what is accepted. Package-private: the checks are part of each type's contract,
 * not an API of their own.
 */
final class Require {

    private Require() {
    }

    static <T> T nonNull(T value, String name) {
        return Objects.requireNonNull(value, () -> name + " must not be null");
    }

    static String nonBlank(String value, String name) {
        nonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }

    static double positive(double value, String name) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " = " + value + ": must be a finite number > 0");
        }
        return value;
    }

    static double nonNegative(double value, String name) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " = " + value + ": must be a finite number >= 0");
        }
        return value;
    }

    static long positive(long value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " = " + value + ": must be > 0");
        }
        return value;
    }

    static long nonNegative(long value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " = " + value + ": must be >= 0");
        }
        return value;
    }

    static double inRange(double value, double min, double max, String name) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(name + " = " + value + ": must be in [" + min + ", " + max + "]");
        }
        return value;
    }

    static Duration nonNegative(Duration value, String name) {
        nonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " = " + value + ": must not be negative");
        }
        return value;
    }

    static Duration positive(Duration value, String name) {
        nonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " = " + value + ": must be > 0");
        }
        return value;
    }
}
