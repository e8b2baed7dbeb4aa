package io.ferry.compare;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.datacenter.DatacenterResult;
import io.ferry.datacenter.DayMetrics;
import io.ferry.datacenter.IntervalMetrics;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data-centre reports: every field of the JSON and the CSVs read back, the table, the HTML page. */
class DatacenterReportsTest {

    @TempDir
    Path dir;

    private static DayMetrics cloudsimDay(double energy, long migrations) {
        return new DayMetrics(energy, migrations, 0.0491, 0.0006, 0.0491 * 0.0006, energy * 0.0491 * 0.0006, 1234,
                210.5, 77, 3, OptionalDouble.empty(), OptionalLong.empty(), OptionalLong.empty(),
                OptionalDouble.empty());
    }

    private static DayMetrics pageLevelDay(double energy, long migrations) {
        return new DayMetrics(energy, migrations, 0.05, 0.001, 5e-5, energy * 5e-5, 99, 180.25, 12, 0,
                OptionalDouble.of(12.5), OptionalLong.of(17), OptionalLong.of(5L << 30), OptionalDouble.of(42.75));
    }

    private static List<IntervalMetrics> intervals(int migrationsFirst) {
        return List.of(new IntervalMetrics(0, 0.1, 800, 80000.5, 6.67, migrationsFirst, 1, 4, 0.25, 1L << 20),
                new IntervalMetrics(1, 300.1, 420, 40000.25, 3.33, 7, 0, 2, 0, 0));
    }

    private static DatacenterRun cloudsimRun() {
        return new DatacenterRun("/data/planetlab/20110303", 800, 1052, "cloudsim", Optional.empty(), 42, 300,
                List.of(new DatacenterResult("npa", "cloudsim", cloudsimDay(2410.8, 0), intervals(0), 0.5),
                        new DatacenterResult("thr-mmt-0.8", "cloudsim", cloudsimDay(192.62, 26711), intervals(90),
                                1.25)));
    }

    private static DatacenterRun pageLevelRun() {
        return new DatacenterRun("pool sim", 4, 9, "page-level", Optional.of("precopy"), 7, 300,
                List.of(new DatacenterResult("lr-mmt-1.2", "page-level", pageLevelDay(150.5, 300), intervals(5),
                        2)));
    }

    @Test
    void writeJsonWhenCloudsimThenSetupAndEveryCandidateFieldWithPageLevelNull() throws IOException {
        StringWriter out = new StringWriter();
        DatacenterReports.writeJson(cloudsimRun(), out);

        JsonNode root = new ObjectMapper().readTree(out.toString());
        JsonNode setup = root.get("setup");
        assertThat(setup.get("workload").textValue()).isEqualTo("/data/planetlab/20110303");
        assertThat(setup.get("hosts").intValue()).isEqualTo(800);
        assertThat(setup.get("vms").intValue()).isEqualTo(1052);
        assertThat(setup.get("migrationModel").textValue()).isEqualTo("cloudsim");
        assertThat(setup.get("policy").isNull()).isTrue();
        assertThat(setup.get("seed").longValue()).isEqualTo(42);
        assertThat(setup.get("intervalSeconds").doubleValue()).isEqualTo(300);

        JsonNode candidates = root.get("candidates");
        assertThat(candidates).hasSize(2);
        JsonNode thr = candidates.get(1);
        assertThat(fieldNames(thr)).containsExactly("agent", "energyKWh", "migrations", "slatah", "pdm", "slav", "esv",
                "hostShutdowns", "meanActiveHosts", "overloadedHostIntervals", "refusedDecisions", "downtimeMsTotal",
                "slaViolatingMigrations", "bytesMoved", "postCopyDegradedSeconds", "wallSeconds");
        assertThat(thr.get("agent").textValue()).isEqualTo("thr-mmt-0.8");
        assertThat(thr.get("energyKWh").doubleValue()).isEqualTo(192.62);
        assertThat(thr.get("migrations").longValue()).isEqualTo(26711);
        assertThat(thr.get("slatah").doubleValue()).isEqualTo(0.0491);
        assertThat(thr.get("pdm").doubleValue()).isEqualTo(0.0006);
        assertThat(thr.get("slav").doubleValue()).isEqualTo(0.0491 * 0.0006);
        assertThat(thr.get("esv").doubleValue()).isEqualTo(192.62 * 0.0491 * 0.0006);
        assertThat(thr.get("hostShutdowns").longValue()).isEqualTo(1234);
        assertThat(thr.get("meanActiveHosts").doubleValue()).isEqualTo(210.5);
        assertThat(thr.get("overloadedHostIntervals").longValue()).isEqualTo(77);
        assertThat(thr.get("refusedDecisions").longValue()).isEqualTo(3);
        assertThat(thr.get("downtimeMsTotal").isNull()).isTrue();
        assertThat(thr.get("slaViolatingMigrations").isNull()).isTrue();
        assertThat(thr.get("bytesMoved").isNull()).isTrue();
        assertThat(thr.get("postCopyDegradedSeconds").isNull()).isTrue();
        assertThat(thr.get("wallSeconds").doubleValue()).isEqualTo(1.25);
        assertThat(candidates.get(0).get("agent").textValue()).isEqualTo("npa");
    }

