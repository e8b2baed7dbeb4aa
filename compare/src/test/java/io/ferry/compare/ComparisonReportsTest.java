package io.ferry.compare;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComparisonReportsTest {

    private static final List<String> KEYS = List.of("scenario", "policy", "technique", "memoryBytes",
            "bandwidthBytesPerSec", "concurrentMigrations", "downtimeBudgetMs", "seed", "totalTimeMs", "downtimeMs",
            "bytesSent", "pagesSent", "pagesResent", "rounds", "postcopyFaults", "degradedMs", "faultStallMs",
            "slaViolated", "predictedTotalTimeMs", "predictedDowntimeMs", "predictedBytes", "notes");
    private static final String HOSTILE = "</script><img src=x onerror=alert(1)> & \"q\"";

    private static Comparison smoke;

    @TempDir
    Path dir;

    @BeforeAll
    static void runSmoke() throws InterruptedException {
        smoke = new ComparisonRunner().run(ScenarioSuites.byName("smoke").orElseThrow(), Policies.all(), 42);
    }

    /** A hand-made comparison with a hostile scenario name, a missing prediction and notes. */
    private static Comparison hostile() {
        ResultRow row = new ResultRow(HOSTILE, "precopy", "PRE_COPY", 1L << 30, 1.25e8, 1, 300, 7, 9_000.5, 450.25,
                1_200_000_000L, 290_000, 27_856, 5, 0, 0, 0, true, Optional.empty(),
                List.of("policy could not plan: <oops>", "round limit"));
        return new Comparison(7, List.of(HOSTILE), List.of("precopy"), List.of(row));
    }

    private static Map<String, Object> expected(ResultRow r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scenario", r.scenario());
        m.put("policy", r.policy());
        m.put("technique", r.technique());
        m.put("memoryBytes", r.memoryBytes());
        m.put("bandwidthBytesPerSec", r.bandwidthBytesPerSec());
        m.put("concurrentMigrations", r.concurrentMigrations());
        m.put("downtimeBudgetMs", r.downtimeBudgetMs());
        m.put("seed", r.seed());
        m.put("totalTimeMs", r.totalTimeMs());
        m.put("downtimeMs", r.downtimeMs());
        m.put("bytesSent", r.bytesSent());
        m.put("pagesSent", r.pagesSent());
        m.put("pagesResent", r.pagesResent());
        m.put("rounds", r.rounds());
        m.put("postcopyFaults", r.postcopyFaults());
        m.put("degradedMs", r.degradedMs());
        m.put("faultStallMs", r.faultStallMs());
        m.put("slaViolated", r.slaViolated());
        m.put("predictedTotalTimeMs", r.predicted().map(ResultRow.Prediction::totalTimeMs).orElse(null));
        m.put("predictedDowntimeMs", r.predicted().map(ResultRow.Prediction::downtimeMs).orElse(null));
        m.put("predictedBytes", r.predicted().map(ResultRow.Prediction::bytesSent).orElse(null));
        m.put("notes", r.notes());
        return m;
    }

    private static Object plain(JsonNode node) {
        if (node.isNull()) {
            return null;
        } else if (node.isArray()) {
            List<Object> out = new ArrayList<>();
            node.forEach(n -> out.add(plain(n)));
            return out;
        } else if (node.isTextual()) {
            return node.textValue();
        } else if (node.isBoolean()) {
            return node.booleanValue();
        } else if (node.isIntegralNumber()) {
            return node.canConvertToInt() ? (Object) node.intValue() : (Object) node.longValue();
        }
        return node.doubleValue();
    }

    private static List<String> keysOf(JsonNode object) {
        List<String> keys = new ArrayList<>();
        Iterator<String> names = object.fieldNames();
        names.forEachRemaining(keys::add);
        return keys;
    }

    @Test
    void writeJsonThenEveryRowHasTheKeysInOrderWithTheRowsValues() throws IOException {
        StringWriter out = new StringWriter();

        ComparisonReports.writeJson(smoke, out);

        JsonNode array = new ObjectMapper().readTree(out.toString());
        assertThat(array.isArray()).isTrue();
        assertThat(array).hasSize(smoke.rows().size());
        for (int i = 0; i < array.size(); i++) {
            JsonNode object = array.get(i);
            assertThat(keysOf(object)).containsExactlyElementsOf(KEYS);
            Map<String, Object> want = expected(smoke.rows().get(i));
            for (String key : KEYS) {
                Object got = plain(object.get(key));
                Object w = want.get(key);
                if (w instanceof Number n && got instanceof Number g) {
                    assertThat(g.doubleValue()).as(key).isEqualTo(n.doubleValue());
                } else {
                    assertThat(got).as(key).isEqualTo(w);
                }
            }
        }
        assertThat(out.toString()).startsWith("[\n  {\n    \"scenario\": \"smoke-idle\",\n").endsWith("  }\n]\n");
    }

    @Test
    void writeJsonWhenPredictionMissingThenPredictedFieldsAreNull() throws IOException {
        StringWriter out = new StringWriter();

        ComparisonReports.writeJson(hostile(), out);

        JsonNode row = new ObjectMapper().readTree(out.toString()).get(0);
        assertThat(row.get("predictedTotalTimeMs").isNull()).isTrue();
        assertThat(row.get("predictedDowntimeMs").isNull()).isTrue();
        assertThat(row.get("predictedBytes").isNull()).isTrue();
        assertThat(row.get("scenario").textValue()).isEqualTo(HOSTILE);
        assertThat(row.get("notes")).hasSize(2);
    }

    @Test
    void writeCsvThenHeaderIsTheJsonKeysAndOneRecordPerRow() throws IOException {
        StringWriter out = new StringWriter();

        ComparisonReports.writeCsv(smoke, out);

        String csv = out.toString();
        assertThat(csv.lines().findFirst().orElseThrow()).isEqualTo(String.join(",", KEYS));
        List<CSVRecord> records;
        try (Reader in = new StringReader(csv)) {
            records = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(in)
                    .getRecords();
        }
        assertThat(records).hasSize(smoke.rows().size());
        ResultRow first = smoke.rows().get(0);
        assertThat(records.get(0).get("scenario")).isEqualTo(first.scenario());
        assertThat(Double.parseDouble(records.get(0).get("downtimeMs"))).isEqualTo(first.downtimeMs());
        assertThat(Long.parseLong(records.get(0).get("bytesSent"))).isEqualTo(first.bytesSent());
    }

    @Test
    void writeCsvWhenTextHasCommasQuotesAndNotesThenQuotedAndJoined() throws IOException {
        StringWriter out = new StringWriter();

        ComparisonReports.writeCsv(hostile(), out);

        CSVRecord record = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build()
                .parse(new StringReader(out.toString())).getRecords().get(0);
        assertThat(record.get("scenario")).isEqualTo(HOSTILE);
        assertThat(record.get("predictedBytes")).isEmpty();
        assertThat(record.get("notes")).isEqualTo("policy could not plan: <oops> | round limit");
    }

    @Test
    void writeHtmlThenChartLibraryIsInlinedAndNothingIsFetched() throws IOException {
        StringWriter out = new StringWriter();

        ComparisonReports.writeHtml(smoke, Map.of("command", "ferry compare --suite smoke"), out);

        String html = out.toString();
        assertThat(html).contains("Chart.js v4.4.1").contains("new Chart(").hasSizeGreaterThan(200_000);
        assertThat(html).doesNotContain("<script src=").doesNotContain("<link ").doesNotContain("sourceMappingURL");
        assertThat(html).contains("<dt>command</dt><dd>ferry compare --suite smoke</dd>")
                .contains("<dt>seed</dt><dd>42</dd>");
        for (ResultRow row : smoke.rows()) {
            assertThat(html).contains("<td class=\"text\">" + row.scenario() + "</td><td class=\"text\">"
                    + row.policy() + "</td>");
        }
    }

    @Test
    void writeHtmlWhenNamesAreHostileThenTheyAreEscapedInTableParametersAndData() throws IOException {
        StringWriter out = new StringWriter();

        ComparisonReports.writeHtml(hostile(), Map.of("scenario file", "<b>x</b>.json"), out);

        String html = out.toString();
        assertThat(html).doesNotContain(HOSTILE).doesNotContain("<img").doesNotContain("<b>x</b>");
        assertThat(html).contains("&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; &amp; &quot;q&quot;")
                .contains("&lt;b&gt;x&lt;/b&gt;.json")
                .contains("policy could not plan: &lt;oops&gt;; round limit");
        String data = html.substring(html.indexOf("id=\"ferry-data\">"), html.indexOf("</script>",
                html.indexOf("id=\"ferry-data\">")));
        assertThat(data).contains("\\u003C/script\\u003E\\u003Cimg src=x onerror=alert(1)\\u003E \\u0026 \\\"q\\\"");
        JsonNode parsed = new ObjectMapper().readTree(data.substring(data.indexOf('>') + 1));
        assertThat(parsed.get("scenarios").get(0).textValue()).isEqualTo(HOSTILE);
        assertThat(parsed.get("rows").get(0).get("downtimeMs").doubleValue()).isEqualTo(450.25);
        assertThat(html).contains("<tr class=\"violated\">");
    }

    @Test
    void tableThenColumnsAreAlignedWithOneLinePerRow() {
        String table = ComparisonReports.table(smoke);

        List<String> lines = table.lines().toList();
        assertThat(lines).hasSize(2 + smoke.rows().size());
        assertThat(lines.get(0)).startsWith("scenario").contains("policy", "technique", "total s", "downtime ms",
                "GiB sent", "re-sent pages", "rounds", "faults", "degraded s", "SLA");
        assertThat(lines.get(1)).matches("[- ]+");
        int downtimeEnd = lines.get(0).indexOf("downtime ms") + "downtime ms".length();
        for (String line : lines.subList(2, lines.size())) {
            assertThat(line.charAt(downtimeEnd - 1)).as(line).isNotEqualTo(' ');
            assertThat(line.charAt(downtimeEnd)).as(line).isEqualTo(' ');
            assertThat(line).matches(".*  (ok|VIOLATED)$");
        }
        assertThat(lines.get(2)).startsWith("smoke-idle     precopy   pre-copy");
    }

    @Test
    void tableWhenSlaViolatedThenSaysViolatedAndFormatsUnits() {
        String row = ComparisonReports.table(hostile()).lines().skip(2).findFirst().orElseThrow();

        assertThat(row).startsWith(HOSTILE).contains("  precopy  pre-copy  ").contains(" 9.00 ").contains(" 450.3 ")
                .contains(" 1.12 ").contains(" 27,856 ").endsWith("VIOLATED");
    }

    @Test
    void writeAllThenWritesTheThreeFilesIntoANewDirectory() throws IOException {
        Path out = dir.resolve("a/b");

        ReportFiles files = ComparisonReports.writeAll(smoke, Map.of(), out);

        assertThat(files.all()).containsExactly(out.resolve("results.json"), out.resolve("results.csv"),
                out.resolve("report.html"));
        assertThat(files.all()).allSatisfy(f -> assertThat(f).isRegularFile());
        assertThat(Files.readString(files.csv(), StandardCharsets.UTF_8).lines()).hasSize(1 + smoke.rows().size());
        assertThat(Files.size(files.html())).isGreaterThan(200_000);
    }
}
