package io.ferry.compare.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.ferry.api.model.LinkSpec;
import io.ferry.compare.ScenarioFileException;
import io.ferry.engine.DirtyingModel;
import io.ferry.engine.EngineScenario;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Reads a scenario file (the format is documented on {@link io.ferry.compare.ScenarioFiles}) into an
 * {@link EngineScenario}. Checks that need the file's own units or names (memory, link, budget) are made here;
 * every other range check is the engine's, reported with the file name and JSON path in front. Cost: one pass
 * over the file, plus one over the CSV of a replayed trace.
 */
public final class ScenarioFileParser {

    static final long MIB = 1L << 20;
    static final long GIB = 1L << 30;
    private static final long MIN_MEMORY = MIB;
    private static final long MAX_MEMORY = 1L << 40;
    private static final double BITS_PER_GBIT = 1e9;

    private static final List<String> TOP_KEYS = List.of("name", "memoryBytes", "memoryGiB", "memoryMiB",
            "pageSizeBytes", "executionStateBytes", "link", "dirtying", "downtimeBudgetMs", "concurrentMigrations",
            "zeroMemoryMiB");
    private static final List<String> MEMORY_KEYS = List.of("memoryBytes", "memoryGiB", "memoryMiB");
    private static final List<String> LINK_KEYS = List.of("bandwidthGbps", "bandwidthBytesPerSec", "bandwidthMiBps",
            "postcopyBandwidthGbps", "postcopyBandwidthBytesPerSec", "postcopyBandwidthMiBps", "rttMs",
            "compressionRatio");
    private static final List<String> BANDWIDTH_KEYS = List.of("bandwidthGbps", "bandwidthBytesPerSec",
            "bandwidthMiBps");
    private static final List<String> POSTCOPY_BANDWIDTH_KEYS = List.of("postcopyBandwidthGbps",
            "postcopyBandwidthBytesPerSec", "postcopyBandwidthMiBps");

    /** The default round-trip time of a link, in milliseconds. */
    static final double DEFAULT_RTT_MS = 0.5;
    /** The default compression ratio: none. */
    static final double DEFAULT_COMPRESSION_RATIO = 1.0;
    /** The default number of VMs migrating at once. */
    static final int DEFAULT_CONCURRENT_MIGRATIONS = 1;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private ScenarioFileParser() {
    }

