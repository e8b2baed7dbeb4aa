package io.ferry.forecast;

import io.ferry.api.model.Metric;
import java.util.List;

/**
 * What {@link ForecastEvaluation#evaluate} measured: the scores over every directory and per directory, in
 * predictor × horizon order, the traces of a few series for plots, and the parameters of the run. Immutable.
 *
 * @param metric      the metric forecast
 * @param predictors  the predictor labels, in the order given
 * @param horizons    the horizons, ascending
 * @param stride      every {@code stride}-th point was forecast
 * @param history     the longest window a predictor was given
 * @param start       the first window's length: the longest {@code minimumHistory()} among the predictors; no
 *                    point is scored before it
 * @param directories the directories' names, in order
 * @param seriesRead  how many series were read
 * @param seriesShort how many of those were too short for a single point (start + the longest horizon)
 * @param overall     the scores over every directory ({@link ForecastScore#ALL})
 * @param byDirectory the scores per directory, directory by directory
 * @param traces      a few series, evenly spaced through the input, for plots
 * @param failures    the first failure message of each predictor that failed, "label: message"
 */
public record ForecastResult(Metric metric, List<String> predictors, List<Integer> horizons, int stride, int history,
        int start, List<String> directories, int seriesRead, int seriesShort, List<ForecastScore> overall,
        List<ForecastScore> byDirectory, List<ForecastTrace> traces, List<String> failures) {

    /** Copies the lists. */
    public ForecastResult {
        predictors = List.copyOf(predictors);
        horizons = List.copyOf(horizons);
        directories = List.copyOf(directories);
        overall = List.copyOf(overall);
        byDirectory = List.copyOf(byDirectory);
        traces = List.copyOf(traces);
        failures = List.copyOf(failures);
    }

    /** @return the overall score of {@code predictor} at {@code horizon}, if both were evaluated */
    public java.util.Optional<ForecastScore> score(String predictor, int horizon) {
        return overall.stream().filter(s -> s.predictor().equals(predictor) && s.horizon() == horizon).findFirst();
    }
}
