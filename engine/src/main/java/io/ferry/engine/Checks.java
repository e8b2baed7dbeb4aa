package io.ferry.engine;

/** Argument checks of this package; messages name the parameter, the value and what is accepted. */
final class Checks {

    /** The fastest page-write rate a model accepts: 100 M writes/s, far above any guest. */
    static final double MAX_RATE = 1e8;

    private Checks() {
    }

    static double rate(double value, String name) {
        if (!(value >= 0 && value <= MAX_RATE)) {
            throw new IllegalArgumentException(name + " = " + value + ": must be in [0, " + (long) MAX_RATE + "]");
        }
        return value;
    }
}
