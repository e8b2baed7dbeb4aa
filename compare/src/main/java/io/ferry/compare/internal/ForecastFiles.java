package io.ferry.compare.internal;

import io.ferry.forecast.ForecastResult;
import io.ferry.forecast.ForecastScore;
import io.ferry.forecast.ForecastTrace;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The forecast evaluation's renderings (see {@code io.ferry.compare.ForecastReports} for the files' fields): one
 * row map per score feeds forecast.json, forecast.csv and the HTML page's data block, written with this
 * package's JSON, CSV and HTML machinery. Cost: O(scores + traced samples).
 */
public final class ForecastFiles {

    /** The predictor every other one is compared with, when it was evaluated. */
    public static final String REFERENCE = "last-value";

    private static final String TEMPLATE = HtmlReport.template("forecast.html");

    private static final List<String> COLUMNS = List.of("directory", "predictor", "horizon", "mae", "maeStdError",
            "rmse", "bias", "maeVsLastValue", "samples", "series", "failures");

    private static final CSVFormat CSV = CSVFormat.DEFAULT.builder()
            .setHeader(COLUMNS.toArray(String[]::new))
            .setRecordSeparator('\n')
            .build();

    private ForecastFiles() {
    }

    /** @return the overall scores' table, then each directory's when there are several, then the failures */
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
        JsonReport.writePretty(json, out);
    }

    /** Writes forecast.csv, overall rows first; flushes but does not close {@code out}. */
    public static void writeCsv(ForecastResult result, Appendable out) throws IOException {
        CSVPrinter printer = new CSVPrinter(out, CSV);
        List<ForecastScore> all = new ArrayList<>(result.overall());
        all.addAll(result.byDirectory());
        for (Map<String, Object> row : rows(all, true)) {
            List<Object> cells = new ArrayList<>();
            for (String c : COLUMNS) {
                cells.add(row.get(c));
            }
            printer.printRecord(cells);
        }
        printer.flush();
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

    /** Writes the HTML report; does not close {@code out}. */
    public static void writeHtml(ForecastResult result, Map<String, String> parameters, Writer out) throws IOException {
        Map<String, String> values = new HashMap<>();
        values.put("title", HtmlReport.escape("Ferry forecast: " + String.join(", ", result.predictors()) + " on "
                + result.metric() + ", " + String.join(", ", result.directories())));
        StringBuilder params = new StringBuilder();
        Map<String, String> all = new LinkedHashMap<>(parameters);
        all.putIfAbsent("metric", result.metric().name());
        all.putIfAbsent("horizons", result.horizons().toString());
        all.putIfAbsent("stride", Integer.toString(result.stride()));
        all.putIfAbsent("first point", "after " + result.start() + " samples (the longest history a predictor needs)");
        all.putIfAbsent("series", result.seriesRead() + " read, " + result.seriesShort() + " too short");
        all.forEach((k, v) -> params.append("<dt>").append(HtmlReport.escape(k)).append("</dt><dd>")
                .append(HtmlReport.escape(v)).append("</dd>\n"));
        values.put("parameters", params.toString());
        values.put("table", HtmlReport.escape(table(result)));
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
        values.put("data", JsonReport.scriptSafe(data));
        values.put("chartjsVersion", HtmlReport.escape(ChartJs.version()));
        values.put("chartjs", ChartJs.script());
        out.write(HtmlReport.fill(TEMPLATE, "forecast.html", values));
    }
}
