package io.ferry.agent.consolidation.internal;

import io.ferry.api.Predictor;
import io.ferry.api.model.Forecast;
import io.ferry.api.model.Metric;
import io.ferry.api.model.MetricWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
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
 * <p>Cost: one {@link Predictor#forecast} per call, and the detector is called for every host each round and for
 * every placement target tried: cheap for a formula, the model's inference cost for a learned predictor.
 * Immutable; thread-safe as long as the predictor is (predictors are stateless by contract).
 */
final class ForecastDetector implements OverloadDetector {

    /** The subject the host's window is labelled with; predictors forecast by the values, not the label. */
    static final String SUBJECT = "host";

    private final Predictor predictor;
    private final double safety;
    private final int length;
    private final StaticThresholdDetector fallback;

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
        try {
            Forecast f = predictor.forecast(new MetricWindow(SUBJECT, Metric.CPU_UTILISATION, Instant.EPOCH, step,
                    oldestFirst), horizon);
            double value = f.mean(Math.min(horizon, f.horizon()));
            return Double.isFinite(value) ? value * safety : Double.NaN;
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
