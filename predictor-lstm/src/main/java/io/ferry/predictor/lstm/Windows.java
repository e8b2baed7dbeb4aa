package io.ferry.predictor.lstm;

import io.ferry.forecast.Series;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Training examples cut from series: sliding windows of {@code window} samples, each with the sample after it as
 * the target (horizon 1), every window of every series, sampled without replacement down to a cap; and the split
 * of series (not windows, so no window of a validation series is ever trained on) into training and validation.
 */
final class Windows {

    private Windows() {
    }

    /**
     * @param series   the series
     * @param window   samples per window
     * @param cap      the most windows returned
     * @param random   the sampling's random source (seeded: the same seed gives the same windows)
     * @return windows of {@code window + 1} raw samples, the last being the target, in the order of the series
     *         and of time
     */
    static List<double[]> sample(List<Series> series, int window, int cap, Random random) {
        long total = count(series, window);
        int n = (int) Math.min(cap, total);
        boolean[] chosen = null;
        if (n < total) {
            // Partial Fisher-Yates over window indices: n distinct of total, uniformly.
            int[] index = new int[(int) total];
            for (int i = 0; i < index.length; i++) {
                index[i] = i;
            }
            for (int i = 0; i < n; i++) {
                int j = i + random.nextInt(index.length - i);
                int t = index[i];
                index[i] = index[j];
                index[j] = t;
            }
            chosen = new boolean[index.length];
            for (int i = 0; i < n; i++) {
                chosen[index[i]] = true;
            }
        }
        List<double[]> out = new ArrayList<>(n);
        int k = 0;
        for (Series s : series) {
            double[] v = s.values();
            for (int end = window; end < v.length; end++, k++) {
                if (chosen == null || chosen[k]) {
                    out.add(Arrays.copyOfRange(v, end - window, end + 1));
                }
            }
        }
        return out;
    }

    /** @return how many windows of {@code window} samples with a target the series hold */
    static long count(List<Series> series, int window) {
        long total = 0;
        for (Series s : series) {
            total += Math.max(0, s.size() - window);
        }
        return total;
    }

    /**
     * @param series   every series
     * @param fraction the share of series held out, in (0, 1)
     * @param random   the shuffle's random source
     * @return [training, validation], each non-empty when there are at least 2 series; validation holds
     *         round(fraction × n) series, at least 1
     * @throws IllegalArgumentException for fewer than 2 series
     */
    static List<List<Series>> splitBySeries(List<Series> series, double fraction, Random random) {
        if (series.size() < 2) {
            throw new IllegalArgumentException("too little data: " + series.size()
                    + " series; holding out validation by series needs at least 2");
        }
        List<Series> shuffled = new ArrayList<>(series);
        java.util.Collections.shuffle(shuffled, random);
        int validation = (int) Math.max(1, Math.min(series.size() - 1, Math.round(fraction * series.size())));
        return List.of(List.copyOf(shuffled.subList(validation, shuffled.size())),
                List.copyOf(shuffled.subList(0, validation)));
    }
}
