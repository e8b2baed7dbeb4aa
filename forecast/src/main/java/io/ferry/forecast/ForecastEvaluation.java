package io.ferry.forecast;

import io.ferry.api.Predictor;
import io.ferry.api.model.Forecast;
import io.ferry.api.model.Metric;
import io.ferry.api.model.MetricWindow;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Judges predictors side by side: every predictor at every horizon on every series of each directory, at the
 * same points for all of them, and scores mean absolute error (with a standard error clustered by series), root
 * mean squared error and bias, per directory and over all directories.
 *
 * <p>The points: on a series of n samples, a window ends after sample {@code t − 1} for
 * {@code t = start, start + stride, …} while {@code t − 1 + max horizon < n}, where {@code start} is the longest
 * {@link Predictor#minimumHistory()} among the predictors; so every predictor and every horizon is scored at the
 * same windows. Each predictor sees the window of the samples {@code [max(0, t − history), t)} (a predictor
 * that needs fewer samples reads the newest it needs) and forecasts up to the longest horizon once per point. A
 * predictor that throws at a point is counted as a failure at that point and left out of its errors there; the
 * run goes on. Series too short for one point are counted and skipped.
 *
 * <p>Cost: O(series × points × predictors × (forecast cost + history)); the series are shared among
 * {@code threads} threads, so predictors must be safe to share (the {@link Predictor} contract says they are).
 * Memory: the series read, plus the traces of {@code plots} series. Deterministic: the same input gives the same
 * result whatever the thread count.
 */
public final class ForecastEvaluation {

    /** A window long enough for a whole PlanetLab day (288 samples 300 s apart). */
    public static final int DEFAULT_HISTORY = 288;

    /** How many series are traced for plots by default. */
    public static final int DEFAULT_PLOTS = 4;

    private final List<Integer> horizons;
    private final int stride;
    private final int threads;
    private final int history;
    private final int plots;

    /**
     * @param horizons steps ahead to score, each &gt;= 1 (duplicates dropped, sorted)
     * @param stride   forecast every {@code stride}-th point, &gt;= 1
     * @param threads  threads to share the series among, &gt;= 1
     * @param history  the longest window given to a predictor, &gt;= 1
     * @param plots    how many series to trace for plots, &gt;= 0
     * @throws IllegalArgumentException one line naming the value refused
     */
    public ForecastEvaluation(List<Integer> horizons, int stride, int threads, int history, int plots) {
        if (horizons == null || horizons.isEmpty()) {
            throw new IllegalArgumentException("horizons: give at least one horizon, e.g. 1,3,6");
        }
        for (Integer h : horizons) {
            if (h == null || h < 1) {
                throw new IllegalArgumentException("horizons = " + horizons + ": every horizon must be >= 1");
            }
        }
        this.horizons = List.copyOf(new TreeSet<>(horizons));
        this.stride = positive("stride", stride);
        this.threads = positive("threads", threads);
        this.history = positive("history", history);
        if (plots < 0) {
            throw new IllegalArgumentException("plots = " + plots + ": must be >= 0");
        }
        this.plots = plots;
    }

    private static int positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " = " + value + ": must be >= 1");
        }
        return value;
    }

    /**
     * @param predictors  by label (the label names it in the results; e.g. {@code ewma(0.3)}), all of
     *                    {@code metric}
     * @param directories the series of each directory, by directory name, in order
     * @param metric      the metric the series measure
     * @return the scores, per directory and overall
     * @throws IllegalArgumentException for no predictors, a predictor or a series of another metric, a predictor
     *                                  needing more history than {@code history}, or no series long enough
     * @throws InterruptedException     when interrupted while the threads work
     */
    public ForecastResult evaluate(Map<String, ? extends Predictor> predictors, Map<String, List<Series>> directories,
            Metric metric) throws InterruptedException {
        Objects.requireNonNull(metric, "metric");
        if (predictors == null || predictors.isEmpty()) {
            throw new IllegalArgumentException("predictors: give at least one");
        }
        if (directories == null || directories.isEmpty()) {
            throw new IllegalArgumentException("workload: give at least one directory");
        }
        List<String> labels = List.copyOf(predictors.keySet());
        List<Predictor> list = new ArrayList<>();
        int start = 1;
        for (String label : labels) {
            Predictor p = predictors.get(label);
            if (p.metric() != metric) {
                throw new IllegalArgumentException("predictor " + label + " forecasts " + p.metric() + ", not "
                        + metric);
            }
            start = Math.max(start, p.minimumHistory());
            list.add(p);
        }
        if (start > history) {
            throw new IllegalArgumentException("history = " + history + ": shorter than the " + start
                    + " samples a predictor needs");
        }
        int maxH = horizons.get(horizons.size() - 1);
        List<Series> all = new ArrayList<>();
        List<Integer> directoryOf = new ArrayList<>();
        List<String> names = List.copyOf(directories.keySet());
        for (int d = 0; d < names.size(); d++) {
            for (Series s : directories.get(names.get(d))) {
                if (s.metric() != metric) {
                    throw new IllegalArgumentException("series " + s.name() + " measures " + s.metric() + ", not "
                            + metric);
                }
                all.add(s);
                directoryOf.add(d);
            }
        }
        final int first = start;
        int usable = (int) all.stream().filter(s -> s.size() >= first + maxH).count();
        if (usable == 0) {
            throw new IllegalArgumentException("workload: no series holds the " + (first + maxH)
                    + " samples one point needs (" + first + " of history + horizon " + maxH + ")");
        }
        java.util.Set<Integer> traced = tracedIndices(all, first + maxH);

        List<SeriesErrors> errors = new ArrayList<>(all.size());
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "ferry-forecast");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<SeriesErrors>> futures = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                Series s = all.get(i);
                boolean trace = traced.contains(i);
                futures.add(pool.submit(() -> score(s, labels, list, first, maxH, trace)));
            }
            for (Future<SeriesErrors> f : futures) {
                errors.add(f.get());
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        } finally {
            pool.shutdownNow();
        }

        int p = labels.size();
        int hs = horizons.size();
        Accumulator[][] overall = accumulators(p, hs);
        Accumulator[][][] byDir = new Accumulator[names.size()][][];
        for (int d = 0; d < names.size(); d++) {
            byDir[d] = accumulators(p, hs);
        }
        Map<String, String> firstFailure = new LinkedHashMap<>();
        List<ForecastTrace> traces = new ArrayList<>();
        for (int i = 0; i < errors.size(); i++) {
            SeriesErrors e = errors.get(i);
            if (e == null) {
                continue;
            }
            for (int a = 0; a < p; a++) {
                for (int b = 0; b < hs; b++) {
                    overall[a][b].add(e, a, b);
                    byDir[directoryOf.get(i)][a][b].add(e, a, b);
                }
                if (e.failureMessage[a] != null) {
                    firstFailure.putIfAbsent(labels.get(a), labels.get(a) + ": " + e.failureMessage[a]);
                }
            }
            if (e.trace != null) {
                traces.add(e.trace);
            }
        }
        List<ForecastScore> overallScores = new ArrayList<>();
        List<ForecastScore> dirScores = new ArrayList<>();
        for (int a = 0; a < p; a++) {
            for (int b = 0; b < hs; b++) {
                overallScores.add(overall[a][b].score(ForecastScore.ALL, labels.get(a), horizons.get(b)));
            }
        }
        for (int d = 0; d < names.size(); d++) {
            for (int a = 0; a < p; a++) {
                for (int b = 0; b < hs; b++) {
                    dirScores.add(byDir[d][a][b].score(names.get(d), labels.get(a), horizons.get(b)));
                }
            }
        }
        return new ForecastResult(metric, labels, horizons, stride, history, first, names, all.size(),
                all.size() - usable, overallScores, dirScores, traces, List.copyOf(firstFailure.values()));
    }

    /** @return the indices of {@code plots} series, evenly spaced among those long enough to score */
    private java.util.Set<Integer> tracedIndices(List<Series> all, int needed) {
        List<Integer> longEnough = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).size() >= needed) {
                longEnough.add(i);
            }
        }
        java.util.Set<Integer> chosen = new java.util.TreeSet<>();
        int k = Math.min(plots, longEnough.size());
        for (int j = 0; j < k; j++) {
            chosen.add(longEnough.get((int) ((long) j * longEnough.size() / k)));
        }
        return chosen;
    }

    private SeriesErrors score(Series s, List<String> labels, List<Predictor> predictors, int start, int maxH,
            boolean trace) {
        int n = s.size();
        if (n < start + maxH) {
            return null;
        }
        int p = predictors.size();
        int hs = horizons.size();
        SeriesErrors e = new SeriesErrors(p, hs);
        int points = (n - maxH - start) / stride + 1;
        int[] targets = trace ? new int[points] : null;
        double[][][] forecasts = trace ? new double[p][hs][points] : null;
        int point = 0;
        for (int t = start; t - 1 + maxH < n; t += stride, point++) {
            MetricWindow window = s.window(t, Math.min(t, history));
            if (trace) {
                targets[point] = t - 1 + horizons.get(0);
            }
            for (int a = 0; a < p; a++) {
                Forecast f;
                try {
                    f = predictors.get(a).forecast(window, maxH);
                    if (f.horizon() < maxH) {
                        throw new IllegalStateException("returned " + f.horizon() + " steps, asked for " + maxH);
                    }
                } catch (RuntimeException ex) {
                    e.failures[a]++;
                    if (e.failureMessage[a] == null) {
                        e.failureMessage[a] = s.name() + " at sample " + t + ": " + ex.getMessage();
                    }
                    if (trace) {
                        for (int b = 0; b < hs; b++) {
                            forecasts[a][b][point] = Double.NaN;
                        }
                    }
                    continue;
                }
                for (int b = 0; b < hs; b++) {
                    int h = horizons.get(b);
                    double err = f.mean(h) - s.get(t - 1 + h);
                    e.count[a][b]++;
                    e.sum[a][b] += err;
                    e.sumAbs[a][b] += Math.abs(err);
                    e.sumSq[a][b] += err * err;
                    if (trace) {
                        forecasts[a][b][point] = f.mean(h);
                    }
                }
            }
        }
        if (trace) {
            Map<String, double[][]> byLabel = new LinkedHashMap<>();
            for (int a = 0; a < p; a++) {
                byLabel.put(labels.get(a), forecasts[a]);
            }
            e.trace = new ForecastTrace(s.name(), s.values(), Arrays.copyOf(targets, point), horizons, byLabel);
        }
        return e;
    }

    private static Accumulator[][] accumulators(int p, int hs) {
        Accumulator[][] acc = new Accumulator[p][hs];
        for (int a = 0; a < p; a++) {
            for (int b = 0; b < hs; b++) {
                acc[a][b] = new Accumulator();
            }
        }
        return acc;
    }

    /** The error sums of one series, per predictor and horizon. */
    private static final class SeriesErrors {
        final long[][] count;
        final double[][] sum;
        final double[][] sumAbs;
        final double[][] sumSq;
        final long[] failures;
        final String[] failureMessage;
        ForecastTrace trace;

        SeriesErrors(int p, int hs) {
            count = new long[p][hs];
            sum = new double[p][hs];
            sumAbs = new double[p][hs];
            sumSq = new double[p][hs];
            failures = new long[p];
            failureMessage = new String[p];
        }
    }

    /** Sums over series, keeping each series' count and absolute-error sum for the clustered standard error. */
    private static final class Accumulator {
        long n;
        double sum;
        double sumAbs;
        double sumSq;
        long failures;
        final List<Long> counts = new ArrayList<>();
        final List<Double> absSums = new ArrayList<>();

        void add(SeriesErrors e, int a, int b) {
            failures += e.failures[a];
            long c = e.count[a][b];
            if (c == 0) {
                return;
            }
            n += c;
            sum += e.sum[a][b];
            sumAbs += e.sumAbs[a][b];
            sumSq += e.sumSq[a][b];
            counts.add(c);
            absSums.add(e.sumAbs[a][b]);
        }

        ForecastScore score(String scope, String label, int horizon) {
            if (n == 0) {
                return new ForecastScore(scope, label, horizon, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, 0,
                        failures);
            }
            double mae = sumAbs / n;
            int series = counts.size();
            double se = Double.NaN;
            if (series > 1) {
                double ss = 0;
                for (int i = 0; i < series; i++) {
                    double d = absSums.get(i) - mae * counts.get(i);
                    ss += d * d;
                }
                se = Math.sqrt(ss * series / (series - 1.0)) / n;
            }
            return new ForecastScore(scope, label, horizon, mae, se, Math.sqrt(sumSq / n), sum / n, n, series,
                    failures);
        }
    }
}
