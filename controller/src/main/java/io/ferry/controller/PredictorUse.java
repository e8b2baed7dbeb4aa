package io.ferry.controller;

import io.ferry.api.model.Metric;
import io.ferry.api.model.ModelInfo;
import java.util.Objects;
import java.util.Optional;

/**
 * The predictor a pool uses for one metric, as {@code migration:status} shows it: the selected name, whether a
 * service of that name forecasts this metric now, its bundle and model, and the forecasts it failed to make
 * (threw, or returned no usable forecast) since it last succeeded. While it is not installed or fails, the pool
 * decides without its forecasts.
 *
 * @param metric      the metric
 * @param predictor   the selected predictor's name
 * @param installed   whether a service of that name forecasts this metric now
 * @param bundle      its bundle as {@code symbolic-name/version}, empty when not installed
 * @param model       its model, empty when not installed or a formula
 * @param failures    forecasts it failed to make since it last succeeded
 * @param lastFailure why the last one failed, empty when none did
 * @since 2.1
 */
public record PredictorUse(Metric metric, String predictor, boolean installed, String bundle,
        Optional<ModelInfo> model, long failures, Optional<String> lastFailure) {

    public PredictorUse {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(predictor, "predictor");
        Objects.requireNonNull(bundle, "bundle");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(lastFailure, "lastFailure");
    }
}
