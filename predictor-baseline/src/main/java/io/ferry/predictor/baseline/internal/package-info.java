/**
 * The baseline predictors (last value, EWMA, local regression): private to their bundle, offered as
 * {@link io.ferry.api.Predictor} services and {@link io.ferry.api.spi.PredictorFactory} factories.
 */
package io.ferry.predictor.baseline.internal;
