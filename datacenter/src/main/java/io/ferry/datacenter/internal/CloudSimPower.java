package io.ferry.datacenter.internal;

/**
 * Watts at a CPU utilisation, computed exactly as CloudSim 3.0.3's {@code PowerModelSpecPower.getPower} does
 * (same operations in the same order, so that energies agree to the last bits), from eleven points at 0 %, 10 %,
 * … 100 %. {@code io.ferry.api.model.PowerCurve#watts} uses the same arithmetic; this copy skips its range check
 * (the engine clamps first) on the few thousand calls per interval. O(1), no state.
 */
final class CloudSimPower {

    private CloudSimPower() {
    }

    /**
     * @param watts       eleven points
     * @param utilisation in [0, 1]
     * @return the power
     */
    static double watts(double[] watts, double utilisation) {
        if (utilisation % 0.1 == 0) {
            return watts[(int) (utilisation * 10)];
        }
        int lower = (int) Math.floor(utilisation * 10);
        int upper = (int) Math.ceil(utilisation * 10);
        double delta = (watts[upper] - watts[lower]) / 10;
        return watts[lower] + delta * (utilisation - (double) lower / 10) * 100;
    }
}
