package io.ferry.simpool.internal;

import io.ferry.engine.SeededHash;

/**
 * The synthetic CPU workload: per VM, a base level plus a slow sine, seeded noise and occasional bursts,
 * clipped to [0, 1].
 *
 * <pre>
 * u(t) = clamp(base + a·sin(2πt/P + φ) + noise(t) + burst(t), 0, 1)
 * </pre>
 *
 * a, P and φ are drawn per VM from the seed (a in [0.5, 1.5)·{@code sineAmplitude}, P in
 * [0.5, 1.5)·{@code sinePeriodSeconds}, φ in [0, 2π)); noise(t) interpolates linearly between seeded knots
 * every {@value #NOISE_KNOT_SECONDS} s, uniform in ±{@code noiseAmplitude}; burst(t) adds {@code burstHeight}
 * for a whole burst window with probability {@code burstProbability}. The base is chosen by
 * {@link PoolLayout} (busy on the hosts that start overloaded, light elsewhere).
 *
 * <p>Cost: O(1) per value, a sine and three hashes; O(VMs) memory. Decides nothing beyond the numbers. When
 * not to use it: for figures meant to resemble a real data centre, replay traces ({@link TraceWorkload}).
 */
final class SyntheticWorkload implements CpuWorkload {

    /** Seconds between two noise knots. */
    static final double NOISE_KNOT_SECONDS = 10;

    private final long seed;
    private final PoolSettings.WorkloadShape shape;
    private final double[] base;
    private final double[] amplitude;
    private final double[] omega;
    private final double[] phase;

    /**
     * @param seed  the pool's seed
     * @param shape the workload's shape
     * @param base  each VM's base level, in [0, 1]
     */
    SyntheticWorkload(long seed, PoolSettings.WorkloadShape shape, double[] base) {
        this.seed = seed;
        this.shape = shape;
        this.base = base.clone();
        int n = base.length;
        this.amplitude = new double[n];
        this.omega = new double[n];
        this.phase = new double[n];
        for (int vm = 0; vm < n; vm++) {
            amplitude[vm] = shape.sineAmplitude() * (0.5 + SeededHash.unit(seed, Seeds.SHAPE, vm, 0));
            double period = shape.sinePeriodSeconds() * (0.5 + SeededHash.unit(seed, Seeds.SHAPE, vm, 1));
            omega[vm] = 2 * Math.PI / period;
            phase[vm] = 2 * Math.PI * SeededHash.unit(seed, Seeds.SHAPE, vm, 2);
        }
    }

    /** @return the same shape with other base levels */
    SyntheticWorkload withBases(double[] bases) {
        return new SyntheticWorkload(seed, shape, bases);
    }

    /** @return the base level of VM {@code vm} */
    double base(int vm) {
        return base[vm];
    }

    @Override
    public double utilisation(int vm, double seconds) {
        return clamp(base[vm] + variation(vm, seconds));
    }

    /** @return the sine, noise and burst of VM {@code vm} at {@code seconds}, without the base */
    double variation(int vm, double seconds) {
        double sine = amplitude[vm] * Math.sin(omega[vm] * seconds + phase[vm]);
        double k = seconds / NOISE_KNOT_SECONDS;
        long knot = (long) Math.floor(k);
        double frac = k - knot;
        double n0 = 2 * SeededHash.unit(seed, Seeds.NOISE, vm, knot) - 1;
        double n1 = 2 * SeededHash.unit(seed, Seeds.NOISE, vm, knot + 1) - 1;
        double noise = shape.noiseAmplitude() * (n0 + (n1 - n0) * frac);
        long window = (long) Math.floor(seconds / shape.burstSeconds());
        double burst = SeededHash.unit(seed, Seeds.BURST, vm, window) < shape.burstProbability() ? shape.burstHeight() : 0;
        return sine + noise + burst;
    }

    static double clamp(double u) {
        return u < 0 ? 0 : u > 1 ? 1 : u;
    }
}
