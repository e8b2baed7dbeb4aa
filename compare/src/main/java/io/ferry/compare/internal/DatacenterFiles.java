package io.ferry.compare.internal;

import io.ferry.compare.DatacenterRun;
import io.ferry.datacenter.DatacenterResult;
import io.ferry.datacenter.IntervalMetrics;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.Function;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The data-centre report's renderings (see {@code io.ferry.compare.DatacenterReports} for the files' fields): one
 * list of candidate fields feeds the JSON, the CSV, the text table and the HTML table, so that they cannot drift
 * apart. Cost: O(candidates × intervals).
 */
public final class DatacenterFiles {

    private static final double GIB = 1L << 30;
    private static final String TEMPLATE = HtmlReport.template("datacenter.html");

    /**
     * One candidate figure.
     *
     * @param key       its JSON key and CSV header
     * @param value     its value (null when it does not apply)
     * @param header    its column header in the tables
     * @param cell      its value as the tables print it
     * @param pageLevel whether it applies under the page-level model only
     */
    private record Field(String key, Function<DatacenterResult, Object> value, String header,
            Function<DatacenterResult, String> cell, boolean pageLevel) {
    }

    private static final List<Field> FIELDS = List.of(
            new Field("agent", DatacenterResult::candidate, "agent", DatacenterResult::candidate, false),
            new Field("energyKWh", r -> r.day().energyKWh(), "energy kWh", r -> energy(r.day().energyKWh()), false),
            new Field("migrations", r -> r.day().migrations(), "migrations", r -> count(r.day().migrations()), false),
            new Field("slatah", r -> r.day().slatah(), "SLATAH %", r -> fixed(2, 100 * r.day().slatah()), false),
            new Field("pdm", r -> r.day().pdm(), "PDM %", r -> fixed(3, 100 * r.day().pdm()), false),
            new Field("slav", r -> r.day().slav(), "SLAV", r -> scientific(r.day().slav()), false),
            new Field("esv", r -> r.day().esv(), "ESV", r -> scientific(r.day().esv()), false),
            new Field("hostShutdowns", r -> r.day().hostShutdowns(), "shutdowns",
                    r -> count(r.day().hostShutdowns()), false),
            new Field("meanActiveHosts", r -> r.day().meanActiveHosts(), "mean active hosts",
                    r -> fixed(1, r.day().meanActiveHosts()), false),
            new Field("overloadedHostIntervals", r -> r.day().overloadedHostIntervals(), "overloaded host-intervals",
                    r -> count(r.day().overloadedHostIntervals()), false),
            new Field("refusedDecisions", r -> r.day().refusedDecisions(), "refused",
                    r -> count(r.day().refusedDecisions()), false),
            new Field("downtimeMsTotal", r -> millis(r.day().downtimeSecondsTotal()), "downtime s",
                    r -> optional(r.day().downtimeSecondsTotal(), 1, 1), true),
            new Field("slaViolatingMigrations", r -> boxed(r.day().slaViolatingMigrations()), "SLA-violating",
                    r -> r.day().slaViolatingMigrations().isPresent()
                            ? count(r.day().slaViolatingMigrations().getAsLong()) : "n/a", true),
            new Field("bytesMoved", r -> boxed(r.day().bytesMoved()), "GiB moved",
                    r -> r.day().bytesMoved().isPresent() ? fixed(1, r.day().bytesMoved().getAsLong() / GIB) : "n/a",
                    true),
            new Field("postCopyDegradedSeconds", r -> boxed(r.day().postCopyDegradedSeconds()), "post-copy degraded s",
                    r -> optional(r.day().postCopyDegradedSeconds(), 1, 1), true),
            new Field("wallSeconds", r -> round(r.wallSeconds(), 3), null, null, false));

    private static final List<String> SETUP_KEYS = List.of("workload", "hosts", "vms", "migrationModel", "policy",
            "seed", "intervalSeconds");

    private static final List<String> INTERVAL_KEYS = List.of("agent", "interval", "startSeconds", "activeHosts",
            "meanPowerWatts", "energyKWh", "migrations", "refused", "overloadedHosts", "downtimeMs", "bytesMoved");

    private DatacenterFiles() {
    }

    /** @return the candidate fields' keys, in order: the JSON objects' keys and the CSV's after the set-up */
    public static List<String> candidateKeys() {
        return FIELDS.stream().map(Field::key).toList();
    }

    /** @return the table's headers; the page-level columns only when the run has them */
    public static List<String> tableHeader(DatacenterRun run) {
        return columns(run).stream().map(Field::header).toList();
    }

    /** @return the table's cells, one list per candidate */
    public static List<List<String>> tableRows(DatacenterRun run) {
        List<Field> columns = columns(run);
        return run.results().stream().map(r -> columns.stream().map(c -> c.cell().apply(r)).toList()).toList();
    }

    /** @return the aligned text table; the page-level columns only when the run has them */
    public static String table(DatacenterRun run) {
        List<Field> columns = columns(run);
        List<String[]> lines = new ArrayList<>();
        lines.add(columns.stream().map(Field::header).toArray(String[]::new));
        for (DatacenterResult r : run.results()) {
            lines.add(columns.stream().map(c -> c.cell().apply(r)).toArray(String[]::new));
        }
        return TextTable.align(lines, i -> i > 0);
    }

