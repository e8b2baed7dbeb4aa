package io.ferry.benchmarks;

import io.ferry.datacenter.DayMetrics;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The verdict of issue 11's target on one held-out day: the heuristics' and each DQN model's day under the
 * {@code cloudsim} and the {@code page-level} migration models, and what follows from them. Under {@code cloudsim}
 * the best heuristic is the one with the lowest ESV (ties: fewer migrations, then the label), and the target is met
 * when the DQN's mean ESV over the seeds is at most {@value #ESV_FACTOR} × the best's and its mean migrations are
 * fewer than the best's; under {@code page-level} the best heuristic is the one with the fewest SLA-violating
 * migrations, and the target is met when the DQN's mean is fewer. How many seeds meet each target alone is counted
 * too. Spreads are sample standard deviations (n − 1), undefined (NaN) for one seed. Immutable; computing a figure
 * costs one pass over the rows.
 *
 * @param day                 the day's label (its directory name)
 * @param seeds               the DQN models' labels, in the order of the rows below
 * @param cloudSimHeuristics  every heuristic's day under {@code cloudsim}, by label, at least one
 * @param cloudSimDqn         each model's day under {@code cloudsim}, in {@code seeds} order
 * @param pageLevelHeuristics every heuristic's day under {@code page-level}, by label, at least one
 * @param pageLevelDqn        each model's day under {@code page-level}, in {@code seeds} order
 */
