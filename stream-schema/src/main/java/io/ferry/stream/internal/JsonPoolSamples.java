package io.ferry.stream.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.HostId;
import io.ferry.api.model.HostState;
import io.ferry.api.model.Metric;
import io.ferry.api.model.MetricWindow;
import io.ferry.api.model.PoolId;
import io.ferry.api.model.PowerState;
import io.ferry.api.model.VmId;
import io.ferry.api.model.VmState;
import io.ferry.stream.PoolSample;
import io.ferry.stream.UnreadableSampleException;
import io.ferry.stream.UnreadableSampleException.Reason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The JSON layer of {@code PoolSampleCodec}, schema version 1: written with Jackson's streaming generator (no
 * reflection), read through Jackson's tree with every field checked.
 */
public final class JsonPoolSamples {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).build()).build();
    private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);

    private JsonPoolSamples() {
    }

    public static byte[] encode(PoolSample s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + 128 * s.snapshot().vms().size());
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("schemaVersion", PoolSample.SCHEMA_VERSION);
            g.writeStringField("pool", s.pool().value());
            g.writeStringField("source", s.source());
            g.writeNumberField("sequence", s.sequence());
            g.writeStringField("time", s.time().toString());
            ClusterSnapshot snap = s.snapshot();
            g.writeObjectFieldStart("snapshot");
            g.writeStringField("taken", snap.taken().toString());
            g.writeArrayFieldStart("hosts");
            for (HostState h : snap.hosts()) {
                g.writeStartObject();
                g.writeStringField("id", h.id().value());
                g.writeStringField("name", h.name());
                g.writeBooleanField("enabled", h.enabled());
                g.writeBooleanField("maintenance", h.maintenance());
                g.writeNumberField("cpuCount", h.cpuCount());
                g.writeNumberField("cpuUtilisation", h.cpuUtilisation());
                g.writeNumberField("memoryTotalBytes", h.memoryTotalBytes());
                g.writeNumberField("memoryFreeBytes", h.memoryFreeBytes());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("vms");
            for (VmState v : snap.vms()) {
                g.writeStartObject();
                g.writeStringField("id", v.id().value());
                g.writeStringField("name", v.name());
                g.writeStringField("power", v.power().name());
                if (v.residentOn().isPresent()) {
                    g.writeStringField("residentOn", v.residentOn().get().value());
                } else {
                    g.writeNullField("residentOn");
                }
                g.writeNumberField("memoryBytes", v.memoryBytes());
                g.writeNumberField("vcpus", v.vcpus());
                g.writeNumberField("cpuUtilisation", v.cpuUtilisation());
                g.writeArrayFieldStart("tags");
                for (String t : new TreeSet<>(v.tags())) {
                    g.writeString(t);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeArrayFieldStart("windows");
            for (MetricWindow w : s.windows()) {
                g.writeStartObject();
                g.writeStringField("subject", w.subject());
                g.writeStringField("metric", w.metric().name());
                g.writeStringField("end", w.end().toString());
                g.writeStringField("step", w.step().toString());
                g.writeArrayFieldStart("values");
                for (int i = 0; i < w.size(); i++) {
                    g.writeNumber(w.get(i));
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory", e);
        }
        return out.toByteArray();
    }

    public static PoolSample decode(byte[] json) throws UnreadableSampleException {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw malformed("not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw malformed("not JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw malformed("not a JSON object");
        }
        JsonNode version = root.get("schemaVersion");
        if (version == null || !version.isIntegralNumber() || !version.canConvertToInt()) {
            throw malformed("schemaVersion missing or not an integer");
        }
        int v = version.intValue();
        if (v > PoolSample.SCHEMA_VERSION) {
            throw new UnreadableSampleException(Reason.FUTURE_VERSION, "schemaVersion " + v
                    + " is newer than this build's " + PoolSample.SCHEMA_VERSION);
        }
        if (v < 1) {
            throw malformed("schemaVersion " + v + ": no such version");
        }
        try {
            PoolId pool = new PoolId(text(root, "pool"));
            JsonNode snap = object(root, "snapshot");
            List<HostState> hosts = new ArrayList<>();
            for (JsonNode h : array(snap, "hosts")) {
                hosts.add(new HostState(new HostId(text(h, "id")), text(h, "name"), bool(h, "enabled"),
                        bool(h, "maintenance"), integer(h, "cpuCount"), number(h, "cpuUtilisation"),
                        longValue(h, "memoryTotalBytes"), longValue(h, "memoryFreeBytes")));
            }
            List<VmState> vms = new ArrayList<>();
            for (JsonNode m : array(snap, "vms")) {
                JsonNode resident = m.get("residentOn");
                Optional<HostId> on;
                if (resident == null || resident.isNull()) {
                    on = Optional.empty();
                } else if (resident.isTextual()) {
                    on = Optional.of(new HostId(resident.textValue()));
                } else {
                    throw malformed("residentOn is not a string");
                }
                Set<String> tags = new HashSet<>();
                for (JsonNode t : array(m, "tags")) {
                    if (!t.isTextual()) {
                        throw malformed("tags holds a non-string");
                    }
                    tags.add(t.textValue());
                }
                vms.add(new VmState(new VmId(text(m, "id")), text(m, "name"),
                        enumValue(PowerState.class, m, "power"), on, longValue(m, "memoryBytes"),
                        integer(m, "vcpus"), number(m, "cpuUtilisation"), tags));
            }
            ClusterSnapshot snapshot = new ClusterSnapshot(pool, instant(snap, "taken"), hosts, vms);
            List<MetricWindow> windows = new ArrayList<>();
            for (JsonNode w : array(root, "windows")) {
                JsonNode values = array(w, "values");
                double[] d = new double[values.size()];
                for (int i = 0; i < d.length; i++) {
                    if (!values.get(i).isNumber()) {
                        throw malformed("window values[" + i + "] is not a number");
                    }
                    d[i] = values.get(i).doubleValue();
                }
                windows.add(new MetricWindow(text(w, "subject"), enumValue(Metric.class, w, "metric"),
                        instant(w, "end"), duration(w, "step"), d));
            }
            return new PoolSample(pool, text(root, "source"), longValue(root, "sequence"), instant(root, "time"),
                    snapshot, windows);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw malformed(e.getMessage());
        }
    }

    private static UnreadableSampleException malformed(String why) {
        return new UnreadableSampleException(Reason.MALFORMED, "malformed sample: " + why);
    }

    private static JsonNode field(JsonNode n, String name) throws UnreadableSampleException {
        JsonNode f = n.get(name);
        if (f == null || f.isNull()) {
            throw malformed(name + " is missing");
        }
        return f;
    }

    private static String text(JsonNode n, String name) throws UnreadableSampleException {
        JsonNode f = field(n, name);
        if (!f.isTextual()) {
            throw malformed(name + " is not a string");
        }
        return f.textValue();
    }

    private static boolean bool(JsonNode n, String name) throws UnreadableSampleException {
        JsonNode f = field(n, name);
        if (!f.isBoolean()) {
            throw malformed(name + " is not a boolean");
        }
        return f.booleanValue();
    }

    private static int integer(JsonNode n, String name) throws UnreadableSampleException {
        JsonNode f = field(n, name);
        if (!f.isIntegralNumber() || !f.canConvertToInt()) {
            throw malformed(name + " is not an int");
        }
        return f.intValue();
    }

    private static long longValue(JsonNode n, String name) throws UnreadableSampleException {
        JsonNode f = field(n, name);
        if (!f.isIntegralNumber() || !f.canConvertToLong()) {
            throw malformed(name + " is not a long");
        }
        return f.longValue();
    }

    private static double number(JsonNode n, String name) throws UnreadableSampleException {
        JsonNode f = field(n, name);
        if (!f.isNumber()) {
            throw malformed(name + " is not a number");
        }
        return f.doubleValue();
    }

    private static JsonNode object(JsonNode n, String name) throws UnreadableSampleException {
        JsonNode f = field(n, name);
        if (!f.isObject()) {
            throw malformed(name + " is not an object");
        }
        return f;
    }

    private static JsonNode array(JsonNode n, String name) throws UnreadableSampleException {
        JsonNode f = field(n, name);
        if (!f.isArray()) {
            throw malformed(name + " is not an array");
        }
        return f;
    }

    private static Instant instant(JsonNode n, String name) throws UnreadableSampleException {
        try {
            return Instant.parse(text(n, name));
        } catch (DateTimeException e) {
            throw malformed(name + " is not an ISO-8601 instant");
        }
    }

    private static Duration duration(JsonNode n, String name) throws UnreadableSampleException {
        try {
            return Duration.parse(text(n, name));
        } catch (DateTimeException e) {
            throw malformed(name + " is not an ISO-8601 duration");
        }
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, JsonNode n, String name)
            throws UnreadableSampleException {
        String s = text(n, name);
        try {
            return Enum.valueOf(type, s);
        } catch (IllegalArgumentException e) {
            throw malformed(name + " '" + s + "' is not one of " + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }
}
