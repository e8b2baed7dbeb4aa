package io.ferry.compare;

import io.ferry.compare.internal.FidelityFiles;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Renders a fidelity run (real migrations against the engine, {@link FidelityRow}s) for people and scripts: two
 * aligned text tables (real vs simulated with the relative error of each figure; the real policies side by side,
 * median and range over the runs), the {@link FidelitySummary} against the targets, and three files:
 * {@value #JSON_FILE} (one object per scenario and policy: {@code scenario, policy, runs, corruptedPages, real,
 * simulated, realSpread, relativeError, downtimeWithinTarget}, where {@code real} and {@code simulated} carry the
 * keys of {@link ComparisonReports}' results.json), {@value #CSV_FILE} (the same, flattened) and {@value #HTML_FILE}
 * (charts of real against simulated per figure, the tables and the summary; works offline). Cost: O(rows). Writers
 * do not close the streams they are given.
 */
public final class FidelityReports {

    /** The JSON file's name. */
    public static final String JSON_FILE = "fidelity.json";
    /** The CSV file's name. */
    public static final String CSV_FILE = "fidelity.csv";
    /** The HTML report's name. */
    public static final String HTML_FILE = "fidelity.html";

    private FidelityReports() {
    }

    /** @return the real vs simulated table; a pause that misses its target is marked {@code !} */
    public static String comparisonTable(List<FidelityRow> rows) {
        return FidelityFiles.comparisonTable(rows);
    }

    /** @return the real migrations' table: each policy's median and [min-max] per figure */
    public static String realTable(List<FidelityRow> rows) {
        return FidelityFiles.realTable(rows);
    }

    /** Writes {@value #JSON_FILE}'s contents. */
    public static void writeJson(List<FidelityRow> rows, Writer out) throws IOException {
        FidelityFiles.writeJson(rows, out);
    }

    /** Writes {@value #CSV_FILE}'s contents. */
    public static void writeCsv(List<FidelityRow> rows, Writer out) throws IOException {
        FidelityFiles.writeCsv(rows, out);
    }

    /**
     * Writes the three files into {@code directory}, creating it when needed and replacing files of those names.
     *
     * @param parameters what produced the run, shown in the HTML page in this order
     * @return the files written: JSON, CSV, HTML
     */
    public static List<Path> writeAll(List<FidelityRow> rows, Map<String, String> parameters, Path directory)
            throws IOException {
        Files.createDirectories(directory);
        Path json = directory.resolve(JSON_FILE);
        Path csv = directory.resolve(CSV_FILE);
        Path html = directory.resolve(HTML_FILE);
        try (Writer out = Files.newBufferedWriter(json, StandardCharsets.UTF_8)) {
            writeJson(rows, out);
        }
        try (Writer out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            writeCsv(rows, out);
        }
        try (Writer out = Files.newBufferedWriter(html, StandardCharsets.UTF_8)) {
            FidelityFiles.writeHtml(rows, FidelitySummary.of(rows), parameters, out);
        }
        return List.of(json, csv, html);
    }
}
