package io.ferry.controller.internal;

import io.ferry.api.Predictor;
import io.ferry.api.model.Forecast;
import io.ferry.api.model.Metric;
import io.ferry.api.model.MetricWindow;
import io.ferry.api.model.VmId;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The forecast step of the cycle, second of seven: forecasts from the predictor selected for the pool
 * ({@code migration:use --predictor}, key {@code predictor}), for the agent (through the
 * {@link io.ferry.api.AgentContext}) and for the policy (a dirty-rate forecast in the
 * {@link io.ferry.api.model.MigrationRequest}). No predictor selected, one forecasting another metric, too short a
 * history or a predictor that throws: no forecast, never a failed cycle.
 *
 * <p>One instance per cycle. Cost: one metric window and one {@link Predictor#forecast} per (subject, metric) asked
 * about, cached for the cycle.
 */
final class ForecastStep {

    /** Samples handed to a predictor at least (it may ask for more through minimumHistory). */
    static final int HISTORY_SAMPLES = 12;

    private final TelemetryStep.Reading telemetry;
    private final Optional<Predictor> predictor;
    private final int steps;
    private final Map<String, Optional<Forecast>> forecasts = new HashMap<>();

    /**
     * @param predictor the pool's selected predictor, if any is selected and installed
     * @param steps     how many steps ahead to forecast, &gt;= 1 (the pool's {@code forecastSteps})
     */
    ForecastStep(TelemetryStep.Reading telemetry, Optional<Predictor> predictor, int steps) {
        this.telemetry = telemetry;
        this.predictor = predictor;
        this.steps = steps;
    }

    /** @return the selected predictor's forecast of {@code metric} for {@code subject}, empty when none */
    synchronized Optional<Forecast> forecast(String subject, Metric metric) {
        if (predictor.isEmpty() || predictor.get().metric() != metric) {
            return Optional.empty();
        }
        return forecasts.computeIfAbsent(subject + "|" + metric, k -> {
            Predictor p = predictor.get();
            try {
                int samples = Math.max(HISTORY_SAMPLES, p.minimumHistory());
                Optional<MetricWindow> window = telemetry.metrics(subject, metric, samples);
                if (window.isEmpty() || window.get().size() < p.minimumHistory()) {
                    return Optional.empty();
                }
                Forecast f = p.forecast(window.get(), steps);
                return f != null && f.metric() == metric ? Optional.of(f) : Optional.empty();
            } catch (RuntimeException | LinkageError e) {
                return Optional.empty();
            }
        });
    }

    /** @return the forecast of the VM's dirty-page rate, for its migration request */
    Optional<Forecast> dirtyRate(VmId vm) {
        return forecast(vm.value(), Metric.DIRTY_PAGES_PER_SECOND);
    }
}
