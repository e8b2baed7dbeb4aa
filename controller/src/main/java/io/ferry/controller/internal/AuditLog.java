package io.ferry.controller.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferry.api.model.HostId;
import io.ferry.api.model.MigrationCost;
import io.ferry.api.model.MigrationId;
import io.ferry.api.model.MigrationMetrics;
import io.ferry.api.model.MigrationMetrics.Figure;
import io.ferry.api.model.MigrationOutcome;
import io.ferry.api.model.PoolId;
import io.ferry.api.model.VmId;
import io.ferry.api.model.Metric;
import io.ferry.api.model.ModelInfo;
import io.ferry.controller.AuditRecord;
import io.ferry.controller.ForecastRecord;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log: one JSON object per line for every decision, refusal, outcome, selection change and error,
 * in {@code DIR/audit.log}, rotated by size ({@code audit.log.1} is the newest rotated file) and keeping a
 * fixed number of files. The newest records are also kept in memory for {@code migration:history}, and
 * loaded back from the files on start, so history survives a restart.
 *
 * <p>Cost: one small append per record (the writer is flushed each line, so a crash loses nothing already
 * recorded); a rotation renames at most {@code files} files. Thread-safe; writers serialise on the log. When
 * the directory cannot be written, records stay in memory and the failure is logged once.
 */
public final class AuditLog {

    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    static final String FILE = "audit.log";

    private final ObjectMapper json = new ObjectMapper();
    private final Path directory;
    private final long maxBytes;
    private final int files;
    private final int capacity;
    private final Deque<AuditRecord> recent = new ArrayDeque<>();
    private Writer writer;
    private long size;
    private boolean failed;

    /**
     * @param directory where the files go; created if missing
     * @param maxBytes  rotate when the current file would grow past this
     * @param files     how many files to keep, the current one included
     * @param capacity  how many records to keep in memory
     */
    public AuditLog(Path directory, long maxBytes, int files, int capacity) {
        this.directory = directory;
        this.maxBytes = maxBytes;
        this.files = files;
        this.capacity = capacity;
        load();
    }

    /** Records one entry. */
    synchronized void append(AuditRecord record) {
        recent.addLast(record);
        while (recent.size() > capacity) {
            recent.removeFirst();
        }
        try {
            String line = json.writeValueAsString(toJson(record)) + "\n";
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            if (writer != null && size + bytes.length > maxBytes) {
                rotate();
            }
            if (writer == null) {
                open();
            }
            writer.write(line);
            writer.flush();
            size += bytes.length;
        } catch (IOException e) {
            if (!failed) {
                LOG.warn("cannot write the audit log in {}: {}; keeping records in memory only", directory,
                        e.toString());
                failed = true;
            }
            closeQuietly();
        }
    }

    /** @return the newest {@code limit} records that match, oldest first */
    public synchronized List<AuditRecord> recent(Predicate<AuditRecord> filter, int limit) {
        List<AuditRecord> out = new ArrayList<>();
        var it = recent.descendingIterator();
        while (it.hasNext() && out.size() < limit) {
            AuditRecord r = it.next();
            if (filter.test(r)) {
                out.add(r);
            }
        }
        java.util.Collections.reverse(out);
        return out;
    }

    public synchronized void close() {
        closeQuietly();
    }

    /** @return the current file */
    public Path file() {
        return directory.resolve(FILE);
    }

