package io.ferry.compare;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The fidelity figures over all rows, against the targets: the median relative error of total time and of bytes
 * (target: at most 15 %), the share of pauses within 30 ms or 30 % of the real ones, and whether the engine orders
 * the policies of each scenario as reality does, by total time, downtime and bytes. Reality orders two policies
 * only when their real medians differ by more than {@value #TIE_SHARE_PERCENT} % and their real ranges over the runs
 * do not overlap; otherwise the runs cannot tell them apart (a tie), and the pair does not count. A missed target
 * is a figure, not a failure.
 *
 * @param rows               how many scenario x policy rows
 * @param medianTotalTimeError median |relative error| of total time
 * @param medianBytesError   median |relative error| of bytes
 * @param medianDowntimeError median |relative error| of downtime
 * @param downtimeWithin     rows whose downtime is within 30 ms or 30 %
 * @param downtimeRows       rows with a real pause to compare: those whose real migrations all completed (a
 *                           pre-copy cancelled as not converged never paused the guest)
 * @param orderings          per scenario, per figure: whether the orders agree
 * @param convergence        per row run under QEMU's own stop rule with no round cap ({@value
 *                           ScenarioSuites#QEMU_DEFAULT}): whether the real pre-copy converged and whether the
 *                           engine's did; empty when no row was
 */
public record FidelitySummary(int rows, double medianTotalTimeError, double medianBytesError,
        double medianDowntimeError, int downtimeWithin, int downtimeRows,
        Map<String, Map<FidelityRow.Figure, Ordering>> orderings, List<Convergence> convergence) {

    /**
     * One point of a convergence sweep: did pre-copy converge for real (QEMU completed it before the testbed's
     * timeout cancelled it), and in the engine (it completed before its time bound, the same timeout)?
     *
     * @param scenario  the scenario
     * @param real      whether every real run converged
     * @param simulated whether the engine's run converged
     */
    public record Convergence(String scenario, boolean real, boolean simulated) {
        /** @return whether the engine converges exactly where QEMU does */
        public boolean agrees() {
            return real == simulated;
        }

        /**
         * @return the real side of {@code row}: converged when no run was cancelled or failed (the real notes are
         *         each run's outcome, "run N: CANCELLED: ...")
         */
        static boolean realConverged(FidelityRow row) {
            return row.real().notes().stream().map(n -> n.replaceFirst("^run \\d+: ", ""))
                    .noneMatch(n -> n.startsWith("CANCELLED") || n.startsWith("FAILED"));
        }

        /** @return the engine's side of {@code row}: converged when its safety net did not stop it */
        static boolean simulatedConverged(FidelityRow row) {
            return row.simulated().notes().stream().noneMatch(n -> n.contains("engine limit reached"));
        }
    }

    /** Median relative error allowed on total time and bytes. */
    public static final double ERROR_TARGET = 0.15;
    /** Real medians within this many percent of each other are a tie. */
    public static final int TIE_SHARE_PERCENT = 5;
    /** The figures whose orderings are compared. */
    public static final List<FidelityRow.Figure> ORDERED = List.of(FidelityRow.Figure.TOTAL_TIME,
            FidelityRow.Figure.DOWNTIME, FidelityRow.Figure.BYTES);

    /** A summary without convergence points. */
    public FidelitySummary(int rows, double medianTotalTimeError, double medianBytesError,
            double medianDowntimeError, int downtimeWithin, Map<String, Map<FidelityRow.Figure, Ordering>> orderings) {
        this(rows, medianTotalTimeError, medianBytesError, medianDowntimeError, downtimeWithin, rows, orderings,
                List.of());
    }

    public FidelitySummary {
        orderings = Map.copyOf(orderings);
        convergence = List.copyOf(convergence);
    }

    /**
     * How one scenario's policies rank on one figure.
     *
     * @param real      the policies from smallest to largest real median
     * @param simulated the same by simulated value
     * @param pairs     pairs that reality orders (not ties)
     * @param agreeing  of those, pairs the engine orders the same way (an engine tie where reality orders does
     *                  not agree)
     * @param realText  the real order for a reader: {@code a < b ~ c}, where {@code ~} is a tie reality cannot
     *                  resolve
     * @param simulatedText the simulated order: {@code a = b < c}, where {@code =} is an exact engine tie
     */
    public record Ordering(List<String> real, List<String> simulated, int pairs, int agreeing, String realText,
            String simulatedText) {
        public Ordering {
            real = List.copyOf(real);
            simulated = List.copyOf(simulated);
        }

        /** @return whether every pair reality orders is ordered the same way by the engine */
        public boolean agrees() {
            return pairs == agreeing;
        }
    }

    /** @return the summary of {@code rows} */
    public static FidelitySummary of(List<FidelityRow> rows) {
        double total = median(rows, FidelityRow.Figure.TOTAL_TIME);
        double bytes = median(rows, FidelityRow.Figure.BYTES);
        List<FidelityRow> paused = rows.stream().filter(Convergence::realConverged).toList();
        double down = median(paused, FidelityRow.Figure.DOWNTIME);
        int within = (int) paused.stream().filter(FidelityRow::downtimeWithinTarget).count();
        Map<String, List<FidelityRow>> byScenario = new LinkedHashMap<>();
        rows.forEach(r -> byScenario.computeIfAbsent(r.scenario(), k -> new ArrayList<>()).add(r));
        Map<String, Map<FidelityRow.Figure, Ordering>> orderings = new LinkedHashMap<>();
        byScenario.forEach((scenario, list) -> {
            Map<FidelityRow.Figure, Ordering> perFigure = new LinkedHashMap<>();
            for (FidelityRow.Figure f : ORDERED) {
                perFigure.put(f, ordering(list, f));
            }
            orderings.put(scenario, perFigure);
        });
        List<Convergence> convergence = rows.stream().filter(r -> r.policy().equals(ScenarioSuites.QEMU_DEFAULT))
                .map(r -> new Convergence(r.scenario(), Convergence.realConverged(r),
                        Convergence.simulatedConverged(r)))
                .toList();
        return new FidelitySummary(rows.size(), total, bytes, down, within, paused.size(), orderings, convergence);
    }

    private static Ordering ordering(List<FidelityRow> rows, FidelityRow.Figure f) {
        List<FidelityRow> byReal = rows.stream().sorted(Comparator.comparingDouble(r -> f.of(r.real()))).toList();
        List<FidelityRow> bySim = rows.stream().sorted(Comparator.comparingDouble(r -> f.of(r.simulated())))
                .toList();
        List<String> real = byReal.stream().map(FidelityRow::policy).toList();
        List<String> sim = bySim.stream().map(FidelityRow::policy).toList();
        StringBuilder realText = new StringBuilder(byReal.get(0).policy());
        for (int i = 1; i < byReal.size(); i++) {
            realText.append(realTie(byReal.get(i - 1), byReal.get(i), f) ? " ~ " : " < ")
                    .append(byReal.get(i).policy());
        }
        StringBuilder simText = new StringBuilder(bySim.get(0).policy());
        for (int i = 1; i < bySim.size(); i++) {
            double a = f.of(bySim.get(i - 1).simulated());
            double b = f.of(bySim.get(i).simulated());
            simText.append(Math.abs(b - a) <= 1e-9 * Math.max(1, Math.abs(b)) ? " = " : " < ")
                    .append(bySim.get(i).policy());
        }
        int pairs = 0;
        int agreeing = 0;
        for (int i = 0; i < rows.size(); i++) {
            for (int j = i + 1; j < rows.size(); j++) {
                double a = f.of(rows.get(i).real());
                double b = f.of(rows.get(j).real());
                if (realTie(rows.get(i), rows.get(j), f)) {
                    continue;
                }
                pairs++;
                double sa = f.of(rows.get(i).simulated());
                double sb = f.of(rows.get(j).simulated());
                if (Math.signum(sa - sb) == Math.signum(a - b)) {
                    agreeing++;
                }
            }
        }
        return new Ordering(real, sim, pairs, agreeing, realText.toString(), simText.toString());
    }

    /** Reality cannot tell two rows apart: medians within the tie share, or overlapping ranges over the runs. */
    private static boolean realTie(FidelityRow x, FidelityRow y, FidelityRow.Figure f) {
        double a = f.of(x.real());
        double b = f.of(y.real());
        FidelityRow.Range ra = x.realSpread().of(f);
        FidelityRow.Range rb = y.realSpread().of(f);
        boolean overlap = ra.min() <= rb.max() && rb.min() <= ra.max();
        return overlap || Math.abs(a - b) <= TIE_SHARE_PERCENT / 100.0 * Math.max(Math.abs(a), Math.abs(b));
    }

    private static double median(List<FidelityRow> rows, FidelityRow.Figure f) {
        double[] v = rows.stream().map(r -> r.relativeError(f)).filter(OptionalDouble::isPresent)
                .mapToDouble(o -> Math.abs(o.getAsDouble())).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** @return scenarios whose orders on {@code figure} agree with reality */
    public int scenariosAgreeing(FidelityRow.Figure figure) {
        return (int) orderings.values().stream().filter(m -> m.get(figure).agrees()).count();
    }

    /** @return the summary as lines for a terminal, each ending in a newline */
    public String lines() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "median relative error, total time: %.1f %% (target <= %.0f %%: %s)%n",
                100 * medianTotalTimeError, 100 * ERROR_TARGET, verdict(medianTotalTimeError <= ERROR_TARGET)));
        out.append(String.format(Locale.ROOT, "median relative error, bytes:      %.1f %% (target <= %.0f %%: %s)%n",
                100 * medianBytesError, 100 * ERROR_TARGET, verdict(medianBytesError <= ERROR_TARGET)));
        out.append(String.format(Locale.ROOT,
                "downtime within 30 ms or 30 %%:     %d of %d rows (median relative error %.1f %%)%s%n", downtimeWithin,
                downtimeRows, 100 * medianDowntimeError, downtimeRows == rows ? ""
                        : "; " + (rows - downtimeRows) + " row(s) without a real pause (not converged) left out"));
        for (FidelityRow.Figure f : ORDERED) {
            int pairs = orderings.values().stream().mapToInt(m -> m.get(f).pairs()).sum();
            int agreeing = orderings.values().stream().mapToInt(m -> m.get(f).agreeing()).sum();
            out.append(String.format(Locale.ROOT, "policy ordering by %-11s      %d of %d scenarios agree with reality "
                    + "(%d of %d pairs that reality orders)", f.key() + ":", scenariosAgreeing(f), orderings.size(),
                    agreeing, pairs));
            List<String> disagree = new ArrayList<>();
            orderings.forEach((s, m) -> {
                Ordering o = m.get(f);
                if (!o.agrees()) {
                    disagree.add(s + " (real " + o.realText() + ", simulated " + o.simulatedText() + ")");
                }
            });
            out.append(disagree.isEmpty() ? "" : "; not: " + String.join("; ", disagree)).append(System.lineSeparator());
        }
        if (!convergence.isEmpty()) {
            long agree = convergence.stream().filter(Convergence::agrees).count();
            out.append(String.format(Locale.ROOT, "converges where QEMU converges:   %d of %d points (%s)%n", agree,
                    convergence.size(), String.join(", ", convergence.stream().map(c -> c.scenario() + " real "
                            + (c.real() ? "yes" : "no") + "/sim " + (c.simulated() ? "yes" : "no")
                            + (c.agrees() ? "" : " !")).toList())));
        }
        return out.toString();
    }

    private static String verdict(boolean met) {
        return met ? "met" : "MISSED";
    }

}
