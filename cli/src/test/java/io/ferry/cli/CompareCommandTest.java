package io.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CompareCommandTest {

    @TempDir
    Path dir;

    private static Run run(String... args) {
        return Run.of(new CommandLine(new FerryCli()), args);
    }

    private Path out() {
        return dir.resolve("out");
    }

    /** Asserts a usage error: status 2, exactly {@code message} on stderr, nothing on stdout, no files. */
    private void assertUsageError(Run r, String message) {
        assertThat(r.err()).isEqualTo(message + System.lineSeparator());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(out()).doesNotExist();
    }

    private Path scenarioFile(String json) throws IOException {
        Path file = dir.resolve("web-vm.json");
        Files.writeString(file, json);
        return file;
    }

    @Test
    void compareWhenSmokeSuiteThenExitsZeroPrintsTableAndWritesTheThreeFiles() {
        Run r = run("compare", "--policies", "precopy,postcopy,hybrid", "--suite", "smoke", "--seed", "42",
                "--out", out().toString());

        assertThat(r.exit()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).startsWith("scenario").contains("downtime ms", "SLA");
        assertThat(lines).filteredOn(l -> l.startsWith("smoke-")).hasSize(9);
        Path abs = out().toAbsolutePath().normalize();
        assertThat(lines).endsWith("wrote " + abs.resolve("results.json"), "wrote " + abs.resolve("results.csv"),
                "wrote " + abs.resolve("report.html"));
        assertThat(out().resolve("results.json")).isRegularFile();
        assertThat(out().resolve("results.csv")).isRegularFile();
        assertThat(out().resolve("report.html")).isRegularFile().content().contains("Chart.js v4.4.1")
                .contains("<dt>command</dt><dd>ferry compare --policies precopy,postcopy,hybrid --suite smoke");
        // runs go in parallel, so their start lines may interleave
        assertThat(r.err().lines().toList()).containsExactlyInAnyOrder(
                "[1/9] smoke-idle · precopy", "[2/9] smoke-idle · postcopy", "[3/9] smoke-idle · hybrid",
                "[4/9] smoke-writer · precopy", "[5/9] smoke-writer · postcopy", "[6/9] smoke-writer · hybrid",
                "[7/9] smoke-hot-set · precopy", "[8/9] smoke-hot-set · postcopy", "[9/9] smoke-hot-set · hybrid");
    }

    @Test
    void compareWhenDefaultsThenAllThreePoliciesAndQuietHasNoProgress() {
        Run r = run("compare", "--suite", "smoke", "--out", out().toString(), "--quiet");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out().lines().filter(l -> l.startsWith("smoke-idle")).map(l -> l.split("\\s+")[1]))
                .containsExactly("precopy", "postcopy", "hybrid");
    }

    @Test
    void compareWhenFormatJsonThenStdoutIsTheJsonAndPathsGoToStderr() throws IOException {
        Run r = run("compare", "--suite", "smoke", "--policies", "postcopy", "--out", out().toString(), "-q",
                "--format", "json");

        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode rows = new ObjectMapper().readTree(r.out());
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).get("policy").textValue()).isEqualTo("postcopy");
        assertThat(r.out()).isEqualTo(Files.readString(out().resolve("results.json")));
        assertThat(r.err().lines()).hasSize(3).allMatch(l -> l.startsWith("wrote "));
    }

    @Test
    void compareWhenScenarioFileThenRunsIt() throws IOException {
        Path file = scenarioFile("{\"memoryMiB\": 128, \"link\": {\"bandwidthGbps\": 1}, "
                + "\"dirtying\": {\"model\": \"uniform\", \"pagesPerSecond\": 5000}}");

        Run r = run("compare", "--scenario", file.toString(), "--policies", "precopy,hybrid", "--out",
                out().toString());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().lines().filter(l -> l.startsWith("web-vm"))).hasSize(2);
        assertThat(r.err()).contains("[1/2] web-vm · precopy");
    }

    @Test
    void compareWhenSettingGivenThenThePolicyRunsWithIt() {
        Run r = run("compare", "--suite", "smoke", "--policies", "precopy", "--set", "precopy.maxRounds=1",
                "--set", "precopy.stopWithinBudget=false", "--out", out().toString(), "-q");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().lines().filter(l -> l.startsWith("smoke-")).map(l -> l.split("\\s+")[7]))
                .containsOnly("1");
        assertThat(out().resolve("report.html")).content()
                .contains("<dt>settings</dt><dd>precopy.maxRounds=1, precopy.stopWithinBudget=false</dd>");
    }

    // --- usage errors: one line on stderr, status 2, nothing written

    @Test
    void compareWhenPolicyUnknownThenOneLineListingKnownPolicies() {
        assertUsageError(run("compare", "--policies", "precopy,foo", "--suite", "smoke", "--out", out().toString()),
                "unknown policy \"foo\" in --policies: known policies are hybrid, postcopy, precopy");
    }

    @Test
    void compareWhenPolicyRepeatedThenOneLine() {
        assertUsageError(run("compare", "--policies", "precopy,precopy", "--suite", "smoke", "--out",
                out().toString()), "--policies = precopy,precopy: \"precopy\" appears twice");
    }

    @Test
    void compareWhenSuiteUnknownThenOneLineListingKnownSuites() {
        assertUsageError(run("compare", "--suite", "bar", "--out", out().toString()),
                "unknown suite \"bar\": known suites are quick-tcg, smoke, standard, standard-tcg, validation-tcg");
    }

    @Test
    void compareWhenOutIsEmptyThenRefusedInOneLineBeforeTheRun() {
        Run r = run("compare", "--suite", "smoke", "--out", "");

        assertThat(r.err()).isEqualTo("--out = '': must name a directory (for example --out out/compare)"
                + System.lineSeparator());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void compareWhenOutIsAFileThenRefusedInOneLineBeforeTheRun() throws IOException {
        Path file = Files.writeString(dir.resolve("taken"), "x");

        assertOutRefused(run("compare", "--suite", "smoke", "--out", file.toString()),
                "--out = " + file + ": is a file, not a directory");
        assertThat(file).hasContent("x");
    }

    @Test
    void compareWhenOutLiesUnderAFileThenRefusedInOneLineWithoutJavaNames() throws IOException {
        Path file = Files.writeString(dir.resolve("taken"), "x");
        Path under = file.resolve("sub");

        assertOutRefused(run("compare", "--suite", "smoke", "--out", under.toString()),
                "--out = " + under + ": cannot write there: " + file + " is a file, not a directory");
    }

    @Test
    void compareWhenOutIsAnUnwritableDirectoryThenRefusedInOneLineBeforeTheRun() throws IOException {
        Path locked = Files.createDirectory(dir.resolve("locked"));
        Files.setPosixFilePermissions(locked, java.nio.file.attribute.PosixFilePermissions.fromString("r-xr-xr-x"));
        // root writes anywhere it has permission bits for; sysfs refuses even root
        Path unwritable = Files.isWritable(locked) ? Path.of("/sys") : locked;
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(unwritable), "no unwritable directory");

        Run r = run("compare", "--suite", "smoke", "--out", unwritable.toString());

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("--out = " + unwritable + ": cannot write there: ")
                .doesNotContain("Exception", "java.").hasLineCount(1);
    }

    @Test
    void compareWhenAScenarioCannotFitTheMemoryLimitThenOneLineNamingTheLimitBeforeTheRun() throws IOException {
        // 64 concurrent migrations of 1 TiB with page-level statistics: about 200 GiB of page state
        Path file = scenarioFile("{\"name\": \"huge\", \"memoryGiB\": 1024, \"link\": {\"bandwidthGbps\": 10}, "
                + "\"dirtying\": {\"model\": \"uniform\", \"pagesPerSecond\": 1000}, \"concurrentMigrations\": 64}");

        Run r = run("compare", "--policies", "hybrid", "--scenario", file.toString(), "--out", out().toString());

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).hasLineCount(1).startsWith("scenario huge with policy hybrid needs about ")
                .contains("of heap for the engine's page state (64 concurrent migrations of 1024.0 GiB), more than "
                        + "the comparison's memory limit of ");
    }

    /** Asserts an --out refusal: status 2, exactly {@code message} on stderr (no progress: nothing ran). */
    private static void assertOutRefused(Run r, String message) {
        assertThat(r.err()).isEqualTo(message + System.lineSeparator());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void compareWhenSuiteAndScenarioBothGivenThenOneLine() throws IOException {
        Path file = scenarioFile("{}");

        assertUsageError(run("compare", "--suite", "smoke", "--scenario", file.toString(), "--out",
                out().toString()), "--suite and --scenario are both given: give exactly one");
    }

    @Test
    void compareWhenNeitherSuiteNorScenarioThenOneLine() {
        assertUsageError(run("compare", "--out", out().toString()),
                "give exactly one of --suite NAME or --scenario FILE");
    }

    @Test
    void compareWhenSeedNotAnIntegerThenOneLine() {
        assertUsageError(run("compare", "--suite", "smoke", "--seed", "x", "--out", out().toString()),
                "--seed = x: must be an integer");
    }

    @Test
    void compareWhenFormatUnknownThenOneLine() {
        assertUsageError(run("compare", "--suite", "smoke", "--format", "xml", "--out", out().toString()),
                "--format = xml: must be one of table, json, csv");
    }

    @Test
    void compareWhenScenarioFileInvalidThenItsOneLineMessage() throws IOException {
        Path file = scenarioFile("{\"memoryGiB\": 1, \"link\": {\"bandwidthGbps\": -1}, \"dirtying\": {\"model\": \"idle\"}}");

        assertUsageError(run("compare", "--scenario", file.toString(), "--out", out().toString()),
                file + ": link.bandwidthGbps = -1: must be > 0");
    }

    @Test
    void compareWhenSettingOutOfRangeThenPolicysMessageNamesTheSetting() {
        assertUsageError(run("compare", "--suite", "smoke", "--set", "hybrid.thetaLinkFraction=20", "--out",
                out().toString()), "--set hybrid.thetaLinkFraction = 20.0: must be in [0.01, 10.0]");
    }

    @Test
    void compareWhenSettingValueHasWrongTypeThenOneLine() {
        assertUsageError(run("compare", "--suite", "smoke", "--set", "hybrid.maxPreCopyRounds=many", "--out",
                out().toString()), "--set hybrid.maxPreCopyRounds = many: must be an integer");
    }

    @Test
    void compareWhenSettingKeyUnknownThenListsThePolicysKeys() {
        assertUsageError(run("compare", "--suite", "smoke", "--set", "precopy.maxRound=3", "--out",
                out().toString()), "--set precopy.maxRound: unknown setting of policy precopy (known: maxRounds, "
                        + "stopWithinBudget, targetDirtyPages)");
    }

    @Test
    void compareWhenSettingPolicyUnknownThenOneLine() {
        assertUsageError(run("compare", "--suite", "smoke", "--set", "foo.x=1", "--out", out().toString()),
                "unknown policy \"foo\" in --set foo.x=1: known policies are hybrid, postcopy, precopy");
    }

    @Test
    void compareWhenSettingPolicyNotSelectedThenOneLine() {
        assertUsageError(run("compare", "--suite", "smoke", "--policies", "precopy", "--set", "hybrid.prepageWindow=0",
                "--out", out().toString()),
                "--set hybrid.prepageWindow=0: policy hybrid is not among --policies (precopy)");
    }

    @Test
    void compareWhenSettingMalformedThenShowsTheForm() {
        assertUsageError(run("compare", "--suite", "smoke", "--set", "thetaLinkFraction=0.6", "--out",
                out().toString()),
                "--set = thetaLinkFraction=0.6: must be POLICY.KEY=VALUE, e.g. hybrid.thetaLinkFraction=0.6");
    }

    @Test
    void mainCommandLineWhenOptionUnknownThenOneLineAndStatusTwo() {
        Run r = Run.ferry("compare", "--suit", "smoke");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("Unknown options: '--suit', 'smoke'; did you mean --suite? (see: ferry compare --help)"
                + System.lineSeparator());
    }

    @Test
    void listSettingsThenEveryPolicysKeysWithDefaults() {
        Run r = run("compare", "--list-settings");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("hybrid:\n", "postcopy:\n", "precopy:\n")
                .contains("--set hybrid.thetaLinkFraction=0.5  (Double) When thetaPagesPerSecond is 0")
                .contains("--set precopy.maxRounds=5  (Integer)")
                .contains("--set postcopy.prepageWindow=32  (Integer)");
    }

    @Test
    void compareWhenProfileQemuTcgAndAScenarioFileThenTheCalibratedEngineRunsIt() throws IOException {
        Path file = scenarioFile("""
                {"name": "guest", "memoryMiB": 512, "zeroMemoryMiB": 190,
                 "link": {"bandwidthBytesPerSec": 67108864, "rttMs": 0.05},
                 "dirtying": {"model": "hot-set", "pagesPerSecond": 3000, "hotSetMiB": 256, "skew": 0}}
                """);
        Run ideal = run("compare", "--scenario", file.toString(), "--format", "json", "-q", "--out",
                dir.resolve("ideal").toString());
        Run tcg = run("compare", "--profile", "qemu-tcg", "--scenario", file.toString(), "--format", "json", "-q",
                "--out", out().toString());
        assertThat(tcg.exit()).as(tcg.err()).isZero();
        JsonNode a = new ObjectMapper().readTree(ideal.out());
        JsonNode b = new ObjectMapper().readTree(tcg.out());
        // the ideal engine sends all 512 MiB; the profile sends the zero memory as headers and its pause is short
        assertThat(a.get(0).path("bytesSent").asLong()).isGreaterThan(512L << 20);
        assertThat(b.get(0).path("bytesSent").asLong()).isLessThan(480L << 20);
        assertThat(Files.readString(out().resolve("report.html"))).contains("qemu-tcg");
    }

    @Test
    void compareWhenProfileUnknownThenOneLineListingTheKnownOnes() {
        Run r = run("compare", "--suite", "smoke", "--profile", "kvm", "--out", out().toString());
        assertUsageError(r, "--profile: unknown profile \"kvm\": known profiles are ideal, qemu-tcg (or a profile "
                + "file ending in .json)");
    }
}
