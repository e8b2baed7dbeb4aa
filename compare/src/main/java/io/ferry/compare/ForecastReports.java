package io.ferry.compare;

import io.ferry.compare.internal.ForecastFiles;
import io.ferry.forecast.ForecastEvaluation;
import io.ferry.forecast.ForecastResult;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes what a {@link ForecastEvaluation} measured, beside the other reports Ferry writes: a text table for the
 * terminal, {@value #JSON_FILE} (one object per predictor × horizon in {@code results}, per directory in
 * {@code byDirectory}), {@value #CSV_FILE} (one row per scope × predictor × horizon) and {@value #HTML_FILE} (one
 * self-contained page, Chart.js inlined: MAE per predictor and horizon, forecast against actual for the traced
 * series, the error table and the parameters). Where {@value #REFERENCE} was evaluated, each score also gives its
 * MAE relative to last value at the same horizon. NaN (no sample) is written as JSON {@code null} and an empty CSV
 * cell. Used by {@code ./ferry forecast}. Cost: O(scores + traced samples), plus the ~200 KB library.
 */
public final class ForecastReports {

    /** The predictor every other one is compared with, when it was evaluated. */
    public static final String REFERENCE = ForecastFiles.REFERENCE;
    /** The JSON file's name. */
    public static final String JSON_FILE = "forecast.json";
    /** The CSV file's name. */
    public static final String CSV_FILE = "forecast.csv";
    /** The HTML report's name. */
    public static final String HTML_FILE = "report.html";

    private ForecastReports() {
    }

    /**
     * @param result what was measured
     * @return the overall scores, then each directory's when there are several: predictor, horizon, MAE ± its
     *         standard error, RMSE, bias, MAE relative to last value, samples, series, failures
     */
    public static String table(ForecastResult result) {
        return ForecastFiles.table(result);
    }

    /**
     * Writes {@value #JSON_FILE}, {@value #CSV_FILE} and {@value #HTML_FILE} into {@code dir} (which must exist).
     *
     * @param parameters what produced the result, in order (the command line, the model files)
     * @return the three paths
     * @throws IOException when a file cannot be written
     */
    public static ForecastReportFiles writeAll(ForecastResult result, Map<String, String> parameters, Path dir)
            throws IOException {
        ForecastReportFiles files = new ForecastReportFiles(dir.resolve(JSON_FILE), dir.resolve(CSV_FILE),
                dir.resolve(HTML_FILE));
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

    /** Writes {@value #JSON_FILE}; does not close {@code out}. */
    public static void writeJson(ForecastResult result, Map<String, String> parameters, Writer out) throws IOException {
        ForecastFiles.writeJson(result, parameters, out);
    }

    /** Writes {@value #CSV_FILE}, overall rows first (directory {@code all}); does not close {@code out}. */
    public static void writeCsv(ForecastResult result, Appendable out) throws IOException {
        ForecastFiles.writeCsv(result, out);
    }

    /** Writes {@value #HTML_FILE}; does not close {@code out}. */
    public static void writeHtml(ForecastResult result, Map<String, String> parameters, Writer out) throws IOException {
        ForecastFiles.writeHtml(result, parameters, out);
    }
}
