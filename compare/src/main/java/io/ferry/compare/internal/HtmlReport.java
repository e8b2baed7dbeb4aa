package io.ferry.compare.internal;

import io.ferry.compare.Comparison;
import io.ferry.compare.ResultRow;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes report.html: one self-contained page (Chart.js inlined, no network) with grouped bar charts of
 * downtime (with the budget marked), total time and bytes sent per scenario and policy, a logarithmic axis
 * where values span two orders of magnitude, then the full table and the parameters of the run. Every text
 * from outside (scenario and policy names, notes, parameters) is HTML-escaped in the page and JSON-escaped for
 * the charts' data block. Cost: O(rows), plus the ~200 KB library.
 */
public final class HtmlReport {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\w+)}}");
    /** A line {@code {{>name}}}: the fragment {@code name} next to this class, shared by the reports' pages. */
    private static final Pattern INCLUDE = Pattern.compile("(?m)^\\{\\{>([\\w.-]+)}}\n");
    private static final String TEMPLATE = template("report.html");

    private record Column(String header, boolean text, Function<ResultRow, String> cell) {
    }

    private static final List<Column> COLUMNS = List.of(
            new Column("scenario", true, ResultRow::scenario),
            new Column("policy", true, ResultRow::policy),
            new Column("technique", true, r -> Formats.technique(r.technique())),
            new Column("total s", false, r -> Formats.seconds(r.totalTimeMs())),
            new Column("downtime ms", false, r -> Formats.millis(r.downtimeMs())),
            new Column("budget ms", false, r -> Formats.millis(r.downtimeBudgetMs())),
            new Column("GiB sent", false, r -> Formats.gib(r.bytesSent())),
            new Column("pages sent", false, r -> Formats.count(r.pagesSent())),
            new Column("re-sent pages", false, r -> Formats.count(r.pagesResent())),
            new Column("rounds", false, r -> Integer.toString(r.rounds())),
            new Column("faults", false, r -> Formats.count(r.postcopyFaults())),
            new Column("degraded s", false, r -> Formats.seconds(r.degradedMs())),
            new Column("stalled s", false, r -> Formats.seconds(r.faultStallMs())),
            new Column("VMs", false, r -> Integer.toString(r.concurrentMigrations())),
            new Column("SLA", true, r -> Formats.sla(r.slaViolated())),
            new Column("predicted total s", false,
                    r -> r.predicted().map(p -> Formats.seconds(p.totalTimeMs())).orElse("n/a")),
            new Column("predicted downtime ms", false,
                    r -> r.predicted().map(p -> Formats.millis(p.downtimeMs())).orElse("n/a")),
            new Column("predicted GiB", false,
                    r -> r.predicted().map(p -> Formats.gib(p.bytesSent())).orElse("n/a")),
            new Column("notes", true, r -> String.join("; ", r.notes())));

    private HtmlReport() {
    }

    /**
     * @param parameters what produced the comparison, shown in order (e.g. the command line, the seed)
     */
    public static void write(Comparison comparison, Map<String, String> parameters, Writer out) throws IOException {
        Map<String, String> values = new HashMap<>();
        values.put("title", escape("Ferry comparison: " + comparison.policies().size() + " policies on "
                + comparison.scenarios().size() + " scenarios, seed " + comparison.seed()));
        values.put("parameters", parameters(comparison, parameters));
        values.put("tableHeader", header());
        values.put("tableRows", rows(comparison));
        values.put("data", JsonReport.forScript(comparison));
        values.put("chartjsVersion", escape(ChartJs.version()));
        values.put("chartjs", ChartJs.script());
        out.write(fill(values));
    }

    /** Replaces the template's placeholders in one pass, so that no inserted text is itself expanded. */
    private static String fill(Map<String, String> values) {
        return fill(TEMPLATE, "report.html", values);
    }

    /** Fills {@code template}'s {@code {{name}}} placeholders in one pass; every placeholder needs a value. */
    static String fill(String template, String templateName, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder page = new StringBuilder(template.length() + values.get("chartjs").length() + 65_536);
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalStateException(templateName + ": no value for {{" + m.group(1) + "}}");
            }
            m.appendReplacement(page, Matcher.quoteReplacement(value));
        }
        m.appendTail(page);
        return page.toString();
    }

    /**
     * @return the template resource {@code name} next to this class, each {@code {{>fragment}}} line replaced by
     *         that fragment (the page head and the scripts' start the reports share)
     */
    static String template(String name) {
        Matcher m = INCLUDE.matcher(resource(name));
        StringBuilder page = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(page, Matcher.quoteReplacement(resource(m.group(1))));
        }
        m.appendTail(page);
        return page.toString();
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " template is missing from the compare bundle");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String parameters(Comparison comparison, Map<String, String> parameters) {
        StringBuilder out = new StringBuilder();
        Map<String, String> all = new LinkedHashMap<>(parameters);
        all.putIfAbsent("seed", Long.toString(comparison.seed()));
        all.putIfAbsent("policies", String.join(", ", comparison.policies()));
        all.putIfAbsent("scenarios", String.join(", ", comparison.scenarios()));
        all.forEach((k, v) -> out.append("<dt>").append(escape(k)).append("</dt><dd>").append(escape(v))
                .append("</dd>\n"));
        return out.toString();
    }

    private static String header() {
        StringBuilder out = new StringBuilder();
        for (Column c : COLUMNS) {
            out.append(c.text() ? "<th class=\"text\">" : "<th>").append(escape(c.header())).append("</th>");
        }
        return out.toString();
    }

    private static String rows(Comparison comparison) {
        StringBuilder out = new StringBuilder();
        for (ResultRow row : comparison.rows()) {
            out.append(row.slaViolated() ? "<tr class=\"violated\">" : "<tr>");
            for (Column c : COLUMNS) {
                String cls = c.header().equals("notes") ? "notes" : c.header().equals("SLA") ? "text sla"
                        : c.text() ? "text" : null;
                out.append(cls == null ? "<td>" : "<td class=\"" + cls + "\">").append(escape(c.cell().apply(row)))
                        .append("</td>");
            }
            out.append("</tr>\n");
        }
        return out.toString();
    }

    /** @return {@code text} safe as HTML element content or a quoted attribute value */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
