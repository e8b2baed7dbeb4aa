package io.ferry.compare.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferry.api.model.Capability;
import io.ferry.compare.EngineProfile;
import io.ferry.compare.ScenarioFileException;
import io.ferry.engine.BandwidthCurve;
import io.ferry.engine.EngineSettings;
import io.ferry.engine.HypervisorModel;
import io.ferry.engine.LiveMigrationEngine;
import java.io.IOException;
import java.io.Writer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes profile files: one JSON object with {@code name}, {@code description}, {@code provenance},
 * {@code hypervisor} (the {@link HypervisorModel} and the round sync cost, in MiB/s and milliseconds; {@code rateWindowMs}, QEMU's rate-limiter period, absent or 0: a continuous link;
 * {@code copyRateMiBps}, the host's uncapped copy rate, absent or 0: unbounded; {@code postcopyCopyRateMiBps}, the
 * same in post-copy, absent or 0: the copy rate),
 * {@code guest} ({@link EngineProfile.Guest}) and {@code sources} (where each figure came from). Curves are arrays of
 * {@code {"capMiBps": 64, "value": 1.05}}. Unknown keys are errors; every error is one line naming the origin and the
 * JSON path. Cost: one pass over the file.
 */
public final class ProfileJson {

    private static final double MIB = 1 << 20;
    private static final List<String> TOP = List.of("name", "description", "provenance", "capabilities",
            "hypervisor", "guest", "sources");
    private static final List<String> HYPERVISOR = List.of("liveEfficiency", "postcopyEfficiency",
            "pauseBandwidthMiBps", "pauseOverheadMs", "pageHeaderBytes", "zeroPageBytes", "earlySyncMs",
            "ownConvergence", "roundSyncCostMs", "faultLatencyMs", "resumePages", "resumeStallMs", "rateWindowMs",
            "copyRateMiBps", "postcopyCopyRateMiBps", "zeroPageScanMicros");
    private static final List<String> GUEST = List.of("kernelBaseMiB", "kernelPerGuestMiB", "systemWritesPerSecond",
            "systemHotPages", "maxWritesPerSecond", "nonZeroTopMiB");

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private ProfileJson() {
    }

    /**
     * @param origin the file or resource, for messages
     * @param text   the profile
     * @throws ScenarioFileException with one line when it is not a valid profile
     */
    public static EngineProfile parse(String origin, String text) {
        JsonNode doc;
        try {
            doc = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ScenarioFileException(origin + ": malformed JSON at line " + e.getLocation().getLineNr() + ": "
                    + e.getOriginalMessage());
        }
        JsonFields top = JsonFields.root(origin, doc);
        top.allowOnly(TOP);
        String name = top.string("name");
        String description = top.optionalString("description").orElse("");
        JsonFields hv = top.object("hypervisor", "an object with the hypervisor model");
        hv.allowOnly(HYPERVISOR);
        BandwidthCurve live = curve(hv, "liveEfficiency", 1);
        BandwidthCurve postcopy = curve(hv, "postcopyEfficiency", 1);
        double pauseBandwidth = nonNegative(hv, "pauseBandwidthMiBps") * MIB;
        Duration pauseOverhead = millis(nonNegative(hv, "pauseOverheadMs"));
        int header = hv.integer("pageHeaderBytes", 0, 0, 4096);
        int zero = hv.integer("zeroPageBytes", -1, -1, 4096);
        Duration earlySync = millis(nonNegative(hv, "earlySyncMs"));
        boolean own = hv.bool("ownConvergence", false);
        BandwidthCurve latency = curve(hv, "faultLatencyMs", 1e-3);
        int resumePages = hv.integer("resumePages", 0, 0, 1 << 20);
        BandwidthCurve resumeStall = curve(hv, "resumeStallMs", 1e-3);
        Duration sync = millis(nonNegative(hv, "roundSyncCostMs"));
        double copyRate = nonNegative(hv, "copyRateMiBps") * MIB;
        double postcopyCopyRate = nonNegative(hv, "postcopyCopyRateMiBps") * MIB;
        Duration rateWindow = millis(nonNegative(hv, "rateWindowMs"));
        Duration zeroScan = Duration.ofNanos(Math.round(nonNegative(hv, "zeroPageScanMicros") * 1e3));
        HypervisorModel model = hv.engine(() -> new HypervisorModel(live, postcopy, pauseBandwidth, pauseOverhead,
                header, zero, earlySync, own, latency, resumePages, resumeStall, copyRate, postcopyCopyRate,
                rateWindow, zeroScan));
        EngineSettings settings = new EngineSettings().withHypervisor(model).withRoundSyncCost(sync);
        EngineProfile.Guest guest = EngineProfile.Guest.NONE;
        if (top.has("guest")) {
            JsonFields g = top.object("guest", "an object with the guests' own behaviour");
            g.allowOnly(GUEST);
            Map<String, Double> max = new LinkedHashMap<>();
            if (g.has("maxWritesPerSecond")) {
                JsonNode m = doc.path("guest").path("maxWritesPerSecond");
                m.fields().forEachRemaining(e -> max.put(e.getKey(), e.getValue().asDouble(Double.NaN)));
            }
            double base = nonNegative(g, "kernelBaseMiB");
            double perGuest = nonNegative(g, "kernelPerGuestMiB");
            double systemRate = nonNegative(g, "systemWritesPerSecond");
            int systemPages = g.integer("systemHotPages", 0, 0, 1 << 24);
            double topMiB = nonNegative(g, "nonZeroTopMiB");
            guest = g.engine(() -> new EngineProfile.Guest(base, perGuest, systemRate, systemPages, max, topMiB));
        }
        Set<Capability> capabilities = LiveMigrationEngine.CAPABILITIES;
        if (top.has("capabilities")) {
            JsonNode caps = doc.path("capabilities");
            if (!caps.isArray()) {
                throw top.invalid("capabilities", "must be an array of capability names ("
                        + Arrays.toString(Capability.values()) + ")");
            }
            Set<Capability> named = EnumSet.noneOf(Capability.class);
            for (JsonNode c : caps) {
                try {
                    named.add(Capability.valueOf(c.asText()));
                } catch (IllegalArgumentException e) {
                    throw top.invalid("capabilities", "\"" + c.asText() + "\" is not one of "
                            + Arrays.toString(Capability.values()));
                }
            }
            capabilities = named;
        }
        EngineProfile.Guest guestFinal = guest;
        Set<Capability> capsFinal = capabilities;
        return top.engine(() -> new EngineProfile(name, description, settings, capsFinal, guestFinal,
                strings(doc.path("provenance")), strings(doc.path("sources"))));
    }