record DqnEvaluation(String day, List<String> seeds, Map<String, DayMetrics> cloudSimHeuristics,
        List<DayMetrics> cloudSimDqn, Map<String, DayMetrics> pageLevelHeuristics, List<DayMetrics> pageLevelDqn) {

    /** The target's factor: the DQN's mean ESV at most this times the best heuristic's. */
    static final double ESV_FACTOR = 0.8;

    /** @throws IllegalArgumentException when a table is empty or the DQN rows do not match the seeds */
    DqnEvaluation {
        seeds = List.copyOf(seeds);
        cloudSimHeuristics = new LinkedHashMap<>(cloudSimHeuristics);
        pageLevelHeuristics = new LinkedHashMap<>(pageLevelHeuristics);
        cloudSimDqn = List.copyOf(cloudSimDqn);
        pageLevelDqn = List.copyOf(pageLevelDqn);
        if (seeds.isEmpty() || cloudSimHeuristics.isEmpty() || pageLevelHeuristics.isEmpty()) {
            throw new IllegalArgumentException("day " + day + ": needs at least one seed and one heuristic per model");
        }
        if (cloudSimDqn.size() != seeds.size() || pageLevelDqn.size() != seeds.size()) {
            throw new IllegalArgumentException("day " + day + ": " + seeds.size() + " seeds but " + cloudSimDqn.size()
                    + " cloudsim and " + pageLevelDqn.size() + " page-level DQN rows");
        }
        if (pageLevelHeuristics.values().stream().anyMatch(m -> m.slaViolatingMigrations().isEmpty())
                || pageLevelDqn.stream().anyMatch(m -> m.slaViolatingMigrations().isEmpty())) {
            throw new IllegalArgumentException("day " + day + ": a page-level row has no SLA-violating migration "
                    + "count (was it run under page-level?)");
        }
    }

    /** A mean and its sample standard deviation (NaN for a single value). */
    record Spread(double mean, double std) {

        static Spread of(List<Double> values) {
            double mean = values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            if (values.size() < 2) {
                return new Spread(mean, Double.NaN);
            }
            double squares = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
            return new Spread(mean, Math.sqrt(squares / (values.size() - 1)));
        }
    }

    /** @return the label of the heuristic with the lowest ESV under cloudsim (ties: fewer migrations, then label) */
    String bestCloudSim() {
        return cloudSimHeuristics.entrySet().stream().min(Comparator
                .<Map.Entry<String, DayMetrics>>comparingDouble(e -> e.getValue().esv())
                .thenComparingLong(e -> e.getValue().migrations()).thenComparing(Map.Entry::getKey))
                .orElseThrow().getKey();
    }

    /** @return the best cloudsim heuristic's day */
    DayMetrics bestCloudSimDay() {
        return cloudSimHeuristics.get(bestCloudSim());
    }

    /** @return the seeds' spread of {@code figure} under cloudsim */
    Spread cloudSim(ToDoubleFunction<DayMetrics> figure) {
        return Spread.of(cloudSimDqn.stream().map(figure::applyAsDouble).toList());
    }

    /** @return the DQN's mean ESV over the best heuristic's */
    double esvRatio() {
        return cloudSim(DayMetrics::esv).mean() / bestCloudSimDay().esv();
    }

    /** @return whether the mean over seeds meets the cloudsim target */
    boolean cloudSimMet() {
        DayMetrics best = bestCloudSimDay();
        return cloudSim(DayMetrics::esv).mean() <= ESV_FACTOR * best.esv()
                && cloudSim(DayMetrics::migrations).mean() < best.migrations();
    }

    /** @return whether seed {@code i} alone meets the cloudsim target */
    boolean cloudSimMet(int i) {
        DayMetrics best = bestCloudSimDay();
        DayMetrics m = cloudSimDqn.get(i);
        return m.esv() <= ESV_FACTOR * best.esv() && m.migrations() < best.migrations();
    }

    /** @return how many seeds meet the cloudsim target alone */
    int cloudSimSeedsMet() {
        int n = 0;
        for (int i = 0; i < seeds.size(); i++) {
            n += cloudSimMet(i) ? 1 : 0;
        }
        return n;
    }

    /** @return the label of the heuristic with the fewest SLA-violating migrations under page-level (ties: label) */
    String bestPageLevel() {
        return pageLevelHeuristics.entrySet().stream().min(Comparator
                .<Map.Entry<String, DayMetrics>>comparingLong(e -> violations(e.getValue()))
                .thenComparing(Map.Entry::getKey)).orElseThrow().getKey();
    }

    /** @return the best page-level heuristic's SLA-violating migrations */
    long bestPageLevelViolations() {
        return violations(pageLevelHeuristics.get(bestPageLevel()));
    }

    /** @return the seeds' spread of SLA-violating migrations under page-level */
    Spread pageLevelViolations() {
        return Spread.of(pageLevelDqn.stream().map(m -> (double) violations(m)).toList());
    }

    /** @return whether the mean over seeds has fewer SLA-violating migrations than the best heuristic */
    boolean pageLevelMet() {
        return pageLevelViolations().mean() < bestPageLevelViolations();
    }

    /** @return how many seeds alone have fewer SLA-violating migrations than the best heuristic */
    int pageLevelSeedsMet() {
        long best = bestPageLevelViolations();
        return (int) pageLevelDqn.stream().filter(m -> violations(m) < best).count();
    }

    private static long violations(DayMetrics m) {
        return m.slaViolatingMigrations().orElseThrow();
    }

    /** @return the day's report: the heuristics, each seed, the spreads and both verdicts */
    String format() {
        List<String> lines = new ArrayList<>();
        lines.add("== day " + day);
        lines.add(String.format(Locale.ROOT, "  %-14s %10s %10s %10s %8s %8s   %12s", "heuristic", "ESV",
                "migrations", "energy kWh", "SLATAH %", "PDM %", "PL SLA-viol"));
        for (Map.Entry<String, DayMetrics> e : cloudSimHeuristics.entrySet()) {
            DayMetrics p = pageLevelHeuristics.get(e.getKey());
            lines.add(row(e.getKey(), e.getValue()) + String.format(Locale.ROOT, "   %12s",
                    p == null ? "-" : Long.toString(violations(p))));
        }
        DayMetrics best = bestCloudSimDay();
        lines.add(String.format(Locale.ROOT, "cloudsim: best heuristic %s: ESV %.3e, %d migrations", bestCloudSim(),
                best.esv(), best.migrations()));
        lines.add(String.format(Locale.ROOT, "  %-14s %10s %10s %10s %8s %8s   %s", "dqn", "ESV", "migrations",
                "energy kWh", "SLATAH %", "PDM %", "target alone"));
        for (int i = 0; i < seeds.size(); i++) {
            lines.add(row(seeds.get(i), cloudSimDqn.get(i)) + "   " + (cloudSimMet(i) ? "met" : "not met"));
        }
        Spread esv = cloudSim(DayMetrics::esv);
        Spread migrations = cloudSim(DayMetrics::migrations);
        Spread energy = cloudSim(DayMetrics::energyKWh);
        Spread slatah = cloudSim(DayMetrics::slatah);
        Spread pdm = cloudSim(DayMetrics::pdm);
        lines.add(String.format(Locale.ROOT, "  %-14s %10s %10s %10s %8s %8s", "mean", sci(esv.mean()),
                fixed(migrations.mean(), 1), fixed(energy.mean(), 2), fixed(100 * slatah.mean(), 2),
                fixed(100 * pdm.mean(), 3)));
        lines.add(String.format(Locale.ROOT, "  %-14s %10s %10s %10s %8s %8s", "± std", sci(esv.std()),
                fixed(migrations.std(), 1), fixed(energy.std(), 2), fixed(100 * slatah.std(), 2),
                fixed(100 * pdm.std(), 3)));
        lines.add(String.format(Locale.ROOT, "cloudsim target (mean ESV <= %.1f x best AND mean migrations < best's):"
                + " mean ESV / best = %.4f, mean migrations %.1f vs %d: %s; seeds meeting it alone: %d of %d",
                ESV_FACTOR, esvRatio(), migrations.mean(), best.migrations(), cloudSimMet() ? "MET" : "NOT MET",
                cloudSimSeedsMet(), seeds.size()));
        Spread violations = pageLevelViolations();
        StringBuilder perSeed = new StringBuilder();
        for (int i = 0; i < seeds.size(); i++) {
            perSeed.append(i == 0 ? "" : ", ").append(seeds.get(i)).append(' ').append(violations(pageLevelDqn
                    .get(i)));
        }
        lines.add(String.format(Locale.ROOT, "page-level: best heuristic %s: %d SLA-violating migrations; dqn %s; "
                + "mean %.1f ± %s: %s; seeds below the best alone: %d of %d", bestPageLevel(),
                bestPageLevelViolations(), perSeed, violations.mean(), fixed(violations.std(), 1),
                pageLevelMet() ? "MET" : "NOT MET", pageLevelSeedsMet(), seeds.size()));
        return String.join(System.lineSeparator(), lines) + System.lineSeparator();
    }

    private static String row(String label, DayMetrics m) {
        return String.format(Locale.ROOT, "  %-14s %10.3e %10d %10.2f %8.2f %8.3f", label, m.esv(), m.migrations(),
                m.energyKWh(), 100 * m.slatah(), 100 * m.pdm());
    }

    private static String sci(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3e", v);
    }

    private static String fixed(double v, int decimals) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
