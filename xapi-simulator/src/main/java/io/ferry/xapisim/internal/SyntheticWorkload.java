package io.ferry.xapisim.internal;

import io.ferry.engine.SeededHash;

/**
 * The default workload: per guest a base level, a slow sine, seeded noise and occasional bursts.
 *
 * <pre>
 * u(t) = clamp(base + a·sin(2πt/P + φ) + noise(t) + burst(t), 0, 1)
 * </pre>
 *
 * base is uniform in [{@value #BASE_MIN}, {@value #BASE_MAX}), so that every running guest dirties memory
 * and its migrations take several pre-copy rounds; a is {@value #SINE_AMPLITUDE} × [0.5, 1.5), P is
 * {@value #SINE_PERIOD_SECONDS} s × [0.5, 1.5), φ in [0, 2π); noise interpolates between seeded knots every
 * {@value #NOISE_KNOT_SECONDS} s, uniform in ±{@value #NOISE_AMPLITUDE}; a burst adds {@value #BURST_HEIGHT}
 * for a whole {@value #BURST_SECONDS} s window with probability {@value #BURST_PROBABILITY}.
 *
 * <p>Cost: O(1) per value (a sine and four hashes). When not to use it: for figures meant to resemble a real
 * data centre, replay PlanetLab traces ({@link TraceWorkload}).
 */
final class SyntheticWorkload implements CpuWorkload {

    static final double BASE_MIN = 0.2;
    static final double BASE_MAX = 0.8;
    static final double SINE_AMPLITUDE = 0.1;
    static final double SINE_PERIOD_SECONDS = 300;
    static final double NOISE_KNOT_SECONDS = 10;
    static final double NOISE_AMPLITUDE = 0.05;
    static final double BURST_SECONDS = 60;
    static final double BURST_PROBABILITY = 0.05;
    static final double BURST_HEIGHT = 0.3;

    private static final long SHAPE = 0x5348415045L;
    private static final long NOISE = 0x4E4F495345L;
    private static final long BURST = 0x4255525354L;

    private final long seed;
    private final double[] base;
    private final double[] amplitude;
    private final double[] omega;
    private final double[] phase;

    SyntheticWorkload(long seed, int guests) {
        this.seed = seed;
        this.base = new double[guests];
        this.amplitude = new double[guests];
        this.omega = new double[guests];
        this.phase = new double[guests];
        for (int g = 0; g < guests; g++) {
            base[g] = BASE_MIN + (BASE_MAX - BASE_MIN) * SeededHash.unit(seed, SHAPE, g, 0);
            amplitude[g] = SINE_AMPLITUDE * (0.5 + SeededHash.unit(seed, SHAPE, g, 1));
            omega[g] = 2 * Math.PI / (SINE_PERIOD_SECONDS * (0.5 + SeededHash.unit(seed, SHAPE, g, 2)));
            phase[g] = 2 * Math.PI * SeededHash.unit(seed, SHAPE, g, 3);
        }
    }

    @Override
    public double utilisation(int guest, double seconds) {
        double sine = amplitude[guest] * Math.sin(omega[guest] * seconds + phase[guest]);
        double k = seconds / NOISE_KNOT_SECONDS;
        long knot = (long) Math.floor(k);
        double frac = k - knot;
        double n0 = 2 * SeededHash.unit(seed, NOISE, guest, knot) - 1;
        double n1 = 2 * SeededHash.unit(seed, NOISE, guest, knot + 1) - 1;
        double noise = NOISE_AMPLITUDE * (n0 + (n1 - n0) * frac);
        long window = (long) Math.floor(seconds / BURST_SECONDS);
        double burst = SeededHash.unit(seed, BURST, guest, window) < BURST_PROBABILITY ? BURST_HEIGHT : 0;
        return CpuWorkload.clamp(base[guest] + sine + noise + burst);
    }
}
