package io.ferry.compare.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.ferry.compare.FidelityRow;
import io.ferry.compare.FidelitySummary;
import io.ferry.compare.ResultRow;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Function;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The fidelity report's renderings: the terminal tables (real vs simulated with errors; the real policies side by
 * side with their spread), fidelity.json (one object per scenario and policy: {@code scenario, policy, runs,
 * corruptedPages, real, simulated, realSpread, relativeError, downtimeWithinTarget}; {@code real} and
 * {@code simulated} have the keys of results.json), fidelity.csv (the same flattened, one line per row) and
 * fidelity.html (charts of real against simulated per figure, both tables, the summary). Cost: O(rows).
 */
public final class FidelityFiles {

    private static final double MIB = 1 << 20;

    private static final ObjectMapper JSON = JsonMapper.builder().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .build();
    private static final DefaultPrettyPrinter PRINTER;

    static {
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        Separators separators = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER).withArrayEmptySeparator("")
                .withObjectEmptySeparator("");
        PRINTER = new DefaultPrettyPrinter(separators).withArrayIndenter(indenter).withObjectIndenter(indenter);
    }

    private record Column(String header, boolean numeric, Function<FidelityRow, String> cell) {
    }

    private static final List<Column> COMPARISON = List.of(
            new Column("scenario", false, FidelityRow::scenario),
            new Column("policy", false, FidelityRow::policy),
            new Column("runs", true, r -> Integer.toString(r.runs())),
            new Column("technique real/sim", false, r -> Formats.technique(r.real().technique()) + "/"
                    + Formats.technique(r.simulated().technique())),
            new Column("total s real", true, r -> Formats.seconds(r.real().totalTimeMs())),
            new Column("sim", true, r -> Formats.seconds(r.simulated().totalTimeMs())),
            new Column("err", true, r -> percent(r.relativeError(FidelityRow.Figure.TOTAL_TIME))),
            new Column("pause ms real", true, r -> Formats.millis(r.real().downtimeMs())),
            new Column("sim", true, r -> Formats.millis(r.simulated().downtimeMs())),
            new Column("err", true, r -> percent(r.relativeError(FidelityRow.Figure.DOWNTIME))
                    + (r.downtimeWithinTarget() ? "" : " !")),
            new Column("MiB real", true, r -> mib(r.real().bytesSent())),
            new Column("sim", true, r -> mib(r.simulated().bytesSent())),
            new Column("err", true, r -> percent(r.relativeError(FidelityRow.Figure.BYTES))),
            new Column("rounds real", true, r -> Integer.toString(r.real().rounds())),
            new Column("sim", true, r -> Integer.toString(r.simulated().rounds())),
            new Column("corrupt", true, r -> Long.toString(r.corruptedPages())));

    private static final List<Column> REAL = List.of(
            new Column("scenario", false, FidelityRow::scenario),
            new Column("policy", false, FidelityRow::policy),
            new Column("technique", false, r -> Formats.technique(r.real().technique())),
            new Column("runs", true, r -> Integer.toString(r.runs())),
            new Column("total s median [min-max]", true, r -> Formats.seconds(r.real().totalTimeMs()) + " ["
                    + Formats.seconds(r.realSpread().totalTimeMs().min()) + "-"
                    + Formats.seconds(r.realSpread().totalTimeMs().max()) + "]"),
            new Column("pause ms median [min-max]", true, r -> Formats.millis(r.real().downtimeMs()) + " ["
                    + Formats.millis(r.realSpread().downtimeMs().min()) + "-"
                    + Formats.millis(r.realSpread().downtimeMs().max()) + "]"),
            new Column("MiB median [min-max]", true, r -> mib(r.real().bytesSent()) + " ["
                    + mib((long) r.realSpread().bytesSent().min()) + "-" + mib((long) r.realSpread().bytesSent().max())
                    + "]"),
            new Column("rounds", true, r -> Integer.toString(r.real().rounds())),
            new Column("faults", true, r -> Formats.count(r.real().postcopyFaults())),
            new Column("SLA", false, r -> Formats.sla(r.real().slaViolated())));

    private static final List<String> CSV_HEADER = List.of("scenario", "policy", "runs", "corruptedPages",
            "realTechnique", "simulatedTechnique",
            "realTotalTimeMs", "simulatedTotalTimeMs", "totalTimeError", "realTotalTimeMinMs", "realTotalTimeMaxMs",
            "realDowntimeMs", "simulatedDowntimeMs", "downtimeError", "downtimeWithinTarget", "realDowntimeMinMs",
            "realDowntimeMaxMs",
            "realBytesSent", "simulatedBytesSent", "bytesError", "realBytesMin", "realBytesMax",
            "realRounds", "simulatedRounds", "realPostcopyFaults", "simulatedPostcopyFaults");

    private FidelityFiles() {
    }

    /** @return the real vs simulated table, one line per row, with {@code !} after a pause that misses its target */
    public static String comparisonTable(List<FidelityRow> rows) {
        return render(COMPARISON, rows);
    }

    /** @return the real policies side by side: median and [min-max] of each figure over the runs */
    public static String realTable(List<FidelityRow> rows) {
        return render(REAL, rows);
    }

    /** Writes fidelity.json: a pretty-printed array, one object per row; does not close {@code out}. */
    public static void writeJson(List<FidelityRow> rows, Writer out) throws IOException {
        JSON.writer(PRINTER).writeValue(out, rows.stream().map(FidelityFiles::toMap).toList());
        out.write('\n');
    }

    /** Writes fidelity.csv: a header and one line per row; does not close {@code out}. */
    public static void writeCsv(List<FidelityRow> rows, Appendable out) throws IOException {
        CSVPrinter printer = new CSVPrinter(out, CSVFormat.DEFAULT.builder()
                .setHeader(CSV_HEADER.toArray(String[]::new)).setRecordSeparator('\n').build());
        for (FidelityRow r : rows) {
            ResultRow a = r.real();
            ResultRow b = r.simulated();
            printer.printRecord(r.scenario(), r.policy(), r.runs(), r.corruptedPages(), a.technique(), b.technique(),
                    a.totalTimeMs(), b.totalTimeMs(), error(r, FidelityRow.Figure.TOTAL_TIME),
                    r.realSpread().totalTimeMs().min(), r.realSpread().totalTimeMs().max(),
                    a.downtimeMs(), b.downtimeMs(), error(r, FidelityRow.Figure.DOWNTIME), r.downtimeWithinTarget(),
                    r.realSpread().downtimeMs().min(), r.realSpread().downtimeMs().max(),
                    a.bytesSent(), b.bytesSent(), error(r, FidelityRow.Figure.BYTES),
                    (long) r.realSpread().bytesSent().min(), (long) r.realSpread().bytesSent().max(),
                    a.rounds(), b.rounds(), a.postcopyFaults(), b.postcopyFaults());
        }
        printer.flush();
    }

    /** Writes fidelity.html; does not close {@code out}. */
    public static void writeHtml(List<FidelityRow> rows, FidelitySummary summary, Map<String, String> parameters,
            Writer out) throws IOException {
        Map<String, String> values = new HashMap<>();
        values.put("title", HtmlReport.escape("Ferry fidelity: the engine against real migrations, "
                + rows.size() + " scenario x policy rows"));
        StringBuilder params = new StringBuilder();
        parameters.forEach((k, v) -> params.append("<dt>").append(HtmlReport.escape(k)).append("</dt><dd>")
                .append(HtmlReport.escape(v)).append("</dd>\n"));
        values.put("parameters", params.toString());
        values.put("summary", HtmlReport.escape(summary.lines()));
        values.put("comparisonHeader", header(COMPARISON));
        values.put("comparisonRows", rows(COMPARISON, rows));
        values.put("realHeader", header(REAL));
        values.put("realRows", rows(REAL, rows));
        values.put("data", JsonReport.scriptSafe(rows.stream().map(FidelityFiles::toMap).toList()));
        values.put("chartjsVersion", HtmlReport.escape(ChartJs.version()));
        values.put("chartjs", ChartJs.script());
        out.write(HtmlReport.fill(TEMPLATE, "fidelity.html", values));
    }

    private static final String TEMPLATE = HtmlReport.template("fidelity.html");

    static Map<String, Object> toMap(FidelityRow r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scenario", r.scenario());
        m.put("policy", r.policy());
        m.put("runs", r.runs());
        m.put("corruptedPages", r.corruptedPages());
        m.put("real", RowFields.toMap(r.real()));
        m.put("simulated", RowFields.toMap(r.simulated()));
        Map<String, Object> spread = new LinkedHashMap<>();
        for (FidelityRow.Figure f : FidelityRow.Figure.values()) {
            FidelityRow.Range range = r.realSpread().of(f);
            spread.put(f.key(), List.of(range.min(), range.max()));
        }
        m.put("realSpread", spread);
        Map<String, Object> errors = new LinkedHashMap<>();
        for (FidelityRow.Figure f : FidelityRow.Figure.values()) {
            errors.put(f.key(), error(r, f));
        }
        m.put("relativeError", errors);
        m.put("downtimeWithinTarget", r.downtimeWithinTarget());
        return m;
    }

    private static Double error(FidelityRow r, FidelityRow.Figure f) {
        OptionalDouble e = r.relativeError(f);
        return e.isPresent() ? Math.round(e.getAsDouble() * 1e4) / 1e4 : null;
    }

    private static String percent(OptionalDouble e) {
        return e.isPresent() ? String.format(Locale.ROOT, "%+.0f%%", 100 * e.getAsDouble()) : "n/a";
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / MIB);
    }

    private static String header(List<Column> columns) {
        StringBuilder out = new StringBuilder();
        for (Column c : columns) {
            out.append(c.numeric() ? "<th>" : "<th class=\"text\">").append(HtmlReport.escape(c.header()))
                    .append("</th>");
        }
        return out.toString();
    }

    private static String rows(List<Column> columns, List<FidelityRow> rows) {
        StringBuilder out = new StringBuilder();
        for (FidelityRow r : rows) {
            out.append("<tr>");
            for (Column c : columns) {
                out.append(c.numeric() ? "<td>" : "<td class=\"text\">").append(HtmlReport.escape(c.cell().apply(r)))
                        .append("</td>");
            }
            out.append("</tr>\n");
        }
        return out.toString();
    }

    private static String render(List<Column> columns, List<FidelityRow> rows) {
        List<String[]> lines = new ArrayList<>();
        lines.add(columns.stream().map(Column::header).toArray(String[]::new));
        for (FidelityRow r : rows) {
            lines.add(columns.stream().map(c -> c.cell().apply(r)).toArray(String[]::new));
        }
        int[] widths = new int[columns.size()];
        for (String[] line : lines) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int l = 0; l < lines.size(); l++) {
            append(out, columns, lines.get(l), widths);
            if (l == 0) {
                String[] rule = new String[widths.length];
                for (int i = 0; i < widths.length; i++) {
                    rule[i] = "-".repeat(widths[i]);
                }
                append(out, columns, rule, widths);
            }
        }
        return out.toString();
    }

    private static void append(StringBuilder out, List<Column> columns, String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                line.append("  ");
            }
            String pad = " ".repeat(widths[i] - cells[i].length());
            line.append(columns.get(i).numeric() ? pad + cells[i] : cells[i] + pad);
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }
}
