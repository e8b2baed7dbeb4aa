package io.ferry.predictor.lstm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.api.model.Metric;
import io.ferry.forecast.Series;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WindowsTest {

    private static Series ramp(String name, int length, double offset) {
        double[] v = new double[length];
        for (int i = 0; i < length; i++) {
            v[i] = offset + i;
        }
        return new Series(name, Metric.CPU_UTILISATION, Duration.ofSeconds(300), v);
    }

    @Test
    void everySlidingWindowOfASeriesIsCutWithTheNextSampleAsTarget() {
        List<double[]> windows = Windows.sample(List.of(ramp("a", 10, 0)), 4, 1000, new Random(1));
        assertThat(windows).hasSize(6);
        assertThat(windows.get(0)).containsExactly(0, 1, 2, 3, 4);
        assertThat(windows.get(5)).containsExactly(5, 6, 7, 8, 9);
    }

    @Test
    void aCapSamplesDistinctWindowsAndTheSameSeedSamplesTheSameOnes() {
        List<Series> series = List.of(ramp("a", 100, 0), ramp("b", 100, 1000));
        List<double[]> first = Windows.sample(series, 5, 50, new Random(9));
        List<double[]> again = Windows.sample(series, 5, 50, new Random(9));
        assertThat(first).hasSize(50);
        Set<Double> starts = new HashSet<>();
        for (int i = 0; i < first.size(); i++) {
            starts.add(first.get(i)[0]);
            assertThat(first.get(i)).containsExactly(again.get(i));
        }
        assertThat(starts).hasSize(50);
        assertThat(starts).anyMatch(s -> s >= 1000).anyMatch(s -> s < 1000);
    }

    @Test
    void validationIsHeldOutBySeriesSoNoSeriesIsOnBothSides() {
        List<Series> series = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            series.add(ramp("s" + i, 30, i * 100));
        }
        List<List<Series>> split = Windows.splitBySeries(series, 0.2, new Random(4));
        assertThat(split.get(1)).hasSize(2);
        assertThat(split.get(0)).hasSize(8).doesNotContainAnyElementsOf(split.get(1));
    }

    @Test
    void oneSeriesCannotBeSplitAndSaysSo() {
        assertThatThrownBy(() -> Windows.splitBySeries(List.of(ramp("a", 30, 0)), 0.2, new Random(1)))
                .hasMessageContaining("too little data").hasMessageContaining("1 series");
    }
}
