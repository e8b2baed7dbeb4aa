package io.ferry.compare;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.api.Predictor;
import io.ferry.api.model.Forecast;
import io.ferry.api.model.Metric;
import io.ferry.api.model.MetricWindow;
import io.ferry.forecast.ForecastEvaluation;
import io.ferry.forecast.ForecastResult;
import io.ferry.forecast.Series;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForecastReportsTest {

    private record Constant(String name, double value) implements Predictor {
        @Override
        public Metric metric() {
            return Metric.CPU_UTILISATION;
        }

        @Override
        public int minimumHistory() {
            return 1;
        }

        @Override
        public Forecast forecast(MetricWindow w, int horizon) {
            double[] mean = new double[horizon];
            for (int i = 0; i < horizon; i++) {
                mean[i] = name.equals("last-value") ? w.latest() : value;
            }
            return new Forecast(name, metric(), w.step(), mean);
        }
    }

    private static ForecastResult result() throws InterruptedException {
        Map<String, Predictor> p = new LinkedHashMap<>();
        p.put("last-value", new Constant("last-value", 0));
        p.put("half</script>", new Constant("half", 0.5));
        Series s = new Series("day/<vm>", Metric.CPU_UTILISATION, Duration.ofSeconds(300),
                new double[] {0.2, 0.4, 0.6, 0.8, 1.0});
        return new ForecastEvaluation(List.of(1, 2), 1, 1, 288, 4).evaluate(p, Map.of("day", List.of(s)),
                Metric.CPU_UTILISATION);
    }

    @Test
    void forecastJsonHasOneObjectPerPredictorAndHorizonWithTheRequiredFields(@TempDir Path dir) throws Exception {
        ForecastReportFiles files = ForecastReports.writeAll(result(), Map.of("command", "ferry forecast"), dir);
        JsonNode json = new ObjectMapper().readTree(files.json().toFile());
        assertThat(json.get("results")).hasSize(4);
        JsonNode first = json.get("results").get(0);
        assertThat(first.get("predictor").asText()).isEqualTo("last-value");
        assertThat(first.get("horizon").asInt()).isEqualTo(1);
        // a ramp by 0.2: last value errs by 0.2 one step ahead, over windows ending after samples 0..2
        assertThat(first.get("mae").asDouble()).isCloseTo(0.2, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(first.get("rmse").asDouble()).isCloseTo(0.2, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(first.get("samples").asLong()).isEqualTo(3);
        assertThat(first.get("series").asInt()).isEqualTo(1);
        assertThat(first.get("maeStdError").isNull()).isTrue();
        assertThat(json.get("byDirectory").get(0).get("directory").asText()).isEqualTo("day");
    }

    @Test
    void theCsvHasAHeaderAndOneRowPerScopePredictorAndHorizon(@TempDir Path dir) throws Exception {
        ForecastReportFiles files = ForecastReports.writeAll(result(), Map.of(), dir);
        List<String> lines = Files.readAllLines(files.csv());
        assertThat(lines.get(0)).isEqualTo(
                "directory,predictor,horizon,mae,maeStdError,rmse,bias,maeVsLastValue,samples,series,failures");
        assertThat(lines).hasSize(1 + 4 + 4);
        assertThat(lines.get(1)).startsWith("all,last-value,1,");
    }

    @Test
    void theHtmlReportIsFilledAndEscapesNamesFromOutside(@TempDir Path dir) throws Exception {
        ForecastReportFiles files = ForecastReports.writeAll(result(), Map.of("command", "ferry forecast"), dir);
        String html = Files.readString(files.html());
        assertThat(html).doesNotContain("{{").contains("Chart.js 4.4.1").contains("day/\\u003Cvm\\u003E")
                .contains("half&lt;/script&gt;").doesNotContain("half</script>");
    }

    @Test
    void theTableComparesWithLastValueAtTheSameHorizon() throws Exception {
        String table = ForecastReports.table(result());
        assertThat(table).contains("last-value").contains("+0.0%");
        // the constant 0.5 against 0.4, 0.6, 0.8 one step ahead: MAE (0.1 + 0.1 + 0.3) / 3, 1/6 below last value's 0.2
        assertThat(table.lines().filter(l -> l.startsWith("half</script>   1")).findFirst().orElseThrow())
                .contains("0.16667").contains("-16.7%");
    }
}
