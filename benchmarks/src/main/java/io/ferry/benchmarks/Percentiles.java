package io.ferry.benchmarks;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Order statistics of a sample (nearest rank: the p-quantile of n sorted values is the ⌈p·n⌉-th), and the
 * machine's load average, which the scenario runs print beside their figures because the figures mean little
 * without it.
 *
 * @param n   sample size
 * @param min smallest value
 * @param p50 median (nearest rank)
 * @param p90 90th percentile (nearest rank)
 * @param max largest value
 */
record Percentiles(int n, double min, double p50, double p90, double max) {

    /** @return the statistics of {@code values}, all NaN when there are none. Cost: one sort. */
    static Percentiles of(List<Double> values) {
        if (values.isEmpty()) {
            return new Percentiles(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Percentiles(v.length, v[0], rank(v, 0.5), rank(v, 0.9), v[v.length - 1]);
    }

    private static double rank(double[] sorted, double p) {
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    /** @return {@code n min p50 p90 max} in fixed-width columns, with {@code digits} decimals */
    String row(int digits) {
        String f = "%8." + digits + "f";
        return String.format(Locale.ROOT, "%5d " + f + " " + f + " " + f + " " + f, n, min, p50, p90, max);
    }

    /** @return the 1, 5 and 15 minute load averages from {@code /proc/loadavg}, or "n/a" off Linux */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException | RuntimeException e) {
            return "n/a";
        }
    }
}
