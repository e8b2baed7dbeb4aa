package io.ferry.compare;

import io.ferry.compare.internal.CsvReport;
import io.ferry.compare.internal.HtmlReport;
import io.ferry.compare.internal.JsonReport;
import io.ferry.compare.internal.TextTable;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Renders a {@link Comparison} for people and for scripts: an aligned text table for a terminal,
 * {@value #JSON_FILE} (an array of row objects), {@value #CSV_FILE} (a header and one line per row, the same
 * fields) and {@value #HTML_FILE} (a self-contained page with charts that works offline).
 *
 * <p>JSON and CSV fields, in order: {@code scenario, policy, technique, memoryBytes, bandwidthBytesPerSec,
 * concurrentMigrations, downtimeBudgetMs, seed, totalTimeMs, downtimeMs, bytesSent, pagesSent, pagesResent,
 * rounds, postcopyFaults, degradedMs, faultStallMs, slaViolated, predictedTotalTimeMs, predictedDowntimeMs,
 * predictedBytes, notes}; times in milliseconds, the predictions null (an empty CSV cell) when the policy could
 * not plan. Cost: O(rows) each; the HTML page carries the ~200 KB chart library. Writers do not close the
 * streams they are given.
 */
public final class ComparisonReports {

    /** The JSON file's name. */
    public static final String JSON_FILE = "results.json";
    /** The CSV file's name. */
    public static final String CSV_FILE = "results.csv";
    /** The HTML report's name. */
    public static final String HTML_FILE = "report.html";

    private ComparisonReports() {
    }

    /**
     * @return the table: scenario, policy, technique, total s, downtime ms, GiB sent, re-sent pages, rounds,
     *         faults, degraded s and SLA ({@code ok} or {@code VIOLATED}); each line ends in a newline
     */
    public static String table(Comparison comparison) {
        return TextTable.render(comparison);
    }

    /** Writes the rows as a pretty-printed JSON array. */
    public static void writeJson(Comparison comparison, Writer out) throws IOException {
        JsonReport.write(comparison, out);
    }

    /** Writes the rows as CSV with a header line. */
    public static void writeCsv(Comparison comparison, Writer out) throws IOException {
        CsvReport.write(comparison, out);
    }

    /**
     * Writes the HTML report.
     *
     * @param parameters what produced the comparison, shown in the page in this order (for example
     *                   {@code command -> ferry compare --suite standard}); the seed, policies and scenarios are
     *                   added when absent
     */
    public static void writeHtml(Comparison comparison, Map<String, String> parameters, Writer out)
            throws IOException {
        HtmlReport.write(comparison, parameters, out);
    }

    /**
     * Writes {@value #JSON_FILE}, {@value #CSV_FILE} and {@value #HTML_FILE} into {@code directory}, creating it
     * when needed and replacing files of those names.
     *
     * @return the files written
     */
    public static ReportFiles writeAll(Comparison comparison, Map<String, String> parameters, Path directory)
            throws IOException {
        Files.createDirectories(directory);
        ReportFiles files = new ReportFiles(directory.resolve(JSON_FILE), directory.resolve(CSV_FILE),
                directory.resolve(HTML_FILE));
        try (Writer out = Files.newBufferedWriter(files.json(), StandardCharsets.UTF_8)) {
            writeJson(comparison, out);
        }
        try (Writer out = Files.newBufferedWriter(files.csv(), StandardCharsets.UTF_8)) {
            writeCsv(comparison, out);
        }
        try (Writer out = Files.newBufferedWriter(files.html(), StandardCharsets.UTF_8)) {
            writeHtml(comparison, parameters, out);
        }
        return files;
    }
}
