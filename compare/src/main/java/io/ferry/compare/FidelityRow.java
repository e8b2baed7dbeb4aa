package io.ferry.compare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.function.ToDoubleFunction;

/**
 * One scenario and policy measured twice: on a real hypervisor ({@code runs} times; {@link #real()} holds the
 * median of each figure) and in the engine under a profile ({@link #simulated()}), with the real runs' spread and
 * the relative error of each figure. Both sides are {@link ResultRow}s, so they carry the keys of results.json.
 *
 * @param scenario       the scenario's name
 * @param policy         the policy's name
 * @param runs           how many real migrations the medians are over
 * @param corruptedPages pages the guests found corrupted after the real migrations, summed over the runs
 * @param real           the real migrations' medians (technique: the most frequent; notes: each run's outcome)
 * @param simulated      the engine's run of the same definition under the profile
 * @param realSpread     the smallest and largest real value of each figure
 */
public record FidelityRow(String scenario, String policy, int runs, long corruptedPages, ResultRow real,
        ResultRow simulated, Spread realSpread) {

    /** What a pause may miss by and still count as predicted: 30 ms... */
    public static final double DOWNTIME_TOLERANCE_MS = 30;
    /** ... or 30 % of the real pause, whichever is larger. */
    public static final double DOWNTIME_TOLERANCE_SHARE = 0.30;

    public FidelityRow {
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(real, "real");
        Objects.requireNonNull(simulated, "simulated");
        Objects.requireNonNull(realSpread, "realSpread");
        if (runs < 1) {
            throw new IllegalArgumentException("runs = " + runs + ": must be >= 1");
        }
    }

    /** The figures compared. */
    public enum Figure {
        /** Total time, ms. */
        TOTAL_TIME("totalTimeMs", ResultRow::totalTimeMs),
        /** Downtime (the guest-visible pause), ms. */
        DOWNTIME("downtimeMs", ResultRow::downtimeMs),
        /** Bytes on the wire. */
        BYTES("bytesSent", r -> r.bytesSent()),
        /** Pre-copy rounds. */
        ROUNDS("rounds", r -> r.rounds());

        private final String key;
        private final ToDoubleFunction<ResultRow> value;

        Figure(String key, ToDoubleFunction<ResultRow> value) {
            this.key = key;
            this.value = value;
        }

        /** @return its key in results.json */
        public String key() {
            return key;
        }

        /** @return its value in {@code row} */
        public double of(ResultRow row) {
            return value.applyAsDouble(row);
        }
    }

    /**
     * The smallest and largest real value of each figure over the runs.
     *
     * @param totalTimeMs [min, max]
     * @param downtimeMs  [min, max]
     * @param bytesSent   [min, max]
     * @param rounds      [min, max]
     */
    public record Spread(Range totalTimeMs, Range downtimeMs, Range bytesSent, Range rounds) {

        /** @return the range of {@code figure} */
        public Range of(Figure figure) {
            return switch (figure) {
                case TOTAL_TIME -> totalTimeMs;
                case DOWNTIME -> downtimeMs;
                case BYTES -> bytesSent;
                case ROUNDS -> rounds;
            };
        }
    }

    /**
     * A closed range.
     *
     * @param min the smallest value
     * @param max the largest value
     */
    public record Range(double min, double max) {
        public Range {
            if (!(min <= max)) {
                throw new IllegalArgumentException("range [" + min + ", " + max + "]: min must be <= max");
            }
        }
    }

    /**
     * Folds the real runs of one scenario and policy into a row: each figure's median (the mean of the middle two
     * for an even count) and range, the most frequent technique (the first on a tie), the SLA violated when the
     * median downtime exceeds the budget, every run's notes prefixed with its number.
     *
     * @param realRuns       the real migrations, at least one, as rows of this scenario and policy
     * @param corruptedPages pages the guest found corrupted, summed over the runs
     * @param simulated      the engine's row for the same definition
     */
    public static FidelityRow ofRuns(List<ResultRow> realRuns, long corruptedPages, ResultRow simulated) {
        if (realRuns.isEmpty()) {
            throw new IllegalArgumentException("realRuns: at least one run is needed");
        }
        ResultRow first = realRuns.get(0);
        Map<String, Integer> techniques = new LinkedHashMap<>();
        realRuns.forEach(r -> techniques.merge(r.technique(), 1, Integer::sum));
        String technique = techniques.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        List<String> notes = new ArrayList<>();
        for (int i = 0; i < realRuns.size(); i++) {
            for (String n : realRuns.get(i).notes()) {
                notes.add("run " + (i + 1) + ": " + n);
            }
        }
        double downtime = median(realRuns, ResultRow::downtimeMs);
        ResultRow median = new ResultRow(first.scenario(), first.policy(), technique, first.memoryBytes(),
                first.bandwidthBytesPerSec(), first.concurrentMigrations(), first.downtimeBudgetMs(), first.seed(),
                median(realRuns, ResultRow::totalTimeMs), downtime, Math.round(median(realRuns, r -> r.bytesSent())),
                Math.round(median(realRuns, r -> r.pagesSent())), Math.round(median(realRuns, r -> r.pagesResent())),
                (int) Math.round(median(realRuns, r -> r.rounds())),
                Math.round(median(realRuns, r -> r.postcopyFaults())), median(realRuns, ResultRow::degradedMs),
                median(realRuns, ResultRow::faultStallMs), downtime > first.downtimeBudgetMs(), first.predicted(),
                notes);
        Spread spread = new Spread(range(realRuns, Figure.TOTAL_TIME), range(realRuns, Figure.DOWNTIME),
                range(realRuns, Figure.BYTES), range(realRuns, Figure.ROUNDS));
        return new FidelityRow(first.scenario(), first.policy(), realRuns.size(), corruptedPages, median, simulated,
                spread);
    }

    private static double median(List<ResultRow> rows, ToDoubleFunction<ResultRow> f) {
        double[] v = rows.stream().mapToDouble(f).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static Range range(List<ResultRow> rows, Figure f) {
        return new Range(rows.stream().mapToDouble(f::of).min().orElseThrow(),
                rows.stream().mapToDouble(f::of).max().orElseThrow());
    }

    /** @return (simulated - real) / real for {@code figure}; empty when the real value is 0 */
    public OptionalDouble relativeError(Figure figure) {
        double r = figure.of(real);
        double s = figure.of(simulated);
        return r == 0 ? OptionalDouble.empty() : OptionalDouble.of((s - r) / r);
    }

    /** @return whether the simulated downtime is within 30 ms or 30 % of the real one */
    public boolean downtimeWithinTarget() {
        double r = real.downtimeMs();
        return Math.abs(simulated.downtimeMs() - r) <= Math.max(DOWNTIME_TOLERANCE_MS, DOWNTIME_TOLERANCE_SHARE * r);
    }
}