    /** Writes datacenter.json; does not close {@code out}. */
    public static void writeJson(DatacenterRun run, Writer out) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("setup", setup(run));
        root.put("candidates", run.results().stream().map(DatacenterFiles::candidate).toList());
        JsonReport.writePretty(root, out);
    }

    /** Writes datacenter.csv: the set-up's fields then the candidate's, one line per candidate. */
    public static void writeCsv(DatacenterRun run, Appendable out) throws IOException {
        List<String> header = new ArrayList<>(SETUP_KEYS);
        header.addAll(candidateKeys());
        CSVPrinter printer = new CSVPrinter(out, format(header));
        Map<String, Object> setup = setup(run);
        for (DatacenterResult r : run.results()) {
            List<Object> values = new ArrayList<>(setup.values());
            values.addAll(candidate(r).values());
            printer.printRecord(values);
        }
        printer.flush();
    }

    /** Writes datacenter-intervals.csv: one line per candidate and interval, in order. */
    public static void writeIntervalsCsv(DatacenterRun run, Appendable out) throws IOException {
        CSVPrinter printer = new CSVPrinter(out, format(INTERVAL_KEYS));
        for (DatacenterResult r : run.results()) {
            for (IntervalMetrics i : r.intervals()) {
                printer.printRecord(r.candidate(), i.index(), i.startSeconds(), i.activeHosts(), i.meanPowerWatts(),
                        i.energyKWh(), i.migrations(), i.refused(), i.overloadedHosts(),
                        round(i.downtimeSeconds() * 1e3, 3), i.bytesMoved());
            }
        }
        printer.flush();
    }

    /** Writes datacenter.html; does not close {@code out}. */
    public static void writeHtml(DatacenterRun run, Map<String, String> parameters, Writer out) throws IOException {
        Map<String, String> values = new HashMap<>();
        values.put("title", HtmlReport.escape("Ferry data centre: " + run.results().size() + " candidates, "
                + run.hosts() + " hosts, " + run.vms() + " VMs, " + run.migrationModel() + " migrations"));
        Map<String, String> all = new LinkedHashMap<>(parameters);
        setup(run).forEach((k, v) -> all.putIfAbsent(k, v == null ? "n/a" : String.valueOf(v)));
        StringBuilder params = new StringBuilder();
        all.forEach((k, v) -> params.append("<dt>").append(HtmlReport.escape(k)).append("</dt><dd>")
                .append(HtmlReport.escape(v)).append("</dd>\n"));
        values.put("parameters", params.toString());
        List<Field> columns = columns(run);
        StringBuilder header = new StringBuilder();
        for (Field c : columns) {
            header.append(c.key().equals("agent") ? "<th class=\"text\">" : "<th>").append(HtmlReport.escape(
                    c.header())).append("</th>");
        }
        values.put("tableHeader", header.toString());
        StringBuilder rows = new StringBuilder();
        for (DatacenterResult r : run.results()) {
            rows.append("<tr>");
            for (Field c : columns) {
                rows.append(c.key().equals("agent") ? "<td class=\"text\">" : "<td>")
                        .append(HtmlReport.escape(c.cell().apply(r))).append("</td>");
            }
            rows.append("</tr>\n");
        }
        values.put("tableRows", rows.toString());
        values.put("data", JsonReport.scriptSafe(chartData(run)));
        values.put("chartjsVersion", HtmlReport.escape(ChartJs.version()));
        values.put("chartjs", ChartJs.script());
        out.write(HtmlReport.fill(TEMPLATE, "datacenter.html", values));
    }

    private static Map<String, Object> chartData(DatacenterRun run) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("intervalSeconds", run.intervalSeconds());
        List<Map<String, Object>> series = new ArrayList<>();
        for (DatacenterResult r : run.results()) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("agent", r.candidate());
            s.put("startSeconds", r.intervals().stream().map(IntervalMetrics::startSeconds).toList());
            s.put("activeHosts", r.intervals().stream().map(IntervalMetrics::activeHosts).toList());
            s.put("powerKilowatts", r.intervals().stream().map(i -> round(i.meanPowerWatts() / 1e3, 3)).toList());
            s.put("migrations", r.intervals().stream().map(IntervalMetrics::migrations).toList());
            series.add(s);
        }
        data.put("candidates", series);
        return data;
    }

    private static Map<String, Object> setup(DatacenterRun run) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("workload", run.workload());
        m.put("hosts", run.hosts());
        m.put("vms", run.vms());
        m.put("migrationModel", run.migrationModel());
        m.put("policy", run.policy().orElse(null));
        m.put("seed", run.seed());
        m.put("intervalSeconds", run.intervalSeconds());
        return m;
    }

    private static Map<String, Object> candidate(DatacenterResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Field f : FIELDS) {
            m.put(f.key(), f.value().apply(r));
        }
        return m;
    }

    private static List<Field> columns(DatacenterRun run) {
        boolean pageLevel = run.pageLevel();
        return FIELDS.stream().filter(f -> f.header() != null && (pageLevel || !f.pageLevel())).toList();
    }

    private static CSVFormat format(List<String> header) {
        return CSVFormat.DEFAULT.builder().setHeader(header.toArray(String[]::new)).setRecordSeparator('\n')
                .build();
    }

    private static Double millis(OptionalDouble seconds) {
        return seconds.isPresent() ? round(seconds.getAsDouble() * 1e3, 3) : null;
    }

    private static Double boxed(OptionalDouble value) {
        return value.isPresent() ? value.getAsDouble() : null;
    }

    private static Long boxed(OptionalLong value) {
        return value.isPresent() ? value.getAsLong() : null;
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }

    private static String optional(OptionalDouble value, double scale, int decimals) {
        return value.isPresent() ? fixed(decimals, value.getAsDouble() * scale) : "n/a";
    }

    private static String fixed(int decimals, double value) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    /** @return kWh with two decimals, or five below 1 kWh (a small pool's hour), so that it never reads 0.00 */
    private static String energy(double kWh) {
        return fixed(Math.abs(kWh) < 1 && kWh != 0 ? 5 : 2, kWh);
    }

    private static String scientific(double value) {
        return String.format(Locale.ROOT, "%.2e", value);
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
