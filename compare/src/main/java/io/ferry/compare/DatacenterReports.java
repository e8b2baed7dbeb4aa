package io.ferry.compare;

import io.ferry.compare.internal.DatacenterFiles;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Renders a data-centre comparison ({@link DatacenterRun}: candidates side by side on one day) for people and
 * scripts: an aligned text table, {@value #JSON_FILE}, {@value #CSV_FILE}, {@value #INTERVALS_CSV_FILE} and
 * {@value #HTML_FILE}. Used by {@code ./ferry datacenter} and the shell's {@code migration:compare --datacenter}.
 *
 * <p>{@value #JSON_FILE} is one object: {@code setup} ({@code workload, hosts, vms, migrationModel, policy, seed,
 * intervalSeconds}; {@code policy} null under {@code cloudsim}) and {@code candidates}, one object per candidate
 * with {@code agent, energyKWh, migrations, slatah, pdm, slav, esv, hostShutdowns, meanActiveHosts,
 * overloadedHostIntervals, refusedDecisions, downtimeMsTotal, slaViolatingMigrations, bytesMoved,
 * postCopyDegradedSeconds, wallSeconds}; SLATAH and PDM are shares in [0, 1] (the table prints them as
 * percentages); the four page-level figures are null under {@code cloudsim}. {@value #CSV_FILE} has the same
 * candidate fields, one line each, after the set-up's fields. {@value #INTERVALS_CSV_FILE}: one line per
 * candidate and interval ({@code agent, interval, startSeconds, activeHosts, meanPowerWatts, energyKWh,
 * migrations, refused, overloadedHosts, downtimeMs, bytesMoved}). {@value #HTML_FILE}: active hosts, power and
 * migrations over the day per candidate, the metric table and the parameters; works offline.
 *
 * <p>Cost: O(candidates × intervals); the HTML page carries the ~200 KB chart library. Writers do not close the
 * streams they are given.
 */
public final class DatacenterReports {

    /** The JSON file's name. */
    public static final String JSON_FILE = "datacenter.json";
    /** The per-candidate CSV file's name. */
    public static final String CSV_FILE = "datacenter.csv";
    /** The per-interval CSV file's name. */
    public static final String INTERVALS_CSV_FILE = "datacenter-intervals.csv";
    /** The HTML report's name. */
    public static final String HTML_FILE = "datacenter.html";

    private DatacenterReports() {
    }

    /**
     * @return the table, one line per candidate: agent, energy kWh, migrations, SLATAH %, PDM %, SLAV, ESV, host
     *         shutdowns, mean active hosts, overloaded host-intervals, refused decisions, and under page-level
     *         downtime s, SLA-violating migrations, GiB moved and post-copy degraded s; each line ends in a newline
     */
    public static String table(DatacenterRun run) {
        return DatacenterFiles.table(run);
    }

    /** @return the table's column headers, as {@link #table} prints them (for a shell's own table renderer) */
    public static List<String> tableHeader(DatacenterRun run) {
        return DatacenterFiles.tableHeader(run);
    }

    /** @return the table's cells, one list per candidate, in the order of {@link #tableHeader} */
    public static List<List<String>> tableRows(DatacenterRun run) {
        return DatacenterFiles.tableRows(run);
    }

    /** Writes {@value #JSON_FILE}'s contents. */
    public static void writeJson(DatacenterRun run, Writer out) throws IOException {
        DatacenterFiles.writeJson(run, out);
    }

    /** Writes {@value #CSV_FILE}'s contents. */
    public static void writeCsv(DatacenterRun run, Appendable out) throws IOException {
        DatacenterFiles.writeCsv(run, out);
    }

    /** Writes {@value #INTERVALS_CSV_FILE}'s contents. */
    public static void writeIntervalsCsv(DatacenterRun run, Appendable out) throws IOException {
        DatacenterFiles.writeIntervalsCsv(run, out);
    }

    /**
     * Writes {@value #HTML_FILE}'s contents.
     *
     * @param parameters what produced the run, shown in this order (e.g. {@code command -> ferry datacenter ...});
     *                   the set-up is added after them
     */
    public static void writeHtml(DatacenterRun run, Map<String, String> parameters, Writer out) throws IOException {
        DatacenterFiles.writeHtml(run, parameters, out);
    }

    /**
     * Writes the four files into {@code directory}, creating it when needed and replacing files of those names.
     *
     * @param parameters what produced the run, shown in the HTML page in this order
     * @return the files written: JSON, CSV, intervals CSV, HTML
     */
    public static List<Path> writeAll(DatacenterRun run, Map<String, String> parameters, Path directory)
            throws IOException {
        Files.createDirectories(directory);
        Path json = directory.resolve(JSON_FILE);
        Path csv = directory.resolve(CSV_FILE);
        Path intervals = directory.resolve(INTERVALS_CSV_FILE);
        Path html = directory.resolve(HTML_FILE);
        try (Writer out = Files.newBufferedWriter(json, StandardCharsets.UTF_8)) {
            writeJson(run, out);
        }
        try (Writer out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            writeCsv(run, out);
        }
        try (Writer out = Files.newBufferedWriter(intervals, StandardCharsets.UTF_8)) {
            writeIntervalsCsv(run, out);
        }
        try (Writer out = Files.newBufferedWriter(html, StandardCharsets.UTF_8)) {
            writeHtml(run, parameters, out);
        }
        return List.of(json, csv, intervals, html);
    }
}
