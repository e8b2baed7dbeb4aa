package io.ferry.agent.consolidation.internal;

import io.ferry.api.Predictor;
import io.ferry.api.model.Forecast;
import io.ferry.api.model.Metric;
import io.ferry.api.model.MetricWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * An overload detector around any CPU {@link Predictor}, with the structure of CloudSim's LR detector
 * ({@link LocalRegressionDetector}, {@code PowerVmAllocationPolicyMigrationLocalRegression}): the host's
 * utilisation history (the sum of its VMs' histories scaled to the host, oldest first, the last {@code length}
 * values, or the predictor's {@link Predictor#minimumHistory()} if that is longer) goes to the predictor, which
 * forecasts it at the end of the longest migration off the host ({@link LocalRegressionDetector#migrationIntervals}
 * intervals ahead, one with an unknown link); the host is overloaded when {@code s × forecast >= 1}. With too short
 * a history, or a predictor that refuses the window or throws, the static fallback decides, as LR's does. With
 * CloudSim's plain least-squares line as the predictor and {@code length} = 10 this is LR itself; with an LSTM it
 * is what the seed papers call triggering on the forecast CPU.
 *
 * <p>Cost: one {@link Predictor#forecast} per distinct (window, horizon): the detector is called for every host each
 * round, again while VMs leave it and for every placement target tried, mostly on a window it has just seen, so the
 * last {@link #CACHED} answers are kept (a predictor gives the same answer for the same window, by contract). Cheap
 * for a formula, the model's inference cost for a learned predictor. Thread-safe: the cache is synchronised, the
 * rest immutable; the predictor must be thread-safe (predictors are stateless by contract).
 */
final class ForecastDetector implements OverloadDetector {

    /** The subject the host's window is labelled with; predictors forecast by the values, not the label. */
    static final String SUBJECT = "host";

    private final Predictor predictor;
    private final double safety;
    private final int length;
    private final StaticThresholdDetector fallback;
    private final Map<Window, Double> cache = new LinkedHashMap<>(CACHED * 2, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Window, Double> eldest) {
            return size() > CACHED;
        }
    };

    /** Forecasts kept: a round of a few thousand hosts and their placement tries. */
    static final int CACHED = 8192;

    /** A window and horizon, compared by value. */
    private record Window(double[] values, int horizon, long stepMillis) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Window w && horizon == w.horizon && stepMillis == w.stepMillis
                    && Arrays.equals(values, w.values);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * Arrays.hashCode(values) + horizon) + Long.hashCode(stepMillis);
        }
    }

    /**
     * @param predictor a predictor of {@link Metric#CPU_UTILISATION}
     * @param safety    s, the factor the forecast is multiplied by before it is compared with 1
     * @param length    the history handed to the predictor, at least (CloudSim's LR uses 10)
     * @param fallback  decides while the history is too short or the predictor fails
     * @throws IllegalArgumentException when the predictor forecasts another metric
     */
    ForecastDetector(Predictor predictor, double safety, int length, StaticThresholdDetector fallback) {
        this.predictor = Objects.requireNonNull(predictor, "predictor");
        if (predictor.metric() != Metric.CPU_UTILISATION) {
            throw new IllegalArgumentException("predictor = " + predictor.name() + ": forecasts " + predictor.metric()
                    + ", an overload detector needs " + Metric.CPU_UTILISATION);
        }
        this.safety = safety;
        this.length = Math.max(length, predictor.minimumHistory());
        this.fallback = Objects.requireNonNull(fallback, "fallback");
    }

    /** @return the forecast utilisation times s, or NaN when the fallback decides */
    double prediction(HostView host) {
        double[] history = host.utilisationHistory();
        if (history.length < length) {
            return Double.NaN;
        }
        double[] oldestFirst = new double[length];
        for (int i = 0; i < length; i++) {
            oldestFirst[i] = history[length - 1 - i];
        }
        int horizon = (int) LocalRegressionDetector.migrationIntervals(host);
        double interval = host.intervalSeconds();
        Duration step = interval > 0 ? Duration.ofMillis(Math.round(interval * 1000)) : Duration.ofSeconds(1);
        Window key = new Window(oldestFirst, horizon, step.toMillis());
        Double known;
        synchronized (cache) {
            known = cache.get(key);
        }
        if (known == null) {
            known = forecast(oldestFirst, horizon, step);
            synchronized (cache) {
                cache.put(key, known);
            }
        }
        return Double.isNaN(known) ? Double.NaN : known * safety;
    }

    /** @return the forecast {@code horizon} steps ahead, NaN when the predictor gives none */
    private double forecast(double[] oldestFirst, int horizon, Duration step) {
        try {
            Forecast f = predictor.forecast(new MetricWindow(SUBJECT, Metric.CPU_UTILISATION, Instant.EPOCH, step,
                    oldestFirst), horizon);
            double value = f.mean(Math.min(horizon, f.horizon()));
            return Double.isFinite(value) ? value : Double.NaN;
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    @Override
    public boolean overloaded(HostView host) {
        double p = prediction(host);
        return Double.isNaN(p) ? fallback.overloaded(host) : p >= 1;
    }

    @Override
    public String explain(HostView host) {
        double p = prediction(host);
        return Double.isNaN(p) ? "no forecast, " + fallback.explain(host)
                : String.format(Locale.ROOT, "%s forecasts %.2f", predictor.name(), p);
    }
}
