package io.ferry.stream.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.api.model.Capability;
import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.HostId;
import io.ferry.api.model.HostState;
import io.ferry.api.model.LinkSpec;
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
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The JSON layer of {@code PoolSampleCodec}: writes schema version 2, reads 1 and 2. Written with Jackson's
 * streaming generator (no reflection), read through Jackson's tree with every field checked. Version 2 adds the
 * object {@code hypervisor} ({@code null} when the publisher does not know it); a version 1 message has none and
 * reads as a sample without it. A capability name this build does not know is dropped (the pool is then seen as
 * able to do less, never more), so that a newer build's capability does not make every sample unreadable.
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
            if (s.hypervisor().isPresent()) {
                PoolSample.Hypervisor h = s.hypervisor().get();
                g.writeObjectFieldStart("hypervisor");
                g.writeStringField("kind", h.kind());
                g.writeArrayFieldStart("capabilities");
                for (Capability c : h.capabilities()) { // an EnumSet: declaration order
                    g.writeString(c.name());
                }
                g.writeEndArray();
                if (h.link().isPresent()) {
                    LinkSpec l = h.link().get();
                    g.writeObjectFieldStart("link");
                    g.writeNumberField("bandwidthBytesPerSec", l.bandwidthBytesPerSec());
                    g.writeStringField("rtt", l.rtt().toString());
                    g.writeNumberField("compressionRatio", l.compressionRatio());
                    g.writeEndObject();
                } else {
                    g.writeNullField("link");
                }
                g.writeEndObject();
            } else {
                g.writeNullField("hypervisor");
            }
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
                    snapshot, windows, v >= 2 ? hypervisor(root) : Optional.empty());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw malformed(e.getMessage());
        }
    }

    /** Version 2's {@code hypervisor}: required as a key, {@code null} when the publisher did not know it. */
    private static Optional<PoolSample.Hypervisor> hypervisor(JsonNode root) throws UnreadableSampleException {
        JsonNode h = root.get("hypervisor");
        if (h == null) {
            throw malformed("hypervisor is missing (version 2 writes it, null when unknown)");
        }
        if (h.isNull()) {
            return Optional.empty();
        }
        if (!h.isObject()) {
            throw malformed("hypervisor is not an object");
        }
        Set<Capability> caps = EnumSet.noneOf(Capability.class);
        for (JsonNode c : array(h, "capabilities")) {
            if (!c.isTextual()) {
                throw malformed("capabilities holds a non-string");
            }
            for (Capability known : Capability.values()) {
                if (known.name().equals(c.textValue())) {
                    caps.add(known);
                }
            }
        }
        JsonNode l = h.get("link");
        Optional<LinkSpec> link;
        if (l == null || l.isNull()) {
            link = Optional.empty();
        } else if (l.isObject()) {
            link = Optional.of(new LinkSpec(number(l, "bandwidthBytesPerSec"), duration(l, "rtt"),
                    number(l, "compressionRatio")));
        } else {
            throw malformed("link is not an object");
        }
        return Optional.of(new PoolSample.Hypervisor(text(h, "kind"), caps, link));
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
