package io.ferry.predictor.baseline.internal;

import io.ferry.api.model.Forecast;
import io.ferry.api.model.Metric;
import io.ferry.api.model.MetricWindow;

/**
 * The input checks every baseline predictor makes before it forecasts, and the check on what it returns, with
 * one-line messages naming the predictor and the value refused. Cost: O(1) on the way in, O(h) on the way out.
 */
final class Windows {

    private Windows() {
    }

    /**
     * @throws IllegalArgumentException for a window of another metric, one shorter than {@code minimum}, or a
     *                                  horizon &lt; 1
     */
    static void check(String predictor, Metric metric, int minimum, MetricWindow history, int horizon) {
        if (history == null) {
            throw new IllegalArgumentException(predictor + ": no window given");
        }
        if (history.metric() != metric) {
            throw new IllegalArgumentException(predictor + " forecasts " + metric + ": a window of "
                    + history.metric() + " (" + history.subject() + ") is refused");
        }
        if (history.size() < minimum) {
            throw new IllegalArgumentException(predictor + " needs >= " + minimum + " samples: the window of "
                    + history.subject() + " holds " + history.size());
        }
        if (horizon < 1) {
            throw new IllegalArgumentException(predictor + ": horizon = " + horizon + ": must be >= 1");
        }
    }

    /**
     * @param mean the forecast 1 … h steps ahead
     * @return the forecast
     * @throws IllegalArgumentException when a point is not finite (samples so large their arithmetic overflows)
     */
    static Forecast forecast(String predictor, MetricWindow history, double[] mean) {
        for (int i = 0; i < mean.length; i++) {
            if (!Double.isFinite(mean[i])) {
                throw new IllegalArgumentException(predictor + ": the forecast " + (i + 1) + " step(s) ahead for "
                        + history.subject() + " is " + mean[i] + " (samples too large to fit a line to)");
            }
        }
        return new Forecast(predictor, history.metric(), history.step(), mean);
    }

    /**
     * @param name  the setting's key, for the message
     * @param alpha a smoothing factor
     * @return {@code alpha} when it lies in (0, 1]
     * @throws IllegalArgumentException otherwise (NaN included), one line naming it
     */
    static double smoothing(String name, double alpha) {
        if (!(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException(name + " = " + alpha + ": must be in (0, 1]");
        }
        return alpha;
    }
}
