package io.ferry.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.engine.DirtyingModel;
import io.ferry.engine.EngineScenario;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioFilesTest {

    private static final String LINK = "\"link\": {\"bandwidthGbps\": 1}";

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    private Path scenario(String json) throws IOException {
        return write("scenario.json", json);
    }

    /** A valid scenario with {@code extra} top-level members and the given dirtying object. */
    private Path withDirtying(String dirtying) throws IOException {
        return scenario("{\"memoryGiB\": 1, " + LINK + ", \"dirtying\": " + dirtying + "}");
    }

    private void assertRejected(Path file, String message) {
        assertThatThrownBy(() -> ScenarioFiles.read(file))
                .isInstanceOf(ScenarioFileException.class)
                .hasMessage(file + ": " + message);
    }

    @Test
    void readWhenFullExampleThenEveryFieldIsTaken() throws IOException {
        Path file = write("web.json", """
                {"name": "web-vm", "memoryGiB": 4, "pageSizeBytes": 8192, "executionStateBytes": 2097152,
                 "link": {"bandwidthGbps": 10, "rttMs": 2, "compressionRatio": 0.5},
                 "dirtying": {"model": "uniform", "pagesPerSecond": 20000},
                 "downtimeBudgetMs": 150, "concurrentMigrations": 3}
                """);

        EngineScenario s = ScenarioFiles.read(file);

        assertThat(s.name()).isEqualTo("web-vm");
        assertThat(s.memoryBytes()).isEqualTo(4L << 30);
        assertThat(s.pageSizeBytes()).isEqualTo(8192);
        assertThat(s.executionStateBytes()).isEqualTo(2L << 20);
        assertThat(s.link().bandwidthBytesPerSec()).isEqualTo(1.25e9);
        assertThat(s.link().rtt()).isEqualTo(Duration.ofMillis(2));
        assertThat(s.link().compressionRatio()).isEqualTo(0.5);
        assertThat(s.dirtying()).isEqualTo(new DirtyingModel.Uniform(20_000));
        assertThat(s.downtimeBudget()).isEqualTo(Duration.ofMillis(150));
        assertThat(s.concurrentMigrations()).isEqualTo(3);
    }

    @Test
    void readWhenOptionalFieldsAbsentThenDefaultsApplyAndNameIsFileName() throws IOException {
        Path file = write("db-host.json", """
                {"memoryMiB": 512, "link": {"bandwidthBytesPerSec": 1e8}, "dirtying": {"model": "idle"}}
                """);

        EngineScenario s = ScenarioFiles.read(file);

        assertThat(s.name()).isEqualTo("db-host");
        assertThat(s.memoryBytes()).isEqualTo(512L << 20);
        assertThat(s.pageSizeBytes()).isEqualTo(4096);
        assertThat(s.executionStateBytes()).isEqualTo(1L << 20);
        assertThat(s.link().bandwidthBytesPerSec()).isEqualTo(1e8);
        assertThat(s.link().rtt()).isEqualTo(Duration.ofNanos(500_000));
        assertThat(s.link().compressionRatio()).isEqualTo(1.0);
        assertThat(s.dirtying()).isEqualTo(new DirtyingModel.Idle());
        assertThat(s.downtimeBudget()).isEqualTo(Duration.ofMillis(300));
        assertThat(s.concurrentMigrations()).isEqualTo(1);
    }

    @Test
    void readWhenMemoryBytesGivenThenTakenExactly() throws IOException {
        Path file = scenario("{\"memoryBytes\": 268435456, " + LINK + ", \"dirtying\": {\"model\": \"idle\"}}");

        assertThat(ScenarioFiles.read(file).memoryBytes()).isEqualTo(268_435_456L);
    }

    @Test
    void readWhenCommentsPresentThenIgnored() throws IOException {
        Path file = scenario("""
                // a VM that does nothing
                {"memoryGiB": 1, /* 1 Gbit/s */ "link": {"bandwidthGbps": 1}, "dirtying": {"model": "idle"}}
                """);

        assertThat(ScenarioFiles.read(file).dirtying()).isEqualTo(new DirtyingModel.Idle());
    }

    @Test
    void readWhenHotSetWithPagesThenSkewAndFirstPageTaken() throws IOException {
        Path file = withDirtying("{\"model\": \"hot-set\", \"pagesPerSecond\": 250000, \"hotPages\": 4096, "
                + "\"skew\": 1.2, \"firstPage\": 100}");

        assertThat(ScenarioFiles.read(file).dirtying()).isEqualTo(new DirtyingModel.HotSet(250_000, 4096, 1.2, 100));
    }

    @Test
    void readWhenHotSetInMibThenConvertedToPagesWithDefaults() throws IOException {
        Path file = withDirtying("{\"model\": \"hot-set\", \"pagesPerSecond\": 1000, \"hotSetMiB\": 16}");

        assertThat(ScenarioFiles.read(file).dirtying()).isEqualTo(new DirtyingModel.HotSet(1000, 4096, 0.99, 0));
    }

    @Test
    void readWhenPhasedThenEachPhaseIsItsNestedModel() throws IOException {
        Path file = withDirtying("""
                {"model": "phased", "phases": [
                  {"seconds": 5, "model": "uniform", "pagesPerSecond": 1000},
                  {"seconds": 2, "model": "hot-set", "pagesPerSecond": 80000, "hotPages": 512},
                  {"seconds": 1.5, "model": "idle"}]}
                """);

        assertThat(ScenarioFiles.read(file).dirtying()).isEqualTo(new DirtyingModel.Phased(java.util.List.of(
                new DirtyingModel.Phase(5, new DirtyingModel.Uniform(1000)),
                new DirtyingModel.Phase(2, new DirtyingModel.HotSet(80_000, 512, 0.99, 0)),
                new DirtyingModel.Phase(1.5, new DirtyingModel.Idle()))));
    }

    @Test
    void readWhenReplayWithTimeColumnThenStepComesFromTheColumn() throws IOException {
        Files.createDirectories(dir.resolve("traces"));
        write("traces/web.csv", "seconds,pages_per_second\n0,1000\n\n# a burst\n2,50000\n4,0\n");
        Path file = withDirtying("{\"model\": \"replay\", \"file\": \"traces/web.csv\", \"hotPages\": 1024}");

        assertThat(ScenarioFiles.read(file).dirtying())
                .isEqualTo(new DirtyingModel.Replay(2, new double[] {1000, 50_000, 0}, 1024));
    }

    @Test
    void readWhenReplayWithRatesOnlyThenStepSecondsIsUsed() throws IOException {
        write("trace.csv", "pages_per_second\n10\n20\n");
        Path file = withDirtying("{\"model\": \"replay\", \"file\": \"trace.csv\", \"stepSeconds\": 0.5}");

        assertThat(ScenarioFiles.read(file).dirtying())
                .isEqualTo(new DirtyingModel.Replay(0.5, new double[] {10, 20}, 0));
    }

    @Test
    void readWhenReadFromAnotherDirectoryThenTraceResolvesAgainstTheScenarioFile() throws IOException {
        Path sub = Files.createDirectories(dir.resolve("scenarios"));
        Files.writeString(sub.resolve("trace.csv"), "pages_per_second\n7\n");
        Path file = sub.resolve("s.json");
        Files.writeString(file, "{\"memoryGiB\": 1, " + LINK
                + ", \"dirtying\": {\"model\": \"replay\", \"file\": \"trace.csv\", \"stepSeconds\": 1}}");

        assertThat(ScenarioFiles.read(file).dirtying()).isEqualTo(new DirtyingModel.Replay(1, new double[] {7}, 0));
    }

    // --- errors: one line each, naming the file, the JSON path, the value and what is accepted

    @Test
    void readWhenBandwidthNegativeThenNamesParameterAndRange() throws IOException {
        Path file = scenario("{\"memoryGiB\": 1, \"link\": {\"bandwidthGbps\": -1}, \"dirtying\": {\"model\": \"idle\"}}");

        assertRejected(file, "link.bandwidthGbps = -1: must be > 0");
    }

    @Test
    void readWhenKeyMisspeltThenNamesItAndListsKnownKeys() throws IOException {
        Path file = scenario("{\"memoryGiB\": 1, \"link\": {\"bandwith\": 1}, \"dirtying\": {\"model\": \"idle\"}}");

        assertRejected(file, "unknown key \"bandwith\" in link (known: bandwidthGbps, bandwidthBytesPerSec, "
                + "bandwidthMiBps, postcopyBandwidthGbps, postcopyBandwidthBytesPerSec, postcopyBandwidthMiBps, "
                + "rttMs, compressionRatio)");
    }

    @Test
    void readWhenTopLevelKeyUnknownThenListsTopLevelKeys() throws IOException {
        Path file = scenario("{\"memoryGB\": 1, " + LINK + ", \"dirtying\": {\"model\": \"idle\"}}");

        assertRejected(file, "unknown key \"memoryGB\" in the top level (known: name, memoryBytes, memoryGiB, "
                + "memoryMiB, pageSizeBytes, executionStateBytes, link, dirtying, downtimeBudgetMs, "
                + "concurrentMigrations, zeroMemoryMiB)");
    }

    @Test
    void readWhenModelUnknownThenListsModels() throws IOException {
        assertRejected(withDirtying("{\"model\": \"foo\"}"),
                "dirtying.model = \"foo\": must be one of idle, uniform, hot-set, phased, replay, mixed");
    }

    @Test
    void readWhenKeyBelongsToAnotherModelThenListsThisModelsKeys() throws IOException {
        assertRejected(withDirtying("{\"model\": \"idle\", \"pagesPerSecond\": 5}"),
                "unknown key \"pagesPerSecond\" in dirtying (known: model)");
    }

    @Test
    void readWhenJsonMalformedThenGivesLineAndColumn() throws IOException {
        Path file = scenario("{\"memoryGiB\": 1,\n  \"link\": {\"bandwidthGbps\": 1,}\n}");

        assertThatThrownBy(() -> ScenarioFiles.read(file))
                .isInstanceOf(ScenarioFileException.class)
                .hasMessageStartingWith(file + ": malformed JSON at line 2, column 31: Unexpected character ('}'")
                .hasMessageNotContaining("\n");
    }

    @Test
    void readWhenKeyRepeatedThenRejectedAsMalformed() throws IOException {
        Path file = scenario("{\"memoryGiB\": 1, \"memoryGiB\": 2, " + LINK + ", \"dirtying\": {\"model\": \"idle\"}}");

        assertThatThrownBy(() -> ScenarioFiles.read(file))
                .hasMessageStartingWith(file + ": malformed JSON at line 1, column ")
                .hasMessageContaining("Duplicate field 'memoryGiB'");
    }

    @Test
    void readWhenTrailingContentThenRejectedAsMalformed() throws IOException {
        Path file = scenario("{\"memoryGiB\": 1, " + LINK + ", \"dirtying\": {\"model\": \"idle\"}} {}");

        assertThatThrownBy(() -> ScenarioFiles.read(file)).hasMessageStartingWith(file + ": malformed JSON at line 1");
    }

    @Test
    void readWhenFileEmptyThenSaysSo() throws IOException {
        assertRejected(scenario("  \n"), "empty file: must contain a JSON object (see the scenario file format)");
    }

    @Test
    void readWhenDocumentIsAnArrayThenSaysAnObjectIsNeeded() throws IOException {
        assertRejected(scenario("[1, 2]"), "the document = [1,2]: must be a JSON object (see the scenario file format)");
    }

    @Test
    void readWhenFileMissingThenSaysItCannotBeRead() {
        Path file = dir.resolve("nope.json");

        assertRejected(file, "cannot read: NoSuchFileException (" + file + ")");
    }

    @Test
    void readWhenNumberIsAStringThenSaysANumberIsNeeded() throws IOException {
        Path file = scenario("{\"memoryGiB\": 1, \"link\": {\"bandwidthGbps\": 1, \"rttMs\": \"fast\"}, "
                + "\"dirtying\": {\"model\": \"idle\"}}");

        assertRejected(file, "link.rttMs = \"fast\": must be a number");
    }

    @Test
    void readWhenIntegerHasAFractionThenSaysAnIntegerIsNeeded() throws IOException {
        Path file = scenario("{\"memoryBytes\": 1048576.5, " + LINK + ", \"dirtying\": {\"model\": \"idle\"}}");

        assertRejected(file, "memoryBytes = 1048576.5: must be an integer");
    }

    @Test
    void readWhenTwoMemorySizesThenAsksForExactlyOne() throws IOException {
        Path file = scenario("{\"memoryGiB\": 1, \"memoryMiB\": 1024, " + LINK + ", \"dirtying\": {\"model\": \"idle\"}}");

        assertRejected(file, "memoryGiB and memoryMiB are both given: give exactly one of memoryBytes, memoryGiB, "
                + "memoryMiB");
    }

    @Test
    void readWhenNoMemorySizeThenAsksForExactlyOne() throws IOException {
        Path file = scenario("{" + LINK + ", \"dirtying\": {\"model\": \"idle\"}}");

        assertRejected(file, "missing memory size: give exactly one of memoryBytes, memoryGiB, memoryMiB");
    }

    @Test
    void readWhenMemoryOutOfRangeThenStatesTheRangeInTheGivenUnit() throws IOException {
        Path file = scenario("{\"memoryGiB\": 2048, " + LINK + ", \"dirtying\": {\"model\": \"idle\"}}");

        assertRejected(file, "memoryGiB = 2048: must be in [0.0009765625, 1024] (1 MiB to 1 TiB)");
    }

    @Test
    void readWhenTwoBandwidthsThenAsksForExactlyOne() throws IOException {
        Path file = scenario("{\"memoryGiB\": 1, \"link\": {\"bandwidthGbps\": 1, \"bandwidthBytesPerSec\": 5}, "
                + "\"dirtying\": {\"model\": \"idle\"}}");

        assertRejected(file, "link.bandwidthGbps and link.bandwidthBytesPerSec are both given: give exactly one of "
                + "link.bandwidthGbps, link.bandwidthBytesPerSec, link.bandwidthMiBps");
    }

    @Test
    void readWhenBothCapsGivenThenEachIsTakenInItsUnit() throws IOException {
        Path file = scenario("{\"memoryGiB\": 1, \"link\": {\"bandwidthMiBps\": 64, \"postcopyBandwidthMiBps\": 512}, "
                + "\"dirtying\": {\"model\": \"idle\"}}");

        EngineScenario s = ScenarioFiles.read(file);

        assertThat(s.link().bandwidthBytesPerSec()).isEqualTo(64.0 * (1 << 20));
        assertThat(s.link().postcopyBandwidthBytesPerSec()).isEqualTo(512.0 * (1 << 20));
        assertThat(ScenarioFiles.read(scenario("{\"memoryGiB\": 1, \"link\": {\"bandwidthGbps\": 1, "
                + "\"postcopyBandwidthGbps\": 2}, \"dirtying\": {\"model\": \"idle\"}}")).link()
                .postcopyBandwidthBytesPerSec()).isEqualTo(2.5e8);
    }

    @Test
    void readWhenNoPostcopyCapThenThePostcopyPhaseIsUncappedAsQemusDefault() throws IOException {
        EngineScenario s = ScenarioFiles.read(withDirtying("{\"model\": \"idle\"}"));

        assertThat(s.link().postcopyBandwidthBytesPerSec()).isZero();
        assertThat(s.link().postcopyCapped()).isFalse();
    }

    @Test
    void readWhenPostcopyCapNegativeOrGivenTwiceThenOneLineNamesIt() throws IOException {
        assertRejected(scenario("{\"memoryGiB\": 1, \"link\": {\"bandwidthGbps\": 1, \"postcopyBandwidthMiBps\": -5}, "
                + "\"dirtying\": {\"model\": \"idle\"}}"), "link.postcopyBandwidthMiBps = -5: must be >= 0 (0 or "
                + "absent: no post-copy cap, QEMU's default: unlimited)");
        assertRejected(scenario("{\"memoryGiB\": 1, \"link\": {\"bandwidthGbps\": 1, \"postcopyBandwidthMiBps\": 5, "
                + "\"postcopyBandwidthGbps\": 1}, \"dirtying\": {\"model\": \"idle\"}}"),
                "link.postcopyBandwidthGbps and link.postcopyBandwidthMiBps are both given: give exactly one of "
                + "link.postcopyBandwidthGbps, link.postcopyBandwidthBytesPerSec, link.postcopyBandwidthMiBps");
    }

    @Test
    void readWhenLinkMissingThenSaysWhatItMustContain() throws IOException {
        Path file = scenario("{\"memoryGiB\": 1, \"dirtying\": {\"model\": \"idle\"}}");

        assertRejected(file, "link is missing: an object with bandwidthGbps or bandwidthBytesPerSec");
    }

    @Test
    void readWhenCompressionRatioAboveOneThenStatesTheRange() throws IOException {
        Path file = scenario("{\"memoryGiB\": 1, \"link\": {\"bandwidthGbps\": 1, \"compressionRatio\": 1.5}, "
                + "\"dirtying\": {\"model\": \"idle\"}}");

        assertRejected(file, "link.compressionRatio = 1.5: must be in (0, 1] (bytes on the wire per byte of memory; "
                + "1 = no compression)");
    }

    @Test
    void readWhenEngineRejectsTopLevelValueThenPrefixesFileName() throws IOException {
        Path file = scenario("{\"memoryGiB\": 1, " + LINK + ", \"dirtying\": {\"model\": \"idle\"}, "
                + "\"concurrentMigrations\": 65}");

        assertRejected(file, "concurrentMigrations = 65: must be in [1, 64]");
    }

    @Test
    void readWhenPageSizeNotAPowerOfTwoThenEnginesRuleIsReported() throws IOException {
        Path file = scenario("{\"memoryGiB\": 1, \"pageSizeBytes\": 1000, " + LINK
                + ", \"dirtying\": {\"model\": \"idle\"}}");

        assertRejected(file, "pageSizeBytes = 1000: must be a power of two from 512 to 2097152");
    }

    @Test
    void readWhenEngineRejectsRateThenPrefixesTheJsonPath() throws IOException {
        assertRejected(withDirtying("{\"model\": \"uniform\", \"pagesPerSecond\": -5}"),
                "dirtying.pagesPerSecond = -5.0: must be in [0, 100000000]");
    }

    @Test
    void readWhenPhaseSkewOutOfRangeThenNamesThePhase() throws IOException {
        assertRejected(withDirtying("{\"model\": \"phased\", \"phases\": [{\"seconds\": 1, \"model\": \"idle\"}, "
                + "{\"seconds\": 1, \"model\": \"hot-set\", \"pagesPerSecond\": 1, \"hotPages\": 8, \"skew\": 7}]}"),
                "dirtying.phases[1].skew = 7.0: must be in [0, 5]");
    }

    @Test
    void readWhenPhaseIsItselfPhasedThenListsPhaseModels() throws IOException {
        assertRejected(withDirtying("{\"model\": \"phased\", \"phases\": [{\"seconds\": 1, \"model\": \"phased\"}]}"),
                "dirtying.phases[0].model = \"phased\": must be one of idle, uniform, hot-set");
    }

    @Test
    void readWhenPhaseSecondsZeroThenNamesThePhase() throws IOException {
        assertRejected(withDirtying("{\"model\": \"phased\", \"phases\": [{\"seconds\": 0, \"model\": \"idle\"}]}"),
                "dirtying.phases[0].seconds = 0: must be > 0");
    }

    @Test
    void readWhenPhasesEmptyThenShowsTheExpectedShape() throws IOException {
        assertRejected(withDirtying("{\"model\": \"phased\", \"phases\": []}"),
                "dirtying.phases = []: must be a non-empty array: phases like {\"seconds\": 5, \"model\": "
                        + "\"uniform\", \"pagesPerSecond\": 1000}");
    }

    @Test
    void readWhenHotSetExceedsMemoryThenSaysHowManyPagesThereAre() throws IOException {
        assertRejected(withDirtying("{\"model\": \"hot-set\", \"pagesPerSecond\": 1, \"hotPages\": 262000, "
                + "\"firstPage\": 200}"),
                "dirtying.hotPages = 262000: the hot set (firstPage 200 + 262000 pages) must fit in the VM's "
                        + "262144 pages");
    }

    @Test
    void readWhenHotSetSizeMissingThenAsksForExactlyOne() throws IOException {
        assertRejected(withDirtying("{\"model\": \"hot-set\", \"pagesPerSecond\": 1}"),
                "missing hot-set size: give exactly one of dirtying.hotPages, dirtying.hotSetMiB");
    }

    @Test
    void readWhenRequiredRateMissingThenNamesIt() throws IOException {
        assertRejected(withDirtying("{\"model\": \"uniform\"}"), "dirtying.pagesPerSecond is missing in dirtying");
    }

    @Test
    void readWhenReplayValueNotANumberThenNamesTheCsvLine() throws IOException {
        write("trace.csv", "seconds,pages_per_second\n0,10\n1,abc\n");

        assertRejected(withDirtying("{\"model\": \"replay\", \"file\": \"trace.csv\"}"),
                "dirtying.file = \"trace.csv\": line 3: pages_per_second = \"abc\": must be a number");
    }

    @Test
    void readWhenReplayRateNegativeThenNamesTheCsvLine() throws IOException {
        write("trace.csv", "pages_per_second\n10\n-1\n");

        assertRejected(withDirtying("{\"model\": \"replay\", \"file\": \"trace.csv\", \"stepSeconds\": 1}"),
                "dirtying.file = \"trace.csv\": line 3: pages_per_second = -1: must be >= 0");
    }

    @Test
    void readWhenReplayHasNoTimeColumnAndNoStepThenAsksForStepSeconds() throws IOException {
        write("trace.csv", "pages_per_second\n10\n");

        assertRejected(withDirtying("{\"model\": \"replay\", \"file\": \"trace.csv\"}"),
                "dirtying.stepSeconds is missing: it is required when \"trace.csv\" has no seconds column or a "
                        + "single sample");
    }

    @Test
    void readWhenReplayTimesUnevenThenSaysWhere() throws IOException {
        write("trace.csv", "seconds,pages_per_second\n0,1\n1,1\n3,1\n");

        assertRejected(withDirtying("{\"model\": \"replay\", \"file\": \"trace.csv\"}"),
                "dirtying.file = \"trace.csv\": seconds = 3.0 (sample 3): the seconds column must increase in equal "
                        + "steps (first step 1.0 s)");
    }

    @Test
    void readWhenReplayColumnUnknownThenListsColumns() throws IOException {
        write("trace.csv", "time,pages_per_second\n0,1\n");

        assertRejected(withDirtying("{\"model\": \"replay\", \"file\": \"trace.csv\", \"stepSeconds\": 1}"),
                "dirtying.file = \"trace.csv\": unknown column \"time\" (known: seconds, pages_per_second)");
    }

    @Test
    void readWhenReplayFileIsNotACsvThenItsFirstLineIsNotEchoed() throws IOException {
        write("trace.csv", "{\"token\": \"s3cret-value\"}\n{\"more\": 1}\n");
        Path file = withDirtying("{\"model\": \"replay\", \"file\": \"trace.csv\", \"stepSeconds\": 1}");

        assertRejected(file, "dirtying.file = \"trace.csv\": not a trace CSV: its first line names no "
                + "pages_per_second column (the first line must be a header naming the columns: seconds, "
                + "pages_per_second; pages_per_second is required)");
        assertThatThrownBy(() -> ScenarioFiles.read(file)).message().doesNotContain("s3cret", "token");
    }

    @Test
    void readWhenReplayFirstLineIsNoValidHeaderThenItIsNotEchoedEither() throws IOException {
        write("trace.csv", "s3cret,,pages_per_second\n1,2,3\n");
        Path file = withDirtying("{\"model\": \"replay\", \"file\": \"trace.csv\", \"stepSeconds\": 1}");

        assertRejected(file, "dirtying.file = \"trace.csv\": not a trace CSV: its first line is not a CSV header "
                + "with a name for every column (the first line must be a header naming the columns: seconds, "
                + "pages_per_second; pages_per_second is required)");
        assertThatThrownBy(() -> ScenarioFiles.read(file)).message().doesNotContain("s3cret");
    }

    @Test
    void readWhenReplayStepDisagreesWithTimeColumnThenSaysSo() throws IOException {
        write("trace.csv", "seconds,pages_per_second\n0,1\n1,1\n");

        assertRejected(withDirtying("{\"model\": \"replay\", \"file\": \"trace.csv\", \"stepSeconds\": 2}"),
                "dirtying.stepSeconds = 2: disagrees with the 1.0 s spacing of the seconds column of \"trace.csv\"; "
                        + "omit it or make them agree");
    }

    @Test
    void readWhenReplayFileMissingThenNamesItAndTheResolvedPath() throws IOException {
        Path file = withDirtying("{\"model\": \"replay\", \"file\": \"gone.csv\", \"stepSeconds\": 1}");
        Path csv = dir.toAbsolutePath().resolve("gone.csv");

        assertRejected(file, "dirtying.file = \"gone.csv\": cannot read " + csv + ": NoSuchFileException (" + csv + ")");
    }

    @Test
    void readWhenZeroMemoryAndMixedWritersThenBothAreTaken() throws IOException {
        Path file = scenario("""
                {"memoryMiB": 512, "zeroMemoryMiB": 190, "link": {"bandwidthBytesPerSec": 67108864, "rttMs": 0.05},
                 "dirtying": {"model": "mixed", "parts": [
                   {"model": "hot-set", "pagesPerSecond": 90000, "hotSetMiB": 64, "skew": 0},
                   {"model": "hot-set", "pagesPerSecond": 10000, "hotSetMiB": 256, "skew": 0}]}}
                """);
        EngineScenario s = ScenarioFiles.read(file);
        assertThat(s.zeroMemoryBytes()).isEqualTo(190L << 20);
        assertThat(s.dirtying()).isEqualTo(new DirtyingModel.Mixed(java.util.List.of(
                new DirtyingModel.HotSet(90_000, 16_384, 0, 0), new DirtyingModel.HotSet(10_000, 65_536, 0, 0))));
    }

    @Test
    void readWhenZeroMemoryExceedsMemoryOrAPartIsMixedThenOneLine() throws IOException {
        assertRejected(scenario("{\"memoryMiB\": 64, \"zeroMemoryMiB\": 65, " + LINK
                + ", \"dirtying\": {\"model\": \"idle\"}}"),
                "zeroMemoryMiB = 65: must be in [0, 64.0] (the memory, MiB)");
        Path nested = withDirtying("{\"model\": \"mixed\", \"parts\": [{\"model\": \"mixed\", \"parts\": []}]}");
        assertThatThrownBy(() -> ScenarioFiles.read(nested)).isInstanceOf(ScenarioFileException.class)
                .hasMessageContaining("dirtying.parts[0].model").hasMessageContaining("must be one of idle, uniform, "
                        + "hot-set, phased, replay");
    }
}
