package io.ferry.qemu.testbed;

import io.ferry.qemu.GuestSpec;
import io.ferry.qemu.RateStep;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Seeded write-rate schedules for the dirty-rate recordings: a schedule is a function of its family, its seed and
 * its length, so every recording's schedule can be made again from the two words in its file's name. The rate is
 * chosen once per second on a logarithmic level {@code u} in [0, 1] between {@link #MIN_RATE} and a maximum
 * ({@code rate = MIN_RATE * (max / MIN_RATE)^u}, two significant digits), a level below 0 is an idle second
 * (rate 0), and equal consecutive seconds are merged into one step. Families:
 * <ul>
 * <li>{@code random-walk}: the level moves by a normal step (sd 0.08) every second, reflected at 0 and 1; 3 % of the
 * seconds idle;</li>
 * <li>{@code steps}: a level held 3 to 8 s, then a jump to a uniformly random level (one jump in ten to idle);</li>
 * <li>{@code ramps}: linear ramps from one random level to another over 5 to 12 s;</li>
 * <li>{@code bursts}: a low level (0 to 0.3) for 3 to 8 s, then a burst (0.8 to 1) for 1 to 3 s;</li>
 * <li>{@code sine}: {@code u = 0.5 + 0.45 sin(2 pi t / P + phase)}, period P 8 to 30 s, plus noise of sd 0.03;</li>
 * <li>{@code mixture}: segments of 8 to 16 s, each of random-walk, steps, ramps or bursts (never sine, which the
 * held-out set keeps for itself).</li>
 * </ul>
 * Cost: microseconds; no state.
 */
public final class DirtyRateSchedules {

    /** The rate of level 0, page writes per second. */
    public static final long MIN_RATE = 1_000;

    /** A schedule family. */
    public enum Family {
        RANDOM_WALK("random-walk"), STEPS("steps"), RAMPS("ramps"), BURSTS("bursts"), SINE("sine"),
        MIXTURE("mixture");

        private final String label;

        Family(String label) {
            this.label = label;
        }

        /** @return the family's name in file names and on the command line */
        public String label() {
            return label;
        }

        /** @return the family named {@code name}, or an error naming the known ones */
        public static Family of(String name) {
            for (Family f : values()) {
                if (f.label.equals(name.strip().toLowerCase(Locale.ROOT))) {
                    return f;
                }
            }
            throw new IllegalArgumentException("unknown schedule family \"" + name + "\": families are "
                    + String.join(", ", Arrays.stream(values()).map(Family::label).toList()));
        }
    }

    private DirtyRateSchedules() {
    }

    /**
     * @param family   the family
     * @param seed     the seed
     * @param seconds  the schedule's length, 1 to 1000 s (it is cyclic: a longer recording repeats it)
     * @param maxRate  the rate of level 1, more than {@link #MIN_RATE}
     * @return the schedule, at most {@link GuestSpec#MAX_SCHEDULE_STEPS} steps
     * @throws IllegalArgumentException when the schedule would need more steps than a guest takes
     */
    public static List<RateStep> generate(Family family, long seed, int seconds, long maxRate) {
        Objects.requireNonNull(family, "family");
        if (seconds < 1 || seconds > 1000) {
            throw new IllegalArgumentException("seconds = " + seconds + ": must be in [1, 1000]");
        }
        if (maxRate <= MIN_RATE) {
            throw new IllegalArgumentException("maxRate = " + maxRate + ": must be more than " + MIN_RATE);
        }
        SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + family.ordinal());
        double[] u = new double[seconds];
        fill(family, rnd, u, 0, seconds);
        List<RateStep> steps = new ArrayList<>();
        long rate = -1;
        int run = 0;
        for (double level : u) {
            long r = rate(level, maxRate);
            if (r == rate) {
                run++;
            } else {
                if (run > 0) {
                    steps.add(new RateStep(rate, run));
                }
                rate = r;
                run = 1;
            }
        }
        steps.add(new RateStep(rate, run));
        if (steps.size() > GuestSpec.MAX_SCHEDULE_STEPS) {
            throw new IllegalArgumentException(family.label() + " seed " + seed + ", " + seconds + " s: "
                    + steps.size() + " steps, a guest takes at most " + GuestSpec.MAX_SCHEDULE_STEPS);
        }
        return List.copyOf(steps);
    }

    /** @return the rate of level {@code u}: 0 below 0, else two significant digits of the log scale */
    static long rate(double u, long maxRate) {
        if (u < 0) {
            return 0;
        }
        double r = MIN_RATE * Math.pow((double) maxRate / MIN_RATE, Math.min(1, u));
        double unit = Math.pow(10, Math.floor(Math.log10(r)) - 1);
        return Math.round(Math.round(r / unit) * unit);
    }

    private static void fill(Family family, SplittableRandom rnd, double[] u, int from, int to) {
        switch (family) {
            case RANDOM_WALK -> {
                double x = rnd.nextDouble();
                for (int t = from; t < to; t++) {
                    x += 0.08 * gaussian(rnd);
                    x = x < 0 ? -x : x > 1 ? 2 - x : x;
                    u[t] = rnd.nextDouble() < 0.03 ? -1 : x;
                }
            }
            case STEPS -> {
                int t = from;
                while (t < to) {
                    double level = rnd.nextDouble() < 0.1 ? -1 : rnd.nextDouble();
                    int hold = 3 + rnd.nextInt(6);
                    for (int k = 0; k < hold && t < to; k++, t++) {
                        u[t] = level;
                    }
                }
            }
            case RAMPS -> {
                int t = from;
                double a = rnd.nextDouble();
                while (t < to) {
                    double b = rnd.nextDouble();
                    int len = 5 + rnd.nextInt(8);
                    for (int k = 0; k < len && t < to; k++, t++) {
                        u[t] = a + (b - a) * k / (len - 1);
                    }
                    a = b;
                }
            }
            case BURSTS -> {
                int t = from;
                while (t < to) {
                    double low = 0.3 * rnd.nextDouble();
                    int quiet = 3 + rnd.nextInt(6);
                    for (int k = 0; k < quiet && t < to; k++, t++) {
                        u[t] = low;
                    }
                    double high = 0.8 + 0.2 * rnd.nextDouble();
                    int burst = 1 + rnd.nextInt(3);
                    for (int k = 0; k < burst && t < to; k++, t++) {
                        u[t] = high;
                    }
                }
            }
            case SINE -> {
                double period = 8 + 22 * rnd.nextDouble();
                double phase = 2 * Math.PI * rnd.nextDouble();
                for (int t = from; t < to; t++) {
                    double x = 0.5 + 0.45 * Math.sin(2 * Math.PI * (t - from) / period + phase)
                            + 0.03 * gaussian(rnd);
                    u[t] = Math.max(0, Math.min(1, x));
                }
            }
            case MIXTURE -> {
                Family[] parts = {Family.RANDOM_WALK, Family.STEPS, Family.RAMPS, Family.BURSTS};
                int t = from;
                while (t < to) {
                    int len = Math.min(to - t, 8 + rnd.nextInt(9));
                    fill(parts[rnd.nextInt(parts.length)], rnd, u, t, t + len);
                    t += len;
                }
            }
            default -> throw new IllegalStateException(family.toString());
        }
    }

    private static double gaussian(SplittableRandom rnd) {
        // Box-Muller, so that the stream is SplittableRandom's alone (specified, the same on every JDK)
        double a = 1 - rnd.nextDouble();
        double b = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(a)) * Math.cos(2 * Math.PI * b);
    }
}
