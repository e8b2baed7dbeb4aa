package io.ferry.controller.internal;

import io.ferry.api.Predictor;
import io.ferry.api.model.Forecast;
import io.ferry.api.model.Metric;
import io.ferry.api.model.MetricWindow;
import io.ferry.api.model.ModelInfo;
import io.ferry.api.model.VmId;
import io.ferry.controller.ForecastRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * The forecast step of the cycle, second of seven: forecasts from the predictor selected for the pool
 * ({@code migration:use --predictor}, key {@code predictor}), one service per metric under that name, for the
 * agent (through the {@link io.ferry.api.AgentContext}) and for the policy (a dirty-rate forecast in the
 * {@link io.ferry.api.model.MigrationRequest}). No predictor selected, none of that name for the metric, too short a
 * history: no forecast. A predictor that throws, or answers with no forecast, one of another metric or one shorter
 * than asked: no forecast, never a failed cycle, and the failure goes to the pool's {@link Health} (which records it
 * once and counts the rest).
 *
 * <p>One instance per cycle. Cost: one metric window and one {@link Predictor#forecast} per (subject, metric) asked
 * about, cached for the cycle.
 */
final class ForecastStep {

    /** Samples handed to a predictor at least (it may ask for more through minimumHistory). */
    static final int HISTORY_SAMPLES = 12;

    /** Where a predictor's failures and recoveries go. */
    interface Health {
        /** Nothing is recorded: for forecasts outside a cycle. */
        Health IGNORED = new Health() {
            @Override
            public void failed(PluginRegistry.Entry<Predictor> predictor, Metric metric, String why) {
            }

            @Override
            public void succeeded(PluginRegistry.Entry<Predictor> predictor, Metric metric) {
            }
        };

        void failed(PluginRegistry.Entry<Predictor> predictor, Metric metric, String why);

        void succeeded(PluginRegistry.Entry<Predictor> predictor, Metric metric);
    }

    private record Made(Forecast forecast, ForecastRecord record) {
    }

    private final TelemetryStep.Reading telemetry;
    private final Map<Metric, PluginRegistry.Entry<Predictor>> predictors;
    private final int steps;
    private final Health health;
    private final Map<String, Optional<Made>> forecasts = new LinkedHashMap<>();

    /**
     * @param predictors the pool's selected predictor's service for each metric it is installed for
     * @param steps      how many steps ahead to forecast, &gt;= 1 (the pool's {@code forecastSteps})
     * @param health     told of each failure and success
     */
    ForecastStep(TelemetryStep.Reading telemetry, Map<Metric, PluginRegistry.Entry<Predictor>> predictors, int steps,
            Health health) {
        this.telemetry = telemetry;
        this.predictors = Map.copyOf(predictors);
        this.steps = steps;
        this.health = health;
    }

    /** A step without predictors: for requests that need none (recordings). */
    static ForecastStep none(TelemetryStep.Reading telemetry) {
        return new ForecastStep(telemetry, Map.of(), 1, Health.IGNORED);
    }

    /** @return the selected predictor's forecast of {@code metric} for {@code subject}, empty when none */
    synchronized Optional<Forecast> forecast(String subject, Metric metric) {
        PluginRegistry.Entry<Predictor> entry = predictors.get(metric);
        if (entry == null) {
            return Optional.empty();
        }
        return forecasts.computeIfAbsent(subject + "|" + metric, k -> make(entry, subject, metric))
                .map(Made::forecast);
    }

    private Optional<Made> make(PluginRegistry.Entry<Predictor> entry, String subject, Metric metric) {
        Predictor p = entry.service();
        MetricWindow w;
        try {
            int samples = Math.max(HISTORY_SAMPLES, p.minimumHistory());
            Optional<MetricWindow> window = telemetry.metrics(subject, metric, samples);
            if (window.isEmpty() || window.get().size() < p.minimumHistory()) {
                return Optional.empty(); // not the predictor's failure: too little history yet
            }
            w = window.get();
        } catch (RuntimeException | LinkageError e) {
            health.failed(entry, metric, "minimumHistory() threw " + e);
            return Optional.empty();
        }
        Forecast f;
        try {
            f = p.forecast(w, steps);
        } catch (RuntimeException | LinkageError e) {
            health.failed(entry, metric, "threw " + e);
            return Optional.empty();
        }
        if (f == null || f.metric() != metric || f.horizon() < 1) {
            health.failed(entry, metric, f == null ? "returned no forecast"
                    : f.metric() != metric ? "returned a forecast of " + f.metric() : "returned an empty forecast");
            return Optional.empty();
        }
        health.succeeded(entry, metric);
        Optional<ModelInfo> model;
        try {
            model = p.model();
        } catch (RuntimeException | LinkageError e) {
            model = Optional.empty();
        }
        ForecastRecord record = new ForecastRecord(entry.name(), model, subject, metric, 1, w.end().plus(w.step()),
                f.mean(1), OptionalDouble.empty());
        return Optional.of(new Made(f, record));
    }

    /** @return the forecast of the VM's dirty-page rate, for its migration request */
    Optional<Forecast> dirtyRate(VmId vm) {
        return forecast(vm.value(), Metric.DIRTY_PAGES_PER_SECOND);
    }

    /** @return the forecasts made so far this cycle for any of {@code subjects}, one step ahead, in order made */
    synchronized List<ForecastRecord> about(Collection<String> subjects) {
        Set<String> wanted = Set.copyOf(subjects);
        List<ForecastRecord> out = new ArrayList<>();
        for (Optional<Made> m : forecasts.values()) {
            m.filter(x -> wanted.contains(x.record().subject())).ifPresent(x -> out.add(x.record()));
        }
        return out;
    }

    /** @return every forecast made this cycle, one step ahead, in order made */
    synchronized List<ForecastRecord> made() {
        List<ForecastRecord> out = new ArrayList<>();
        forecasts.values().forEach(m -> m.ifPresent(x -> out.add(x.record())));
        return out;
    }
}