    /**
     * @param file the scenario file; a replayed trace's CSV is resolved against its directory
     * @return the scenario
     * @throws ScenarioFileException when the file cannot be read or is not a valid scenario
     */
    public static EngineScenario read(Path file) {
        String shown = file.toString();
        JsonNode document;
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            document = JSON.readTree(in);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new ScenarioFileException(shown + ": malformed JSON" + where + ": " + firstLine(e.getOriginalMessage()),
                    e);
        } catch (IOException e) {
            throw new ScenarioFileException(shown + ": cannot read: " + describe(e), e);
        }
        if (document == null || document.isMissingNode()) {
            throw new ScenarioFileException(shown + ": empty file: must contain a JSON object (see the scenario "
                    + "file format)");
        }
        return parse(JsonFields.root(shown, document), defaultName(file), file.toAbsolutePath().getParent());
    }

    private static EngineScenario parse(JsonFields top, String defaultName, Path directory) {
        top.allowOnly(TOP_KEYS);
        String name = top.optionalString("name").orElse(defaultName);
        if (name.isBlank()) {
            throw top.invalid("name", "must not be blank");
        }
        long memoryBytes = memoryBytes(top);
        int pageSize = top.integer("pageSizeBytes", EngineScenario.DEFAULT_PAGE_SIZE, Integer.MIN_VALUE,
                Integer.MAX_VALUE);
        long stateBytes = top.integer("executionStateBytes", EngineScenario.DEFAULT_EXECUTION_STATE_BYTES);
        LinkSpec link = link(top.object("link", "an object with bandwidthGbps or bandwidthBytesPerSec"));
        Duration budget = EngineScenario.DEFAULT_DOWNTIME_BUDGET;
        if (top.has("downtimeBudgetMs")) {
            budget = Duration.ofNanos(Math.round(top.positive("downtimeBudgetMs") * 1e6));
        }
        int concurrent = top.integer("concurrentMigrations", DEFAULT_CONCURRENT_MIGRATIONS, Integer.MIN_VALUE,
                Integer.MAX_VALUE);
        Duration budgetFinal = budget;
        // check the VM and link first with an idle guest: the dirtying model needs the page count
        EngineScenario vm = top.engine(() -> new EngineScenario(name, memoryBytes, pageSize, stateBytes, link,
                new DirtyingModel.Idle(), budgetFinal, concurrent));
        DirtyingModel dirtying = DirtyingModelParser.parse(
                top.object("dirtying", "an object with a \"model\" (" + DirtyingModelParser.MODELS + ")"),
                vm.request(0).pageCount(), pageSize, directory);
        long zeroBytes = 0;
        if (top.has("zeroMemoryMiB")) {
            double zeroMiB = top.number("zeroMemoryMiB");
            if (!(zeroMiB >= 0 && zeroMiB * MIB <= memoryBytes)) {
                throw top.invalid("zeroMemoryMiB", "must be in [0, " + memoryBytes / (double) MIB + "] (the memory, MiB)");
            }
            zeroBytes = Math.round(zeroMiB * MIB);
        }
        long zeroFinal = zeroBytes;
        return top.engine(() -> new EngineScenario(name, memoryBytes, pageSize, stateBytes, link, dirtying,
                budgetFinal, concurrent, zeroFinal));
    }

    private static long memoryBytes(JsonFields top) {
        String key = top.exactlyOne(MEMORY_KEYS, "memory size");
        double bytes;
        String range;
        switch (key) {
            case "memoryGiB" -> {
                bytes = top.number(key) * GIB;
                range = "[0.0009765625, 1024] (1 MiB to 1 TiB)";
            }
            case "memoryMiB" -> {
                bytes = top.number(key) * MIB;
                range = "[1, 1048576] (1 MiB to 1 TiB)";
            }
            default -> {
                bytes = top.integer(key);
                range = "[" + MIN_MEMORY + ", " + MAX_MEMORY + "] (1 MiB to 1 TiB)";
            }
        }
        if (!(bytes >= MIN_MEMORY && bytes <= MAX_MEMORY)) {
            throw top.invalid(key, "must be in " + range);
        }
        return Math.round(bytes);
    }

    private static LinkSpec link(JsonFields link) {
        link.allowOnly(LINK_KEYS);
        String key = link.exactlyOne(BANDWIDTH_KEYS, "bandwidth");
        double bytesPerSec = bytesPerSec(key, link.positive(key));
        // the post-copy phase's own cap (QEMU's max-postcopy-bandwidth): absent or 0 is QEMU's default, unlimited
        List<String> postcopyKeys = POSTCOPY_BANDWIDTH_KEYS.stream().filter(link::has).toList();
        double postcopyBytesPerSec = 0;
        if (postcopyKeys.size() > 1) {
            link.exactlyOne(POSTCOPY_BANDWIDTH_KEYS, "post-copy bandwidth");
        } else if (postcopyKeys.size() == 1) {
            String pk = postcopyKeys.get(0);
            double v = link.number(pk);
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw link.invalid(pk, "must be >= 0 (0 or absent: no post-copy cap, QEMU's default: unlimited)");
            }
            postcopyBytesPerSec = bytesPerSec(pk, v);
        }
        double rttMs = link.number("rttMs", DEFAULT_RTT_MS);
        if (!(rttMs >= 0)) {
            throw link.invalid("rttMs", "must be >= 0");
        }
        double ratio = link.number("compressionRatio", DEFAULT_COMPRESSION_RATIO);
        if (!(ratio > 0 && ratio <= 1)) {
            throw link.invalid("compressionRatio", "must be in (0, 1] (bytes on the wire per byte of memory; "
                    + "1 = no compression)");
        }
        double postcopy = postcopyBytesPerSec;
        return link.engine(() -> new LinkSpec(bytesPerSec, Duration.ofNanos(Math.round(rttMs * 1e6)), ratio,
                postcopy));
    }

    /** @return a bandwidth given under {@code key} (Gbps, MiBps or BytesPerSec) in bytes per second */
    private static double bytesPerSec(String key, double value) {
        if (key.endsWith("Gbps")) {
            return value * BITS_PER_GBIT / Byte.SIZE;
        }
        return key.endsWith("MiBps") ? value * (1 << 20) : value;
    }

    private static String defaultName(Path file) {
        String name = String.valueOf(file.getFileName());
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    static String describe(IOException e) {
        String what = e.getClass().getSimpleName();
        return e.getMessage() == null ? what : what + " (" + firstLine(e.getMessage()) + ")";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).strip();
    }
}
