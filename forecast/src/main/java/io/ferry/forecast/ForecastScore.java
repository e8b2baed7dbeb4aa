package io.ferry.forecast;

/**
 * The errors of one predictor at one horizon over a set of series (one directory, or all of them), every error
 * being {@code forecast − actual} at the same points for every predictor. Immutable.
 *
 * @param scope       the directory's name, or {@value #ALL} for every directory together
 * @param predictor   the predictor's label, as given to the evaluation
 * @param horizon     steps ahead
 * @param mae         mean absolute error, in the metric's unit (a fraction of the CPUs for CPU)
 * @param maeStdError standard error of {@code mae}, clustered by series (each series one independent unit, since
 *                    the errors along one series are correlated): {@code sqrt(S / (S − 1) Σ (A_s − mae n_s)²) / N}
 *                    over S series with n_s points and absolute-error sums A_s, N = Σ n_s; NaN for one series
 * @param rmse        root mean squared error
 * @param bias        mean error: &gt; 0 when the predictor forecasts too high
 * @param samples     forecast points scored
 * @param series      series that gave at least one point
 * @param failures    points where the predictor threw, left out of its errors
 */
public record ForecastScore(String scope, String predictor, int horizon, double mae, double maeStdError, double rmse,
        double bias, long samples, int series, long failures) {

    /** The scope of the scores over every directory. */
    public static final String ALL = "all";
}
