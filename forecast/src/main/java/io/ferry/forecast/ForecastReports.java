package io.ferry.forecast;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.ferry.forecast.internal.ChartJs;
import io.ferry.forecast.internal.Html;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Writes what a {@link ForecastEvaluation} measured: a text table for the terminal, forecast.json (Jackson; one
 * object per predictor × horizon in {@code results}, per directory in {@code byDirectory}), forecast.csv (one
 * row per scope × predictor × horizon) and report.html (one self-contained page, Chart.js inlined: MAE per
 * predictor and horizon, forecast against actual for the traced series, the error table and the parameters).
 * Where {@value #REFERENCE} was evaluated, each score also gives its MAE relative to last value at the same
 * horizon. NaN (no sample) is written as JSON {@code null} and an empty CSV cell. Cost: O(scores + traced
 * samples), plus the ~200 KB library.
 */
public final class ForecastReports {

    /** The predictor every other one is compared with, when it was evaluated. */
    public static final String REFERENCE = "last-value";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .enable(SerializationFeature.INDENT_OUTPUT).build();

    private static final List<String> COLUMNS = List.of("directory", "predictor", "horizon", "mae", "maeStdError",
            "rmse", "bias", "maeVsLastValue", "samples", "series", "failures");

    private ForecastReports() {
    }

    /**
     * @param result what was measured
     * @return the overall scores, then each directory's when there are several: predictor, horizon, MAE ± its
     *         standard error, RMSE, bias, MAE relative to last value, samples, series, failures
     */
    public static String table(ForecastResult result) {
        StringBuilder out = new StringBuilder();
        table(out, "all " + result.directories().size() + " director" + (result.directories().size() == 1 ? "y" : "ies"),
                result.overall());
        if (result.directories().size() > 1) {
            for (String d : result.directories()) {
                out.append('\n');
                table(out, d, result.byDirectory().stream().filter(s -> s.scope().equals(d)).toList());
            }
        }
        for (String f : result.failures()) {
            out.append("failed: ").append(f).append('\n');
        }
        return out.toString();
    }

    private static void table(StringBuilder out, String title, List<ForecastScore> scores) {
        int width = Math.max(9, scores.stream().mapToInt(s -> s.predictor().length()).max().orElse(9));
        out.append(title).append('\n');
        out.append(String.format(Locale.ROOT, "%-" + width + "s %3s %9s %9s %9s %10s %8s %9s %6s %8s%n", "predictor",
                "h", "MAE", "±SE", "RMSE", "bias", "vs LV", "samples", "series", "failures"));
        for (ForecastScore s : scores) {
            out.append(String.format(Locale.ROOT, "%-" + width + "s %3d %9s %9s %9s %10s %8s %9d %6d %8d%n",
                    s.predictor(), s.horizon(), number(s.mae()), number(s.maeStdError()), number(s.rmse()),
                    number(s.bias()), relative(scores, s).map(r -> String.format(Locale.ROOT, "%+.1f%%", 100 * r))
                            .orElse("-"),
                    s.samples(), s.series(), s.failures()));
        }
    }

    /** Five decimals for fractions (CPU), one for rates in the thousands (pages per second). */
    private static String number(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.1f" : "%.5f", v);
    }

    /** @return (MAE − MAE of last value) / MAE of last value, same scope and horizon, when both exist */
    static Optional<Double> relative(List<ForecastScore> scores, ForecastScore s) {
        return scores.stream()
                .filter(o -> o.predictor().equals(REFERENCE) && o.horizon() == s.horizon() && o.scope().equals(s.scope()))
                .findFirst().filter(o -> o.mae() > 0 && !Double.isNaN(s.mae()))
                .map(o -> (s.mae() - o.mae()) / o.mae());
    }

    /**
     * Writes forecast.json, forecast.csv and report.html into {@code dir} (which must exist).
     *
     * @param parameters what produced the result, in order (the command line, the model files)
     * @return the three paths
     * @throws IOException when a file cannot be written
     */
    public static ForecastFiles writeAll(ForecastResult result, Map<String, String> parameters, Path dir) throws IOException {
        ForecastFiles files = new ForecastFiles(dir.resolve("forecast.json"), dir.resolve("forecast.csv"), dir.resolve("report.html"));
        try (Writer w = Files.newBufferedWriter(files.json(), StandardCharsets.UTF_8)) {
            writeJson(result, parameters, w);
        }
        try (Writer w = Files.newBufferedWriter(files.csv(), StandardCharsets.UTF_8)) {
            writeCsv(result, w);
        }
        try (Writer w = Files.newBufferedWriter(files.html(), StandardCharsets.UTF_8)) {
            writeHtml(result, parameters, w);
        }
        return files;
    }

    /** Writes forecast.json; does not close {@code out}. */
    public static void writeJson(ForecastResult result, Map<String, String> parameters, Writer out) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("metric", result.metric().name());
        json.put("predictors", result.predictors());
        json.put("horizons", result.horizons());
        json.put("stride", result.stride());
        json.put("history", result.history());
        json.put("start", result.start());
        json.put("directories", result.directories());
        json.put("seriesRead", result.seriesRead());
        json.put("seriesTooShort", result.seriesShort());
        json.put("parameters", parameters);
        json.put("results", rows(result.overall(), false));
        json.put("byDirectory", rows(result.byDirectory(), true));
        json.put("failures", result.failures());
        JSON.writeValue(out, json);
        out.write('\n');
    }

    /** Writes forecast.csv, overall rows first (directory {@value ForecastScore#ALL}); does not close {@code out}. */
    public static void writeCsv(ForecastResult result, Writer out) throws IOException {
        CsvSchema.Builder b = CsvSchema.builder();
        COLUMNS.forEach(b::addColumn);
        CsvMapper mapper = new CsvMapper();
        mapper.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        try (SequenceWriter w = mapper.writer(b.build().withHeader()).writeValues(out)) {
            List<ForecastScore> all = new ArrayList<>(result.overall());
            all.addAll(result.byDirectory());
            for (Map<String, Object> row : rows(all, true)) {
                Map<String, Object> cells = new LinkedHashMap<>();
                for (String c : COLUMNS) {
                    Object v = row.get(c);
                    cells.put(c, v == null ? "" : v);
                }
                w.write(cells);
            }
        }
    }

    private static List<Map<String, Object>> rows(List<ForecastScore> scores, boolean withScope) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ForecastScore s : scores) {
            Map<String, Object> row = new LinkedHashMap<>();
            if (withScope) {
                row.put("directory", s.scope());
            }
            row.put("predictor", s.predictor());
            row.put("horizon", s.horizon());
            row.put("mae", finite(s.mae()));
            row.put("maeStdError", finite(s.maeStdError()));
            row.put("rmse", finite(s.rmse()));
            row.put("bias", finite(s.bias()));
            row.put("maeVsLastValue", relative(scores, s).orElse(null));
            row.put("samples", s.samples());
            row.put("series", s.series());
            row.put("failures", s.failures());
            rows.add(row);
        }
        return rows;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /** Writes report.html; does not close {@code out}. */
    public static void writeHtml(ForecastResult result, Map<String, String> parameters, Writer out) throws IOException {
        Map<String, String> values = new HashMap<>();
        values.put("title", Html.escape("Ferry forecast: " + String.join(", ", result.predictors()) + " on "
                + result.metric() + ", " + String.join(", ", result.directories())));
        StringBuilder params = new StringBuilder();
        Map<String, String> all = new LinkedHashMap<>(parameters);
        all.putIfAbsent("metric", result.metric().name());
        all.putIfAbsent("horizons", result.horizons().toString());
        all.putIfAbsent("stride", Integer.toString(result.stride()));
        all.putIfAbsent("first point", "after " + result.start() + " samples (the longest history a predictor needs)");
        all.putIfAbsent("series", result.seriesRead() + " read, " + result.seriesShort() + " too short");
        all.forEach((k, v) -> params.append("<dt>").append(Html.escape(k)).append("</dt><dd>").append(Html.escape(v))
                .append("</dd>\n"));
        values.put("parameters", params.toString());
        values.put("table", Html.escape(table(result)));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("predictors", result.predictors());
        data.put("horizons", result.horizons());
        data.put("results", rows(result.overall(), false));
        List<Map<String, Object>> traces = new ArrayList<>();
        for (ForecastTrace t : result.traces()) {
            Map<String, Object> trace = new LinkedHashMap<>();
            trace.put("series", t.series());
            trace.put("actual", t.actual());
            List<Integer> targets = new ArrayList<>();
            for (int i = 0; i < t.points(); i++) {
                targets.add(t.target(i, t.horizons().get(0)));
            }
            trace.put("targets", targets);
            Map<String, List<List<Double>>> forecasts = new LinkedHashMap<>();
            for (String label : result.predictors()) {
                List<List<Double>> byHorizon = new ArrayList<>();
                for (int b = 0; b < t.horizons().size(); b++) {
                    List<Double> points = new ArrayList<>();
                    for (int i = 0; i < t.points(); i++) {
                        points.add(finite(t.forecast(label, b, i)));
                    }
                    byHorizon.add(points);
                }
                forecasts.put(label, byHorizon);
            }
            trace.put("forecasts", forecasts);
            traces.add(trace);
        }
        data.put("traces", traces);
        values.put("data", Html.scriptJson(data));
        values.put("chartjsVersion", Html.escape(ChartJs.version()));
        values.put("chartjs", ChartJs.script());
        out.write(Html.fill(Html.template(), values));
    }
}
