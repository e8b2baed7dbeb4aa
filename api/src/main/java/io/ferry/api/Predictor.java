package io.ferry.api;

import io.ferry.api.model.Forecast;
import io.ferry.api.model.Metric;
import io.ferry.api.model.MetricWindow;
import io.ferry.api.model.ModelInfo;
import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Forecasts one metric series a few steps ahead from a window of its history: CPU to anticipate overload, the
 * dirty-page rate to choose a migration technique and the moment to switch.
 *
 * <p>Inference only: {@link #forecast} never trains or changes the predictor, so the same instance gives the
 * same answer for the same window and can be shared by every pool. Trainable predictors train elsewhere and
 * register the trained, immutable model. Register with the service properties {@value #NAME_PROPERTY} and
 * {@value #METRIC_PROPERTY} (the {@link Metric} name).
 */
@ConsumerType
public interface Predictor {

    /** The service property that names a predictor. */
    String NAME_PROPERTY = "predictor.name";

    /** The service property that says which {@link Metric} a predictor forecasts. */
    String METRIC_PROPERTY = "predictor.metric";

    /** @return the predictor's name, unique among installed predictors */
    String name();

    /** @return the metric it forecasts */
    Metric metric();

    /** @return the fewest samples a window must hold for a forecast, &gt;= 1 */
    int minimumHistory();

    /**
     * @param history the recent series, oldest first, at least {@link #minimumHistory()} samples of
     *                {@link #metric()}
     * @param horizon how many steps ahead, &gt;= 1
     * @return the forecast at the window's step
     * @throws IllegalArgumentException for a window of another metric, too short, or a horizon &lt; 1
     */
    Forecast forecast(MetricWindow history, int horizon);

    /**
     * @return the trained model this predictor forecasts with, for the audit log; empty for a predictor that
     *         is a formula rather than a model (last value, EWMA, local regression)
     */
    default Optional<ModelInfo> model() {
        return Optional.empty();
    }
}
