package io.ferry.controller;

import io.ferry.api.model.Metric;
import io.ferry.api.model.ModelInfo;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One forecast as the audit log keeps it: which predictor and model made it, of what, for when, and — once that
 * round has come — what was then measured. A decision record carries the forecasts that informed it (observed
 * empty); a {@link AuditRecord.Type#FORECAST} record carries one forecast beside what happened.
 *
 * @param predictor the predictor's name ({@code lstm}, {@code ewma})
 * @param model     the trained model behind it, empty for a formula (last value, EWMA, local regression)
 * @param subject   the VM or host id forecast
 * @param metric    what was forecast
 * @param horizon   how many steps ahead of its window's newest sample
 * @param at        the time the forecast is for: the window's newest sample plus {@code horizon} steps
 * @param value     the forecast
 * @param observed  what was measured at {@code at}, once known
 * @since 2.1
 */
public record ForecastRecord(String predictor, Optional<ModelInfo> model, String subject, Metric metric, int horizon,
        Instant at, double value, OptionalDouble observed) {

    public ForecastRecord {
        Objects.requireNonNull(predictor, "predictor");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(observed, "observed");
    }

    /** @return observed minus forecast, once observed */
    public OptionalDouble error() {
        return observed.isPresent() ? OptionalDouble.of(observed.getAsDouble() - value) : OptionalDouble.empty();
    }

    /** @return this forecast with what was measured at its time */
    public ForecastRecord observed(double measured) {
        return new ForecastRecord(predictor, model, subject, metric, horizon, at, value, OptionalDouble.of(measured));
    }
}
