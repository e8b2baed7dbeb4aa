package io.ferry.simcluster;

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
 * for a whole burst window with probability {@code burstProbability}. The base levels are the caller's: a
 * layout that wants busy and light hosts chooses them, or {@link #uniformBases} draws them.
 *
 * <p>Cost: O(1) per value, a sine and three hashes; O(VMs) memory. Decides nothing beyond the numbers. When
 * not to use it: for figures meant to resemble a real data centre, replay traces ({@link TraceWorkload}).
 */
public final class SyntheticWorkload implements CpuWorkload {

    /** Seconds between two noise knots. */
    public static final double NOISE_KNOT_SECONDS = 10;

    private final long seed;
    private final WorkloadShape shape;
    private final double[] base;
    private final double[] amplitude;
    private final double[] omega;
    private final double[] phase;

    /**
     * @param seed  the cluster's seed
     * @param shape the workload's shape
     * @param base  each VM's base level, in [0, 1] (copied)
     */
    public SyntheticWorkload(long seed, WorkloadShape shape, double[] base) {
        this.seed = seed;
        this.shape = shape;
        this.base = base.clone();
        int n = base.length;
        this.amplitude = new double[n];
        this.omega = new double[n];
        this.phase = new double[n];
        for (int vm = 0; vm < n; vm++) {
            amplitude[vm] = shape.sineAmplitude() * (0.5 + SeededHash.unit(seed, SeedStreams.SHAPE, vm, 0));
            double period = shape.sinePeriodSeconds() * (0.5 + SeededHash.unit(seed, SeedStreams.SHAPE, vm, 1));
            omega[vm] = 2 * Math.PI / period;
            phase[vm] = 2 * Math.PI * SeededHash.unit(seed, SeedStreams.SHAPE, vm, 2);
        }
    }

    /**
     * @return {@code vms} base levels drawn uniformly in [{@code min}, {@code max}) from the seed's
     *         {@link SeedStreams#BASE} stream
     */
    public static double[] uniformBases(long seed, int vms, double min, double max) {
        double[] bases = new double[vms];
        for (int vm = 0; vm < vms; vm++) {
            bases[vm] = min + (max - min) * SeededHash.unit(seed, SeedStreams.BASE, vm, 0);
        }
        return bases;
    }

    /** @return the same shape and draws with other base levels */
    public SyntheticWorkload withBases(double[] bases) {
        return new SyntheticWorkload(seed, shape, bases);
    }

    /** @return the base level of VM {@code vm} */
    public double base(int vm) {
        return base[vm];
    }

    @Override
    public double utilisation(int vm, double seconds) {
        return CpuWorkload.clamp(base[vm] + variation(vm, seconds));
    }

    /** @return the sine, noise and burst of VM {@code vm} at {@code seconds}, without the base */
    public double variation(int vm, double seconds) {
        double sine = amplitude[vm] * Math.sin(omega[vm] * seconds + phase[vm]);
        double k = seconds / NOISE_KNOT_SECONDS;
        long knot = (long) Math.floor(k);
        double frac = k - knot;
        double n0 = 2 * SeededHash.unit(seed, SeedStreams.NOISE, vm, knot) - 1;
        double n1 = 2 * SeededHash.unit(seed, SeedStreams.NOISE, vm, knot + 1) - 1;
        double noise = shape.noiseAmplitude() * (n0 + (n1 - n0) * frac);
        long window = (long) Math.floor(seconds / shape.burstSeconds());
        double burst = SeededHash.unit(seed, SeedStreams.BURST, vm, window) < shape.burstProbability()
                ? shape.burstHeight() : 0;
        return sine + noise + burst;
    }
}
