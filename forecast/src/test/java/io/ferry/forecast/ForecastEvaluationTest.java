package io.ferry.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.ferry.api.Predictor;
import io.ferry.api.model.Forecast;
import io.ferry.api.model.Metric;
import io.ferry.api.model.MetricWindow;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ForecastEvaluationTest {

    /** Forecasts the newest sample plus {@code offset}; needs {@code history} samples; throws on a newest of 99. */
    private record Shifted(String name, int minimumHistory, double offset) implements Predictor {
        @Override
        public Metric metric() {
            return Metric.CPU_UTILISATION;
        }

        @Override
        public Forecast forecast(MetricWindow w, int horizon) {
            if (w.size() < minimumHistory) {
                throw new IllegalArgumentException("short window " + w.size());
            }
            if (w.latest() == 99) {
                throw new IllegalArgumentException("cannot forecast after 99");
            }
            double[] mean = new double[horizon];
            Arrays.fill(mean, w.latest() + offset);
            return new Forecast(name, metric(), w.step(), mean);
        }
    }

    private static Series series(String name, double... values) {
        return new Series(name, Metric.CPU_UTILISATION, Duration.ofSeconds(300), values);
    }

    private static Map<String, List<Series>> one(Series... s) {
        return Map.of("day", List.of(s));
    }

    private static ForecastEvaluation evaluation(List<Integer> horizons, int stride, int threads) {
        return new ForecastEvaluation(horizons, stride, threads, 288, 1);
    }

    @Test
    void lastValueOnARampErrsByMinusTheHorizonAtEveryPoint() throws Exception {
        ForecastResult r = evaluation(List.of(1, 2), 1, 1).evaluate(Map.of("lv", new Shifted("lv", 1, 0)),
                one(series("ramp", 0, 1, 2, 3, 4, 5)), Metric.CPU_UTILISATION);
        ForecastScore h1 = r.score("lv", 1).orElseThrow();
        ForecastScore h2 = r.score("lv", 2).orElseThrow();
        // windows end after samples 0..3 (the longest horizon, 2, must fit): 4 points for both horizons
        assertThat(h1.samples()).isEqualTo(4);
        assertThat(h2.samples()).isEqualTo(4);
        assertThat(h1.mae()).isEqualTo(1.0);
        assertThat(h1.rmse()).isEqualTo(1.0);
        assertThat(h1.bias()).isEqualTo(-1.0);
        assertThat(h2.mae()).isEqualTo(2.0);
        assertThat(h2.bias()).isEqualTo(-2.0);
        assertThat(h1.maeStdError()).isNaN(); // one series: no spread to estimate
    }

    @Test
    void everyPredictorIsScoredAtTheSamePointsFromTheLongestHistoryNeeded() throws Exception {
        Map<String, Predictor> predictors = new LinkedHashMap<>();
        predictors.put("short", new Shifted("short", 1, 0));
        predictors.put("long", new Shifted("long", 4, 0.5));
        ForecastResult r = evaluation(List.of(1), 1, 1).evaluate(predictors,
                one(series("ramp", 0, 1, 2, 3, 4, 5, 6, 7)), Metric.CPU_UTILISATION);
        assertThat(r.start()).isEqualTo(4);
        // windows end after samples 3..6: 4 points each
        assertThat(r.score("short", 1).orElseThrow().samples()).isEqualTo(4);
        assertThat(r.score("long", 1).orElseThrow().samples()).isEqualTo(4);
        assertThat(r.score("long", 1).orElseThrow().mae()).isEqualTo(0.5);
        assertThat(r.score("long", 1).orElseThrow().failures()).isZero();
    }

    @Test
    void aPredictorThatThrowsAtAPointCountsAFailureThereAndTheRunGoesOn() throws Exception {
        ForecastResult r = evaluation(List.of(1), 1, 1).evaluate(Map.of("lv", new Shifted("lv", 1, 0)),
                one(series("spiky", 1, 99, 1, 99, 1)), Metric.CPU_UTILISATION);
        ForecastScore s = r.score("lv", 1).orElseThrow();
        assertThat(s.failures()).isEqualTo(2);
        assertThat(s.samples()).isEqualTo(2);
        assertThat(s.mae()).isEqualTo(98.0);
        assertThat(r.failures()).containsExactly("lv: spiky at sample 2: cannot forecast after 99");
    }

    @Test
    void strideForecastsEveryKthPoint() throws Exception {
        double[] values = new double[101];
        ForecastResult r = evaluation(List.of(1), 10, 1).evaluate(Map.of("lv", new Shifted("lv", 1, 0)),
                one(series("flat", values)), Metric.CPU_UTILISATION);
        // windows end after samples 0, 10, …, 90 (100 is the last sample, forecast from 99)
        assertThat(r.score("lv", 1).orElseThrow().samples()).isEqualTo(10);
    }

    @Test
    void theStandardErrorIsClusteredBySeries() throws Exception {
        // series a: last value errs by 1 at both points; series b: by 3 at both points
        ForecastResult r = evaluation(List.of(1), 1, 1).evaluate(Map.of("lv", new Shifted("lv", 1, 0)),
                one(series("a", 0, 1, 2), series("b", 0, 3, 6)), Metric.CPU_UTILISATION);
        ForecastScore s = r.score("lv", 1).orElseThrow();
        assertThat(s.mae()).isEqualTo(2.0);
        // A = {2, 6}, n = {2, 2}: sqrt(2/1 × ((2 − 4)² + (6 − 4)²)) / 4 = sqrt(16) / 4 = 1
        assertThat(s.maeStdError()).isCloseTo(1.0, within(1e-12));
        assertThat(s.series()).isEqualTo(2);
    }

    @Test
    void theResultIsTheSameWhateverTheThreadCount() throws Exception {
        Series[] many = new Series[20];
        for (int i = 0; i < many.length; i++) {
            double[] v = new double[50];
            for (int j = 0; j < v.length; j++) {
                v[j] = Math.abs(Math.sin(i * 7 + j * 0.3));
            }
            many[i] = series("s" + i, v);
        }
        Map<String, Predictor> p = Map.of("lv", new Shifted("lv", 3, 0));
        ForecastResult one = evaluation(List.of(1, 3), 1, 1).evaluate(p, one(many), Metric.CPU_UTILISATION);
        ForecastResult three = evaluation(List.of(1, 3), 1, 3).evaluate(p, one(many), Metric.CPU_UTILISATION);
        assertThat(three.overall()).isEqualTo(one.overall());
    }

    @Test
    void scoresArePerDirectoryAndOverall() throws Exception {
        Map<String, List<Series>> dirs = new LinkedHashMap<>();
        dirs.put("d1", List.of(series("a", 0, 1, 2)));
        dirs.put("d2", List.of(series("b", 0, 3, 6)));
        ForecastResult r = evaluation(List.of(1), 1, 1).evaluate(Map.of("lv", new Shifted("lv", 1, 0)), dirs,
                Metric.CPU_UTILISATION);
        assertThat(r.byDirectory()).extracting(ForecastScore::scope, ForecastScore::mae)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("d1", 1.0), org.assertj.core.groups.Tuple.tuple("d2", 3.0));
        assertThat(r.overall()).extracting(ForecastScore::scope).containsExactly(ForecastScore.ALL);
    }

    @Test
    void seriesTooShortForOnePointAreCountedAndSkipped() throws Exception {
        ForecastResult r = evaluation(List.of(3), 1, 1).evaluate(Map.of("lv", new Shifted("lv", 1, 0)),
                one(series("short", 1, 2), series("long", 1, 2, 3, 4, 5)), Metric.CPU_UTILISATION);
        assertThat(r.seriesShort()).isEqualTo(1);
        assertThat(r.score("lv", 3).orElseThrow().series()).isEqualTo(1);
    }

    @Test
    void noSeriesLongEnoughIsRefusedSayingHowManySamplesAPointNeeds() {
        assertThatThrownBy(() -> evaluation(List.of(6), 1, 1).evaluate(Map.of("lv", new Shifted("lv", 10, 0)),
                one(series("short", 1, 2, 3)), Metric.CPU_UTILISATION))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("workload: no series holds the 16 samples one point needs (10 of history + horizon 6)");
    }

    @Test
    void aPredictorOfAnotherMetricIsRefusedNamingIt() {
        assertThatThrownBy(() -> evaluation(List.of(1), 1, 1).evaluate(Map.of("lv", new Shifted("lv", 1, 0)),
                one(series("a", 1, 2, 3)), Metric.DIRTY_PAGES_PER_SECOND))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("predictor lv forecasts CPU_UTILISATION, not DIRTY_PAGES_PER_SECOND");
    }

    @Test
    void badParametersAreRefusedInOneLine() {
        assertThatThrownBy(() -> evaluation(List.of(0), 1, 1)).hasMessage("horizons = [0]: every horizon must be >= 1");
        assertThatThrownBy(() -> evaluation(List.of(1), 0, 1)).hasMessage("stride = 0: must be >= 1");
        assertThatThrownBy(() -> evaluation(List.of(1), 1, 0)).hasMessage("threads = 0: must be >= 1");
    }

    @Test
    void aTracedSeriesHoldsEachPredictorsForecastAtEachHorizon() throws Exception {
        ForecastResult r = evaluation(List.of(1, 2), 1, 1).evaluate(Map.of("lv", new Shifted("lv", 1, 0)),
                one(series("ramp", 0, 1, 2, 3, 4, 5)), Metric.CPU_UTILISATION);
        ForecastTrace t = r.traces().get(0);
        assertThat(t.points()).isEqualTo(4);
        assertThat(t.target(0, 1)).isEqualTo(1);
        assertThat(t.target(0, 2)).isEqualTo(2);
        assertThat(t.forecast("lv", 1, 3)).isEqualTo(3.0);
    }
}