    @Test
    void writeJsonWhenPageLevelThenThePageLevelFiguresAndThePolicy() throws IOException {
        StringWriter out = new StringWriter();
        DatacenterReports.writeJson(pageLevelRun(), out);

        JsonNode root = new ObjectMapper().readTree(out.toString());
        assertThat(root.get("setup").get("policy").textValue()).isEqualTo("precopy");
        assertThat(root.get("setup").get("migrationModel").textValue()).isEqualTo("page-level");
        JsonNode c = root.get("candidates").get(0);
        assertThat(c.get("downtimeMsTotal").doubleValue()).isEqualTo(12500);
        assertThat(c.get("slaViolatingMigrations").longValue()).isEqualTo(17);
        assertThat(c.get("bytesMoved").longValue()).isEqualTo(5L << 30);
        assertThat(c.get("postCopyDegradedSeconds").doubleValue()).isEqualTo(42.75);
    }

    @Test
    void writeCsvWhenReadBackThenSetupThenCandidateFieldsOneLineEach() throws IOException {
        StringWriter out = new StringWriter();
        DatacenterReports.writeCsv(pageLevelRun(), out);

        List<CSVRecord> records = parse(new StringReader(out.toString()));
        assertThat(records).hasSize(1);
        CSVRecord r = records.get(0);
        assertThat(r.getParser().getHeaderNames()).containsExactly("workload", "hosts", "vms", "migrationModel",
                "policy", "seed", "intervalSeconds", "agent", "energyKWh", "migrations", "slatah", "pdm", "slav", "esv",
                "hostShutdowns", "meanActiveHosts", "overloadedHostIntervals", "refusedDecisions", "downtimeMsTotal",
                "slaViolatingMigrations", "bytesMoved", "postCopyDegradedSeconds", "wallSeconds");
        assertThat(r.get("workload")).isEqualTo("pool sim");
        assertThat(r.get("hosts")).isEqualTo("4");
        assertThat(r.get("vms")).isEqualTo("9");
        assertThat(r.get("migrationModel")).isEqualTo("page-level");
        assertThat(r.get("policy")).isEqualTo("precopy");
        assertThat(r.get("seed")).isEqualTo("7");
        assertThat(Double.parseDouble(r.get("intervalSeconds"))).isEqualTo(300);
        assertThat(r.get("agent")).isEqualTo("lr-mmt-1.2");
        assertThat(Double.parseDouble(r.get("energyKWh"))).isEqualTo(150.5);
        assertThat(r.get("migrations")).isEqualTo("300");
        assertThat(Double.parseDouble(r.get("slatah"))).isEqualTo(0.05);
        assertThat(Double.parseDouble(r.get("pdm"))).isEqualTo(0.001);
        assertThat(Double.parseDouble(r.get("slav"))).isEqualTo(5e-5);
        assertThat(Double.parseDouble(r.get("esv"))).isEqualTo(150.5 * 5e-5);
        assertThat(r.get("hostShutdowns")).isEqualTo("99");
        assertThat(Double.parseDouble(r.get("meanActiveHosts"))).isEqualTo(180.25);
        assertThat(r.get("overloadedHostIntervals")).isEqualTo("12");
        assertThat(r.get("refusedDecisions")).isEqualTo("0");
        assertThat(Double.parseDouble(r.get("downtimeMsTotal"))).isEqualTo(12500);
        assertThat(r.get("slaViolatingMigrations")).isEqualTo("17");
        assertThat(r.get("bytesMoved")).isEqualTo(Long.toString(5L << 30));
        assertThat(Double.parseDouble(r.get("postCopyDegradedSeconds"))).isEqualTo(42.75);
        assertThat(Double.parseDouble(r.get("wallSeconds"))).isEqualTo(2);
    }

    @Test
    void writeCsvWhenCloudsimThenPolicyAndPageLevelCellsEmpty() throws IOException {
        StringWriter out = new StringWriter();
        DatacenterReports.writeCsv(cloudsimRun(), out);

        List<CSVRecord> records = parse(new StringReader(out.toString()));
        assertThat(records).extracting(r -> r.get("agent")).containsExactly("npa", "thr-mmt-0.8");
        CSVRecord thr = records.get(1);
        assertThat(thr.get("policy")).isEmpty();
        assertThat(thr.get("downtimeMsTotal")).isEmpty();
        assertThat(thr.get("slaViolatingMigrations")).isEmpty();
        assertThat(thr.get("bytesMoved")).isEmpty();
        assertThat(thr.get("postCopyDegradedSeconds")).isEmpty();
        assertThat(thr.get("migrations")).isEqualTo("26711");
    }