    /** Writes {@code profile} as a pretty-printed profile file; does not close {@code out}. */
    public static void write(EngineProfile profile, Writer out) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("name", profile.name());
        root.put("description", profile.description());
        ObjectNode provenance = root.putObject("provenance");
        new java.util.TreeMap<>(profile.provenance()).forEach(provenance::put);
        ArrayNode caps = root.putArray("capabilities");
        profile.capabilities().stream().sorted().forEach(c -> caps.add(c.name()));
        HypervisorModel m = profile.settings().hypervisor();
        ObjectNode hv = root.putObject("hypervisor");
        curve(hv.putArray("liveEfficiency"), m.liveEfficiency(), 1);
        curve(hv.putArray("postcopyEfficiency"), m.postcopyEfficiency(), 1);
        hv.put("pauseBandwidthMiBps", round(m.pauseBandwidthBytesPerSec() / MIB));
        hv.put("pauseOverheadMs", round(m.pauseOverhead().toNanos() / 1e6));
        hv.put("pageHeaderBytes", m.pageHeaderBytes());
        hv.put("zeroPageBytes", m.zeroPageBytes());
        hv.put("earlySyncMs", round(m.earlySync().toNanos() / 1e6));
        hv.put("ownConvergence", m.ownConvergence());
        hv.put("roundSyncCostMs", round(profile.settings().roundSyncCost().toNanos() / 1e6));
        hv.put("rateWindowMs", round(m.rateWindow().toNanos() / 1e6));
        curve(hv.putArray("faultLatencyMs"), m.faultLatency(), 1e-3);
        hv.put("resumePages", m.resumePages());
        curve(hv.putArray("resumeStallMs"), m.resumeStall(), 1e-3);
        hv.put("copyRateMiBps", round(m.copyRateBytesPerSec() / MIB));
        hv.put("postcopyCopyRateMiBps", round(m.postcopyCopyRateBytesPerSec() / MIB));
        hv.put("zeroPageScanMicros", round(m.zeroPageScan().toNanos() / 1e3));
        EngineProfile.Guest g = profile.guest();
        ObjectNode guest = root.putObject("guest");
        guest.put("kernelBaseMiB", round(g.kernelBaseMiB()));
        guest.put("kernelPerGuestMiB", round(g.kernelPerGuestMiB()));
        guest.put("systemWritesPerSecond", round(g.systemWritesPerSecond()));
        guest.put("systemHotPages", g.systemHotPages());
        guest.put("nonZeroTopMiB", round(g.nonZeroTopMiB()));
        ObjectNode max = guest.putObject("maxWritesPerSecond");
        new java.util.TreeMap<>(g.maxWritesPerSecond()).forEach((k, v) -> max.put(k, round(v)));
        ObjectNode sources = root.putObject("sources");
        new java.util.TreeMap<>(profile.sources()).forEach(sources::put);
        JSON.writeValue(out, root);
        out.write('\n');
    }

    private static BandwidthCurve curve(JsonFields hv, String key, double scale) {
        if (!hv.has(key)) {
            return BandwidthCurve.NONE;
        }
        List<BandwidthCurve.Point> points = new ArrayList<>();
        for (JsonFields p : hv.objects(key, "points like {\"capMiBps\": 64, \"value\": 1.05}")) {
            p.allowOnly(List.of("capMiBps", "value"));
            double cap = p.positive("capMiBps") * MIB;
            double value = p.number("value") * scale;
            points.add(p.engine(() -> new BandwidthCurve.Point(cap, value)));
        }
        return hv.engine(() -> new BandwidthCurve(points));
    }

    private static void curve(ArrayNode out, BandwidthCurve curve, double scale) {
        for (BandwidthCurve.Point p : curve.points()) {
            out.addObject().put("capMiBps", round(p.capBytesPerSec() / MIB)).put("value", round(p.value() / scale));
        }
    }

    private static double nonNegative(JsonFields fields, String key) {
        double v = fields.number(key, 0);
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw fields.invalid(key, "must be a finite number >= 0");
        }
        return v;
    }

    private static Map<String, String> strings(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText()
                : e.getValue().toString()));
        return out;
    }

    private static Duration millis(double ms) {
        if (!(ms >= 0) || Double.isInfinite(ms)) {
            throw new IllegalArgumentException("a time of " + ms + " ms: must be a finite number >= 0");
        }
        return Duration.ofNanos(Math.round(ms * 1e6));
    }

    /** Four significant decimals are more than the measurements carry. */
    private static double round(double v) {
        return Math.round(v * 1e4) / 1e4;
    }
}
