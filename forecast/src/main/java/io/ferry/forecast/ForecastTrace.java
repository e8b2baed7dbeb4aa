package io.ferry.forecast;

import java.util.List;
import java.util.Map;

/**
 * One series as the evaluation saw it, for forecast-versus-actual plots: the samples, the points forecast, and
 * each predictor's forecast at each horizon for those points. Immutable (the arrays are copied in and not
 * handed out again).
 *
 * @param series    the series' name
 * @param actual    every sample of the series
 * @param targets   for each scored point, the index of the sample forecast at the first horizon; the horizon
 *                  {@code h}'s forecast at point {@code i} is of sample {@code targets[i] − horizons[0] + h}
 * @param horizons  the horizons, in order
 * @param forecasts per predictor label, per horizon index, per point: the forecast, NaN where it failed
 */
public record ForecastTrace(String series, double[] actual, int[] targets, List<Integer> horizons,
        Map<String, double[][]> forecasts) {

    /** Copies the arrays. */
    public ForecastTrace {
        actual = actual.clone();
        targets = targets.clone();
        horizons = List.copyOf(horizons);
        java.util.LinkedHashMap<String, double[][]> copy = new java.util.LinkedHashMap<>();
        forecasts.forEach((k, v) -> {
            double[][] c = new double[v.length][];
            for (int i = 0; i < v.length; i++) {
                c[i] = v[i].clone();
            }
            copy.put(k, c);
        });
        forecasts = java.util.Collections.unmodifiableMap(copy);
    }

    /** @return sample {@code index} of the series */
    public double actual(int index) {
        return actual[index];
    }

    /** @return the number of samples of the series */
    public int size() {
        return actual.length;
    }

    /** @return the number of points forecast */
    public int points() {
        return targets.length;
    }

    /** @return the index of the sample point {@code i} forecasts at horizon {@code horizon} */
    public int target(int point, int horizon) {
        return targets[point] - horizons.get(0) + horizon;
    }

    /** @return predictor {@code label}'s forecast at point {@code i}, horizon index {@code h}; NaN if it failed */
    public double forecast(String label, int horizonIndex, int point) {
        return forecasts.get(label)[horizonIndex][point];
    }
}
