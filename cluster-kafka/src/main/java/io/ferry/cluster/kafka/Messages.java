package io.ferry.cluster.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferry.api.model.DirtyBehaviour;
import io.ferry.api.model.HostId;
import io.ferry.api.model.LinkSpec;
import io.ferry.api.model.MigrationMetrics;
import io.ferry.api.model.MigrationRequest;
import io.ferry.api.model.PoolId;
import io.ferry.api.model.VmId;
import io.ferry.guard.GuardState;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The JSON of the three topics this module writes: {@code migration-decisions} ({@link Decision}),
 * {@code migration-outcomes} ({@link Outcome}) and {@code pool-state} ({@link PoolState}), each an object with a
 * {@code schemaVersion}, versioned per topic: decisions and pool state {@value #SCHEMA_VERSION}, outcomes
 * {@value #OUTCOME_SCHEMA_VERSION} (version 2 adds {@code metrics} and {@code slaViolated}, each {@code null} when
 * absent; a version 1 outcome reads as one without them). Unknown fields are ignored (a newer writer of the same
 * version may add some); a missing or malformed field, or a newer {@code schemaVersion}, is a
 * {@link MessageException} naming the topic and the field. Instants are ISO-8601 strings, durations nanoseconds.
 *
 * <p>Cost: one tree parse or build per message, O(message). Thread-safe (one shared {@link ObjectMapper}).
 */
public final class Messages {

    /** The schema version of decisions and pool state this code writes, and the newest it reads. */
    public static final int SCHEMA_VERSION = 1;

    /** The schema version of outcomes this code writes (with measured metrics), and the newest it reads. */
    public static final int OUTCOME_SCHEMA_VERSION = 2;

    private static final ObjectMapper JSON = new ObjectMapper();

    private Messages() {
    }

    // ------------------------------------------------------------------ decisions

    /** @return the decision as JSON */
    public static byte[] encode(Decision d) {
        ObjectNode n = header();
        MigrationRequest r = d.request();
        n.put("decisionId", d.id()).put("pool", d.pool().value()).put("vm", r.vm().value())
                .put("source", r.source().value()).put("target", r.target().value()).put("agent", d.agent())
                .put("reason", d.reason()).put("policy", d.policy()).put("owner", d.owner())
                .put("generation", d.generation()).put("decidedAt", d.decidedAt().toString());
        ObjectNode q = n.putObject("request");
        q.put("memoryBytes", r.memoryBytes()).put("pageSizeBytes", r.pageSizeBytes())
                .put("executionStateBytes", r.executionStateBytes())
                .put("linkBytesPerSecond", r.link().bandwidthBytesPerSec())
                .put("linkRttNanos", r.link().rtt().toNanos())
                .put("linkCompressionRatio", r.link().compressionRatio())
                .put("dirtyPagesPerSecond", r.dirtying().pagesPerSecond())
                .put("dirtyHotPages", r.dirtying().hotPages()).put("dirtySource", r.dirtying().source().name())
                .put("downtimeBudgetNanos", r.downtimeBudget().toNanos());
        return bytes(n);
    }

    /** @return the decision in {@code bytes} */
    public static Decision decodeDecision(byte[] bytes) throws MessageException {
        return decode("migration-decisions", bytes, n -> {
            JsonNode q = field(n, "request");
            MigrationRequest r = new MigrationRequest(new VmId(text(n, "vm")), new HostId(text(n, "source")),
                    new HostId(text(n, "target")), number(q, "memoryBytes").longValue(),
                    number(q, "pageSizeBytes").intValue(), number(q, "executionStateBytes").longValue(),
                    new LinkSpec(number(q, "linkBytesPerSecond").doubleValue(),
                            Duration.ofNanos(number(q, "linkRttNanos").longValue()),
                            number(q, "linkCompressionRatio").doubleValue()),
                    new DirtyBehaviour(number(q, "dirtyPagesPerSecond").doubleValue(),
                            number(q, "dirtyHotPages").longValue(),
                            DirtyBehaviour.Source.valueOf(text(q, "dirtySource"))),
                    Duration.ofNanos(number(q, "downtimeBudgetNanos").longValue()));
            return new Decision(text(n, "decisionId"), new PoolId(text(n, "pool")), r, text(n, "agent"),
                    text(n, "reason"), text(n, "policy"), text(n, "owner"), number(n, "generation").intValue(),
                    Instant.parse(text(n, "decidedAt")));
        });
    }

    // ------------------------------------------------------------------ outcomes

    /** @return the outcome as JSON */
    public static byte[] encode(Outcome o) {
        ObjectNode n = JSON.createObjectNode().put("schemaVersion", OUTCOME_SCHEMA_VERSION);
        n.put("decisionId", o.decisionId()).put("pool", o.pool().value()).put("vm", o.vm().value())
                .put("source", o.source().value()).put("target", o.target().value()).put("status", o.status().name())
                .put("finalHost", o.finalHost().value()).put("technique", o.technique()).put("detail", o.detail())
                .put("executor", o.executor()).put("at", o.at().toString());
        if (o.metrics().isPresent()) {
            MigrationMetrics m = o.metrics().get();
            ObjectNode mn = n.putObject("metrics");
            mn.put("totalTimeNanos", m.totalTime().toNanos()).put("downtimeNanos", m.downtime().toNanos())
                    .put("bytesSent", m.bytesSent()).put("pagesSent", m.pagesSent())
                    .put("pagesResent", m.pagesResent()).put("rounds", m.rounds())
                    .put("postcopyFaults", m.postcopyFaults()).put("degradedTimeNanos", m.degradedTime().toNanos())
                    .put("faultStallTimeNanos", m.faultStallTime().toNanos()).put("slaViolated", m.slaViolated());
            ArrayNode unreported = mn.putArray("unreported");
            m.unreported().stream().map(Enum::name).sorted().forEach(unreported::add);
        } else {
            n.putNull("metrics");
        }
        if (o.slaViolated().isPresent()) {
            n.put("slaViolated", o.slaViolated().get());
        } else {
            n.putNull("slaViolated");
        }
        return bytes(n);
    }

    /** @return the outcome in {@code bytes}: schema version 1 (without metrics) or 2 */
    public static Outcome decodeOutcome(byte[] bytes) throws MessageException {
        return decode("migration-outcomes", bytes, OUTCOME_SCHEMA_VERSION, (n, version) -> new Outcome(
                text(n, "decisionId"), new PoolId(text(n, "pool")), new VmId(text(n, "vm")),
                new HostId(text(n, "source")), new HostId(text(n, "target")), Outcome.Status.valueOf(text(n, "status")),
                new HostId(text(n, "finalHost")), text(n, "technique"), text(n, "detail"), text(n, "executor"),
                Instant.parse(text(n, "at")), version >= 2 ? metrics(n) : Optional.empty(),
                version >= 2 ? optionalBoolean(n, "slaViolated") : Optional.empty()));
    }

    /** Version 2's {@code metrics}: a required key, {@code null} when the hypervisor reported none. */
    private static Optional<MigrationMetrics> metrics(JsonNode n) throws MessageException {
        JsonNode m = present(n, "metrics");
        if (m.isNull()) {
            return Optional.empty();
        }
        if (!m.isObject()) {
            throw new MessageException("field metrics = " + m + ": must be an object or null");
        }
        Set<MigrationMetrics.Figure> unreported = EnumSet.noneOf(MigrationMetrics.Figure.class);
        for (JsonNode f : array(m, "unreported")) {
            unreported.add(MigrationMetrics.Figure.valueOf(f.asText()));
        }
        Optional<Boolean> sla = optionalBoolean(m, "slaViolated");
        if (sla.isEmpty()) {
            throw new MessageException("field metrics.slaViolated missing");
        }
        return Optional.of(new MigrationMetrics(Duration.ofNanos(integral(m, "totalTimeNanos")),
                Duration.ofNanos(integral(m, "downtimeNanos")), integral(m, "bytesSent"), integral(m, "pagesSent"),
                integral(m, "pagesResent"), Math.toIntExact(integral(m, "rounds")), integral(m, "postcopyFaults"),
                Duration.ofNanos(integral(m, "degradedTimeNanos")),
                Duration.ofNanos(integral(m, "faultStallTimeNanos")), sla.get(), unreported));
    }

    // ------------------------------------------------------------------ pool state

    /** @return the pool's state as JSON */
    public static byte[] encode(PoolState s) {
        ObjectNode n = header();
        n.put("pool", s.pool().value()).put("owner", s.owner()).put("generation", s.generation())
                .put("at", s.at().toString());
        ObjectNode g = n.putObject("guard");
        ArrayNode moves = g.putArray("inFlight");
        for (GuardState.Move m : s.guard().inFlight()) {
            ObjectNode mn = moves.addObject().put("vm", m.vm().value()).put("source", m.source().value())
                    .put("target", m.target().value()).put("memoryBytes", m.memoryBytes());
            ArrayNode groups = mn.putArray("groups");
            m.groups().stream().sorted().forEach(groups::add);
        }
        instants(g.putObject("cooldownUntil"), s.guard().cooldownUntil(), VmId::value);
        instants(g.putObject("backoffUntil"), s.guard().backoffUntil(), VmId::value);
        instants(g.putObject("hotSince"), s.guard().hotSince(), HostId::value);
        instants(g.putObject("proposedSince"), s.guard().proposedSince(), VmId::value);
        return bytes(n);
    }

    /** @return the pool's state in {@code bytes} */
    public static PoolState decodePoolState(byte[] bytes) throws MessageException {
        return decode("pool-state", bytes, n -> {
            JsonNode g = field(n, "guard");
            List<GuardState.Move> moves = new ArrayList<>();
            for (JsonNode m : array(g, "inFlight")) {
                Set<String> groups = new HashSet<>();
                for (JsonNode t : array(m, "groups")) {
                    groups.add(t.asText());
                }
                moves.add(new GuardState.Move(new VmId(text(m, "vm")), new HostId(text(m, "source")),
                        new HostId(text(m, "target")), number(m, "memoryBytes").longValue(), groups));
            }
            return new PoolState(new PoolId(text(n, "pool")), text(n, "owner"), number(n, "generation").intValue(),
                    Instant.parse(text(n, "at")), new GuardState(moves, instants(g, "cooldownUntil", VmId::new),
                            instants(g, "backoffUntil", VmId::new), instants(g, "hotSince", HostId::new),
                            instants(g, "proposedSince", VmId::new)));
        });
    }

    // ------------------------------------------------------------------ helpers

    private interface Reader<T> {
        T read(JsonNode n) throws MessageException;
    }

    private interface VersionedReader<T> {
        T read(JsonNode n, int version) throws MessageException;
    }

    private static <T> T decode(String topic, byte[] bytes, Reader<T> reader) throws MessageException {
        return decode(topic, bytes, SCHEMA_VERSION, (n, version) -> reader.read(n));
    }

    private static <T> T decode(String topic, byte[] bytes, int newest, VersionedReader<T> reader)
            throws MessageException {
        if (bytes == null) {
            throw new MessageException(topic + ": empty record (a tombstone or a null value)");
        }
        JsonNode n;
        try {
            n = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new MessageException(topic + ": not JSON: " + oneLine(e.getMessage()));
        }
        if (n == null || !n.isObject()) {
            throw new MessageException(topic + ": not a JSON object");
        }
        JsonNode version = n.get("schemaVersion");
        if (version == null || !version.canConvertToInt()) {
            throw new MessageException(topic + ": schemaVersion missing");
        }
        if (version.asInt() > newest || version.asInt() < 1) {
            throw new MessageException(topic + ": schemaVersion " + version.asInt() + " (this reader knows 1 to "
                    + newest + ")");
        }
        try {
            return reader.read(n, version.asInt());
        } catch (MessageException e) {
            throw new MessageException(topic + ": " + e.getMessage());
        } catch (IllegalArgumentException | NullPointerException | ArithmeticException
                | java.time.DateTimeException e) {
            throw new MessageException(topic + ": " + oneLine(String.valueOf(e.getMessage())));
        }
    }

    private static String oneLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static ObjectNode header() {
        return JSON.createObjectNode().put("schemaVersion", SCHEMA_VERSION);
    }

    private static byte[] bytes(ObjectNode n) {
        try {
            return JSON.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new IllegalStateException("JSON of an object tree: " + e, e);
        }
    }

    private static JsonNode field(JsonNode n, String name) throws MessageException {
        JsonNode v = n.get(name);
        if (v == null || v.isNull()) {
            throw new MessageException("field " + name + " missing");
        }
        return v;
    }

    private static String text(JsonNode n, String name) throws MessageException {
        JsonNode v = field(n, name);
        if (!v.isTextual()) {
            throw new MessageException("field " + name + " = " + v + ": must be a string");
        }
        return v.asText();
    }

    private static Number number(JsonNode n, String name) throws MessageException {
        JsonNode v = field(n, name);
        if (!v.isNumber()) {
            throw new MessageException("field " + name + " = " + v + ": must be a number");
        }
        return v.numberValue();
    }

    /** @return the key's value, which may be JSON {@code null} */
    private static JsonNode present(JsonNode n, String name) throws MessageException {
        JsonNode v = n.get(name);
        if (v == null) {
            throw new MessageException("field " + name + " missing");
        }
        return v;
    }

    private static Optional<Boolean> optionalBoolean(JsonNode n, String name) throws MessageException {
        JsonNode v = present(n, name);
        if (v.isNull()) {
            return Optional.empty();
        }
        if (!v.isBoolean()) {
            throw new MessageException("field " + name + " = " + v + ": must be true, false or null");
        }
        return Optional.of(v.booleanValue());
    }

    private static long integral(JsonNode n, String name) throws MessageException {
        JsonNode v = field(n, name);
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new MessageException("field " + name + " = " + v + ": must be an integer");
        }
        return v.longValue();
    }

    private static Iterable<JsonNode> array(JsonNode n, String name) throws MessageException {
        JsonNode v = field(n, name);
        if (!v.isArray()) {
            throw new MessageException("field " + name + ": must be an array");
        }
        return v;
    }

    private static <K> void instants(ObjectNode into, Map<K, Instant> map, Function<K, String> key) {
        map.entrySet().stream().sorted(Map.Entry.comparingByValue())
                .forEach(e -> into.put(key.apply(e.getKey()), e.getValue().toString()));
    }

    private static <K> Map<K, Instant> instants(JsonNode g, String name, Function<String, K> key)
            throws MessageException {
        JsonNode v = field(g, name);
        if (!v.isObject()) {
            throw new MessageException("field " + name + ": must be an object");
        }
        Map<K, Instant> out = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(key.apply(e.getKey()), Instant.parse(e.getValue().asText()));
        }
        return out;
    }
}
