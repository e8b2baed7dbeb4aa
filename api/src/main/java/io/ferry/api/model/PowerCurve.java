package io.ferry.api.model;

import java.util.Arrays;

/**
 * How much electrical power a host draws at a given CPU utilisation: eleven measured points at 0 %, 10 %, …,
 * 100 % (the layout of SPECpower_ssj2008 results), linear between them. Used by power-aware placement
 * (the power a move adds to its target) and by the data-centre engine's energy account. Immutable.
 *
 * <p>Cost: O(1) per {@link #watts(double)}, computed with CloudSim 3.0.3's own arithmetic (same results to the
 * last bit, so that power-aware placement breaks ties as CloudSim does).
 */
public final class PowerCurve {

    private final double[] watts;

    /**
     * @param wattsAtTenths the power in watts at 0 %, 10 %, …, 100 % CPU: eleven finite values, &gt;= 0, never
     *                      decreasing
     */
    public PowerCurve(double[] wattsAtTenths) {
        this.watts = Require.nonNull(wattsAtTenths, "wattsAtTenths").clone();
        if (watts.length != 11) {
            throw new IllegalArgumentException("wattsAtTenths has " + watts.length
                    + " values: must have 11 (0 %, 10 %, ..., 100 % CPU)");
        }
        for (int i = 0; i < watts.length; i++) {
            if (!Double.isFinite(watts[i]) || watts[i] < 0 || (i > 0 && watts[i] < watts[i - 1])) {
                throw new IllegalArgumentException("wattsAtTenths[" + i + "] = " + watts[i]
                        + ": must be finite, >= 0 and >= the value before it");
            }
        }
    }

    /**
     * The linear model {@code idle + (max - idle) * u}.
     *
     * @param idleWatts power at 0 % CPU, &gt;= 0
     * @param maxWatts  power at 100 % CPU, &gt;= idleWatts
     * @return the curve
     */
    public static PowerCurve linear(double idleWatts, double maxWatts) {
        double[] w = new double[11];
        for (int i = 0; i <= 10; i++) {
            w[i] = idleWatts + (maxWatts - idleWatts) * i / 10.0;
        }
        return new PowerCurve(w);
    }

    /**
     * @param utilisation CPU utilisation in [0, 1]
     * @return the power in watts, linear between the two neighbouring tenths
     * @throws IllegalArgumentException for a utilisation outside [0, 1] or not a number
     */
    public double watts(double utilisation) {
        if (!(utilisation >= 0 && utilisation <= 1)) {
            throw new IllegalArgumentException("utilisation = " + utilisation + ": must be in [0, 1]");
        }
        // CloudSim 3.0.3's PowerModelSpecPower.getPower, operation for operation: power-aware placement compares
        // increases that tie to the last bit (a VM asking for almost nothing), so the rounding decides the host
        if (utilisation % 0.1 == 0) {
            return watts[(int) (utilisation * 10)];
        }
        int lower = (int) Math.floor(utilisation * 10);
        int upper = (int) Math.ceil(utilisation * 10);
        double delta = (watts[upper] - watts[lower]) / 10;
        return watts[lower] + delta * (utilisation - (double) lower / 10) * 100;
    }

    /** @return the power at 0 % CPU */
    public double idleWatts() {
        return watts[0];
    }

    /** @return the power at 100 % CPU */
    public double maxWatts() {
        return watts[10];
    }

    /** @return a copy of the eleven points */
    public double[] wattsAtTenths() {
        return watts.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PowerCurve that && Arrays.equals(watts, that.watts);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(watts);
    }

    @Override
    public String toString() {
        return "PowerCurve" + Arrays.toString(watts);
    }
}
