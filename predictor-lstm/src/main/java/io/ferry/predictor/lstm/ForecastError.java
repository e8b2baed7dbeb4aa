package io.ferry.predictor.lstm;

/**
 * A model's one-step-ahead error over a set of windows, in the metric's units (CPU as a fraction, the dirty rate in
 * pages per second).
 *
 * @param mae     mean absolute error
 * @param rmse    root mean squared error
 * @param windows how many windows it was measured over
 */
public record ForecastError(double mae, double rmse, int windows) {
}