    private void open() throws IOException {
        Files.createDirectories(directory);
        Path f = file();
        size = Files.exists(f) ? Files.size(f) : 0;
        writer = Files.newBufferedWriter(f, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    private void rotate() throws IOException {
        closeQuietly();
        Files.deleteIfExists(directory.resolve(FILE + "." + (files - 1)));
        for (int i = files - 2; i >= 1; i--) {
            Path from = directory.resolve(FILE + "." + i);
            if (Files.exists(from)) {
                Files.move(from, directory.resolve(FILE + "." + (i + 1)), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (files > 1) {
            Files.move(file(), directory.resolve(FILE + ".1"), StandardCopyOption.REPLACE_EXISTING);
        } else {
            Files.delete(file());
        }
        size = 0;
    }

    private void closeQuietly() {
        if (writer != null) {
            try {
                writer.close();
            } catch (IOException e) {
                LOG.debug("closing the audit log", e);
            }
            writer = null;
        }
    }

    /** Loads the newest records of the two newest files into memory. */
    private void load() {
        for (Path f : List.of(directory.resolve(FILE + ".1"), file())) {
            if (!Files.isRegularFile(f)) {
                continue;
            }
            try {
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) {
                        recent.addLast(fromJson(json.readTree(line)));
                        if (recent.size() > capacity) {
                            recent.removeFirst();
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("skipping unreadable audit file {}: {}", f, e.toString());
            }
        }
    }

    // ------------------------------------------------------------------ JSON mapping

    ObjectNode toJson(AuditRecord r) {
        ObjectNode o = json.createObjectNode();
        o.put("time", r.time().toString());
        o.put("type", r.type().name());
        o.put("pool", r.pool().value());
        r.migration().ifPresent(v -> o.put("migration", v.value()));
        r.vm().ifPresent(v -> o.put("vm", v.value()));
        r.source().ifPresent(v -> o.put("source", v.value()));
        r.target().ifPresent(v -> o.put("target", v.value()));
        o.put("agent", r.agent());
        o.put("policy", r.policy());
        o.put("bundle", r.bundle());
        r.predicted().ifPresent(c -> {
            o.put("predictedTotalTimeMs", ms(c.totalTime()));
            o.put("predictedDowntimeMs", ms(c.downtime()));
            o.put("predictedBytes", c.bytesSent());
        });
        r.actual().ifPresent(m -> {
            // a figure the hypervisor did not measure is written as null, never as a 0 that reads as measured
            o.put("totalTimeMs", ms(m.totalTime()));
            putOrNull(o, "downtimeMs", m.reports(Figure.DOWNTIME), ms(m.downtime()));
            putOrNull(o, "bytesSent", m.reports(Figure.BYTES), m.bytesSent());
            putOrNull(o, "pagesSent", m.reports(Figure.PAGES), m.pagesSent());
            putOrNull(o, "pagesResent", m.reports(Figure.PAGES), m.pagesResent());
            putOrNull(o, "rounds", m.reports(Figure.ROUNDS), m.rounds());
            putOrNull(o, "postcopyFaults", m.reports(Figure.POSTCOPY), m.postcopyFaults());
            putOrNull(o, "degradedMs", m.reports(Figure.POSTCOPY), ms(m.degradedTime()));
            putOrNull(o, "faultStallMs", m.reports(Figure.POSTCOPY), ms(m.faultStallTime()));
            if (m.reports(Figure.DOWNTIME)) {
                o.put("slaViolated", m.slaViolated());
            } else {
                o.putNull("slaViolated");
            }
            if (!m.unreported().isEmpty()) {
                ArrayNode a = o.putArray("unreported");
                m.unreported().forEach(f -> a.add(f.name()));
            }
        });
        r.status().ifPresent(s -> o.put("status", s.name()));
        o.put("dryRun", r.dryRun());
        if (r.fallback()) {
            o.put("fallback", true);
        }
        o.put("detail", r.detail());
        if (!r.forecasts().isEmpty()) {
            ArrayNode a = o.putArray("forecasts");
            for (ForecastRecord f : r.forecasts()) {
                ObjectNode n = a.addObject();
                n.put("predictor", f.predictor());
                f.model().ifPresent(m -> {
                    n.put("model", m.name());
                    n.put("modelVersion", m.version());
                    n.put("modelFingerprint", m.fingerprint());
                });
                n.put("subject", f.subject());
                n.put("metric", f.metric().name());
                n.put("horizon", f.horizon());
                n.put("at", f.at().toString());
                n.put("value", f.value());
                if (f.observed().isPresent()) {
                    n.put("observed", f.observed().getAsDouble());
                    n.put("error", f.error().getAsDouble());
                }
            }
        }
        return o;
    }

    private static List<ForecastRecord> forecasts(JsonNode o) {
        List<ForecastRecord> out = new ArrayList<>();
        for (JsonNode n : o.path("forecasts")) {
            Optional<ModelInfo> model = n.hasNonNull("model") ? Optional.of(new ModelInfo(n.path("model").asText(),
                    n.path("modelVersion").asText(), n.path("modelFingerprint").asText())) : Optional.empty();
            out.add(new ForecastRecord(n.path("predictor").asText(), model, n.path("subject").asText(),
                    Metric.valueOf(n.path("metric").asText()), n.path("horizon").asInt(1),
                    Instant.parse(n.path("at").asText()), n.path("value").asDouble(),
                    n.has("observed") ? OptionalDouble.of(n.path("observed").asDouble()) : OptionalDouble.empty()));
        }
        return out;
    }

    AuditRecord fromJson(JsonNode o) throws JsonProcessingException {
        Optional<MigrationCost> predicted = o.has("predictedTotalTimeMs")
                ? Optional.of(new MigrationCost(dur(o, "predictedTotalTimeMs"), dur(o, "predictedDowntimeMs"),
                        o.path("predictedBytes").asLong()))
                : Optional.empty();
        Set<Figure> unreported = EnumSet.noneOf(Figure.class);
        for (JsonNode f : o.path("unreported")) {
            try {
                unreported.add(Figure.valueOf(f.asText()));
            } catch (IllegalArgumentException e) {
                // a figure a later version knows: nothing to mark here
            }
        }
        Optional<MigrationMetrics> actual = o.has("totalTimeMs")
                ? Optional.of(new MigrationMetrics(dur(o, "totalTimeMs"), dur(o, "downtimeMs"),
                        o.path("bytesSent").asLong(), o.path("pagesSent").asLong(), o.path("pagesResent").asLong(),
                        o.path("rounds").asInt(), o.path("postcopyFaults").asLong(), dur(o, "degradedMs"),
                        dur(o, "faultStallMs"), o.path("slaViolated").asBoolean(), unreported))
                : Optional.empty();
        return new AuditRecord(Instant.parse(o.path("time").asText()), AuditRecord.Type.valueOf(o.path("type").asText()),
                new PoolId(o.path("pool").asText()), opt(o, "migration").map(MigrationId::new),
                opt(o, "vm").map(VmId::new), opt(o, "source").map(HostId::new), opt(o, "target").map(HostId::new),
                o.path("agent").asText(""), o.path("policy").asText(""), o.path("bundle").asText(""), predicted,
                actual, opt(o, "status").map(MigrationOutcome.Status::valueOf), o.path("dryRun").asBoolean(),
                o.path("detail").asText(""), o.path("fallback").asBoolean(false), forecasts(o));
    }

    private static void putOrNull(ObjectNode o, String key, boolean reported, double value) {
        if (reported) {
            o.put(key, value);
        } else {
            o.putNull(key);
        }
    }

    private static void putOrNull(ObjectNode o, String key, boolean reported, long value) {
        if (reported) {
            o.put(key, value);
        } else {
            o.putNull(key);
        }
    }

    private static Optional<String> opt(JsonNode o, String key) {
        return o.hasNonNull(key) && !o.get(key).asText().isEmpty() ? Optional.of(o.get(key).asText())
                : Optional.empty();
    }

    private static double ms(Duration d) {
        return d.toNanos() / 1e6;
    }

    private static Duration dur(JsonNode o, String key) {
        return Duration.ofNanos(Math.round(o.path(key).asDouble() * 1e6));
    }
}