    @Test
    void writeIntervalsCsvWhenReadBackThenOneLinePerCandidateAndIntervalWithEveryField() throws IOException {
        StringWriter out = new StringWriter();
        DatacenterReports.writeIntervalsCsv(cloudsimRun(), out);

        List<CSVRecord> records = parse(new StringReader(out.toString()));
        assertThat(records.get(0).getParser().getHeaderNames()).containsExactly("agent", "interval", "startSeconds",
                "activeHosts", "meanPowerWatts", "energyKWh", "migrations", "refused", "overloadedHosts",
                "downtimeMs", "bytesMoved");
        assertThat(records).extracting(r -> r.get("agent") + "/" + r.get("interval"))
                .containsExactly("npa/0", "npa/1", "thr-mmt-0.8/0", "thr-mmt-0.8/1");
        CSVRecord first = records.get(2);
        assertThat(Double.parseDouble(first.get("startSeconds"))).isEqualTo(0.1);
        assertThat(first.get("activeHosts")).isEqualTo("800");
        assertThat(Double.parseDouble(first.get("meanPowerWatts"))).isEqualTo(80000.5);
        assertThat(Double.parseDouble(first.get("energyKWh"))).isEqualTo(6.67);
        assertThat(first.get("migrations")).isEqualTo("90");
        assertThat(first.get("refused")).isEqualTo("1");
        assertThat(first.get("overloadedHosts")).isEqualTo("4");
        assertThat(Double.parseDouble(first.get("downtimeMs"))).isEqualTo(250);
        assertThat(first.get("bytesMoved")).isEqualTo(Long.toString(1L << 20));
        assertThat(records.get(3).get("activeHosts")).isEqualTo("420");
    }

    @Test
    void tableWhenCloudsimThenNoPageLevelColumnsAndPercentages() {
        List<String> lines = DatacenterReports.table(cloudsimRun()).lines().toList();

        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).startsWith("agent").contains("energy kWh", "migrations", "SLATAH %", "PDM %",
                "SLAV", "ESV", "shutdowns", "mean active hosts", "overloaded host-intervals")
                .doesNotContain("downtime", "GiB moved");
        assertThat(lines.get(1)).matches("-+( +-+)+");
        assertThat(lines.get(3).split(" +")).containsExactly("thr-mmt-0.8", "192.62", "26,711", "4.91", "0.060",
                "2.95e-05", "5.67e-03", "1,234", "210.5", "77", "3");
    }

    @Test
    void tableHeaderAndRowsWhenCalledThenTheTablesCells() {
        DatacenterRun run = cloudsimRun();

        assertThat(DatacenterReports.tableHeader(run)).containsExactly("agent", "energy kWh", "migrations",
                "SLATAH %", "PDM %", "SLAV", "ESV", "shutdowns", "mean active hosts", "overloaded host-intervals",
                "refused");
        assertThat(DatacenterReports.tableRows(run)).hasSize(2);
        assertThat(DatacenterReports.tableRows(run).get(1)).containsExactly(DatacenterReports.table(run).lines()
                .skip(3).findFirst().orElseThrow().split(" +"));
    }

    @Test
    void tableWhenPageLevelThenTheFourPageLevelColumns() {
        List<String> lines = DatacenterReports.table(pageLevelRun()).lines().toList();

        assertThat(lines.get(0)).contains("downtime s", "SLA-violating", "GiB moved", "post-copy degraded s");
        assertThat(lines.get(2).split(" +")).containsExactly("lr-mmt-1.2", "150.50", "300", "5.00", "0.100",
                "5.00e-05", "7.53e-03", "99", "180.3", "12", "0", "12.5", "17", "5.0", "42.8");
    }

    @Test
    void writeAllWhenCalledThenFourFilesAndTheHtmlHasChartsTableAndParameters() throws IOException {
        Path out = dir.resolve("reports");
        List<Path> files = DatacenterReports.writeAll(cloudsimRun(), java.util.Map.of("command",
                "ferry datacenter --agents npa,<b>"), out);

        assertThat(files).containsExactly(out.resolve("datacenter.json"), out.resolve("datacenter.csv"),
                out.resolve("datacenter-intervals.csv"), out.resolve("datacenter.html"));
        String html = Files.readString(out.resolve("datacenter.html"));
        assertThat(html).contains("chart-hosts", "chart-power", "chart-migrations", "Chart.js v4.4.1")
                .contains("<dt>command</dt><dd>ferry datacenter --agents npa,&lt;b&gt;</dd>")
                .contains("<dt>hosts</dt><dd>800</dd>", "<dt>policy</dt><dd>n/a</dd>")
                .contains("<td class=\"text\">thr-mmt-0.8</td><td>192.62</td>")
                .contains("\"activeHosts\":[800,420]", "\"powerKilowatts\":[80.001,40.0]").doesNotContain("{{");
        assertThat(Files.readString(out.resolve("datacenter.json")))
                .isEqualTo(json(cloudsimRun()));
    }

    private static String json(DatacenterRun run) throws IOException {
        StringWriter w = new StringWriter();
        DatacenterReports.writeJson(run, w);
        return w.toString();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<CSVRecord> parse(Reader in) throws IOException {
        return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(in).getRecords();
    }
}
