package io.ferry.controller.internal;

import io.ferry.api.Predictor;
import io.ferry.api.model.Metric;
import io.ferry.api.model.MetricWindow;
import io.ferry.api.model.ModelInfo;
import io.ferry.controller.ForecastRecord;
import io.ferry.controller.PredictorUse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one pool keeps about its forecasts across cycles: which service of the selected predictor forecasts each
 * metric, each (predictor, metric)'s run of failures (recorded once when it starts and once when it ends, counted
 * in between for {@code migration:status}), and the ledger of forecasts whose round has not come yet: each cycle,
 * the forecasts whose time the new telemetry covers are written to the audit log beside the value measured then
 * ({@code FORECAST} records), and the cycle's new forecasts are added; beyond the pool's {@code forecastLedger}
 * the oldest are dropped unsettled.
 *
 * <p>Cost per cycle: O(ledger) to settle, one metric window per pending (subject, metric), already fetched for
 * the cycle's forecasts in the usual case. Thread-safe.
 */
final class PoolForecasts implements ForecastStep.Health {

    private static final class Failures {
        long count;
        String last;
    }

    private final PredictorRegistry predictors;
    private final RecordStep record;
    private final Map<String, Failures> failures = new HashMap<>();
    private final Deque<ForecastRecord> ledger = new ArrayDeque<>();

    PoolForecasts(PredictorRegistry predictors, RecordStep record) {
        this.predictors = predictors;
        this.record = record;
    }

    /** @return the selected predictor's service for each metric it is installed for, empty when none is selected */
    Map<Metric, PluginRegistry.Entry<Predictor>> selected(PoolSettings s) {
        return s.predictor().map(predictors::forName).orElse(Map.of());
    }

    /** @return this cycle's forecast step, with the pool's selected predictor and its health */
    ForecastStep step(TelemetryStep.Reading reading, PoolSettings s) {
        return new ForecastStep(reading, selected(s), s.forecastSteps(), this);
    }

    /**
     * @return what the pool decides without, for status: the selected predictor when no service of that name is
     *         installed for any metric; empty otherwise
     */
    Optional<String> missing(PoolSettings s) {
        if (s.predictor().isPresent() && selected(s).isEmpty()) {
            return Optional.of(s.predictor().get() + " selected, not installed: deciding without forecasts");
        }
        return Optional.empty();
    }

    @Override
    public synchronized void failed(PluginRegistry.Entry<Predictor> predictor, Metric metric, String why) {
        Failures f = failures.computeIfAbsent(key(predictor.name(), metric), k -> new Failures());
        f.count++;
        f.last = why;
        if (f.count == 1) {
            record.problem("", "", predictor.bundleVersion(), "predictor " + predictor.name() + " (" + metric + ") "
                    + why + ": deciding without its forecasts; further failures are counted in migration:status, "
                    + "not recorded one by one");
        }
    }

    @Override
    public synchronized void succeeded(PluginRegistry.Entry<Predictor> predictor, Metric metric) {
        Failures f = failures.remove(key(predictor.name(), metric));
        if (f != null) {
            record.problem("", "", predictor.bundleVersion(), "predictor " + predictor.name() + " (" + metric
                    + ") forecasts again after " + f.count + " failed forecast" + (f.count == 1 ? "" : "s")
                    + " (last: " + f.last + ")");
        }
    }

    /** @return per metric the selected predictor's state, for {@code migration:status}; empty when none is selected */
    synchronized List<PredictorUse> status(PoolSettings s) {
        if (s.predictor().isEmpty()) {
            return List.of();
        }
        String name = s.predictor().get();
        Map<Metric, PluginRegistry.Entry<Predictor>> installed = predictors.forName(name);
        List<PredictorUse> out = new ArrayList<>();
        for (Metric m : List.of(Metric.CPU_UTILISATION, Metric.DIRTY_PAGES_PER_SECOND)) {
            out.add(use(name, m, Optional.ofNullable(installed.get(m))));
        }
        for (Map.Entry<Metric, PluginRegistry.Entry<Predictor>> e : installed.entrySet()) {
            if (e.getKey() != Metric.CPU_UTILISATION && e.getKey() != Metric.DIRTY_PAGES_PER_SECOND) {
                out.add(use(name, e.getKey(), Optional.of(e.getValue())));
            }
        }
        return out;
    }

    private PredictorUse use(String name, Metric m, Optional<PluginRegistry.Entry<Predictor>> e) {
        Failures f = failures.get(key(name, m));
        Optional<ModelInfo> model;
        try {
            model = e.flatMap(x -> x.service().model());
        } catch (RuntimeException | LinkageError ex) {
            model = Optional.empty();
        }
        return new PredictorUse(m, name, e.isPresent(), e.map(PluginRegistry.Entry::bundleVersion).orElse(""), model,
                f == null ? 0 : f.count, f == null ? Optional.empty() : Optional.of(f.last));
    }

    /** Adds a cycle's forecasts to the ledger, dropping the oldest beyond {@code capacity}. */
    synchronized void remember(List<ForecastRecord> made, int capacity) {
        for (ForecastRecord r : made) {
            ledger.addLast(r);
        }
        while (ledger.size() > capacity) {
            ledger.removeFirst();
        }
    }

    /**
     * Writes a {@code FORECAST} record for every forecast in the ledger whose time this reading's series cover,
     * beside the value measured then, and forgets it; forecasts whose time is older than the series kept are
     * dropped.
     */
    synchronized void settle(TelemetryStep.Reading reading) {
        Map<String, Optional<MetricWindow>> windows = new HashMap<>();
        for (Iterator<ForecastRecord> it = ledger.iterator(); it.hasNext();) {
            ForecastRecord r = it.next();
            Optional<MetricWindow> w = windows.computeIfAbsent(r.subject() + "|" + r.metric(),
                    k -> reading.metrics(r.subject(), r.metric(), ForecastStep.HISTORY_SAMPLES));
            if (w.isEmpty() || w.get().size() == 0 || w.get().end().isBefore(r.at())) {
                continue; // its round has not come (or the series is missing this cycle)
            }
            MetricWindow window = w.get();
            Duration back = Duration.between(r.at(), window.end());
            long steps = back.toNanos() / window.step().toNanos();
            int index = window.size() - 1 - (int) Math.min(steps, Integer.MAX_VALUE);
            if (index >= 0 && steps < window.size()) {
                // the sample at the forecast's time, or the first after it when the series' steps moved
                record.forecast(r.observed(window.get(index)));
            }
            it.remove();
        }
    }

    /** @return the forecasts waiting for their round */
    synchronized int pending() {
        return ledger.size();
    }

    private static String key(String name, Metric m) {
        return name + "|" + m;
    }
}
