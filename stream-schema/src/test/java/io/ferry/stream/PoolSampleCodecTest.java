package io.ferry.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferry.api.model.ClusterSnapshot;
import io.ferry.stream.UnreadableSampleException.Reason;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PoolSampleCodecTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static byte[] golden() throws Exception {
        return resource("pool-sample-v1.json");
    }

    private static byte[] goldenV2() throws Exception {
        return resource("pool-sample-v2.json");
    }

    private static byte[] resource(String name) throws Exception {
        try (InputStream in = PoolSampleCodecTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void snapshotToJsonAndBackGivesAnEqualSnapshotAndWindows() throws Exception {
        PoolSample s = Samples.golden();

        PoolSample back = PoolSampleCodec.decode(PoolSampleCodec.encode(s));

        assertThat(back).isEqualTo(s);
        assertThat(back.snapshot()).isEqualTo(s.snapshot());
        assertThat(back.snapshot().vmsOn(new io.ferry.api.model.HostId("h1"))).hasSize(2);
        assertThat(back.windows()).isEqualTo(s.windows());
    }

    @Test
    void aSampleWithItsHypervisorRoundTrips() throws Exception {
        PoolSample s = Samples.goldenV2();

        PoolSample back = PoolSampleCodec.decode(PoolSampleCodec.encode(s));

        assertThat(back).isEqualTo(s);
        assertThat(back.hypervisor()).contains(Samples.QEMU);
    }

    @Test
    void aHypervisorWithoutALinkRoundTrips() throws Exception {
        PoolSample s = Samples.golden().withHypervisor(new PoolSample.Hypervisor("xapi",
                java.util.Set.of(io.ferry.api.model.Capability.PRE_COPY, io.ferry.api.model.Capability.CANCEL),
                java.util.Optional.empty()));

        assertThat(PoolSampleCodec.decode(PoolSampleCodec.encode(s))).isEqualTo(s);
    }

    @Test
    void aSampleWithoutAHypervisorIsWrittenAsVersion2WithANullHypervisor() throws Exception {
        JsonNode written = JSON.readTree(PoolSampleCodec.encode(Samples.golden()));

        assertThat(written.get("schemaVersion").intValue()).isEqualTo(2);
        assertThat(written.get("hypervisor").isNull()).isTrue();
        assertThat(PoolSampleCodec.decode(PoolSampleCodec.encode(Samples.golden()))).isEqualTo(Samples.golden());
    }

    @Test
    void theGoldenV2FileDecodesToTheSampleAndEncodingWritesItsLayout() throws Exception {
        byte[] golden = goldenV2();

        assertThat(PoolSampleCodec.decode(golden)).isEqualTo(Samples.goldenV2());
        assertThat(JSON.readTree(PoolSampleCodec.encode(Samples.goldenV2()))).isEqualTo(JSON.readTree(golden));
    }

    @Test
    void aVersion1RecordIsStillReadAsASampleWithoutHypervisor() throws Exception {
        PoolSample read = PoolSampleCodec.decode(golden());

        assertThat(read).isEqualTo(Samples.golden());
        assertThat(read.hypervisor()).isEmpty();
    }

    @Test
    void aVersion1RecordIgnoresAHypervisorField() throws Exception {
        ObjectNode n = (ObjectNode) JSON.readTree(goldenV2());
        n.put("schemaVersion", 1);

        assertThat(PoolSampleCodec.decode(JSON.writeValueAsBytes(n)).hypervisor()).isEmpty();
    }

    @Test
    void aCapabilityThisBuildDoesNotKnowIsDropped() throws Exception {
        ObjectNode n = (ObjectNode) JSON.readTree(goldenV2());
        ((com.fasterxml.jackson.databind.node.ArrayNode) n.get("hypervisor").get("capabilities")).add("TELEPORT");

        assertThat(PoolSampleCodec.decode(JSON.writeValueAsBytes(n))).isEqualTo(Samples.goldenV2());
    }

    @Test
    void anEmptyPoolRoundTrips() throws Exception {
        PoolSample s = new PoolSample(Samples.POOL, "x", 0, Instant.EPOCH,
                new ClusterSnapshot(Samples.POOL, Instant.EPOCH, List.of(), List.of()), List.of());

        assertThat(PoolSampleCodec.decode(PoolSampleCodec.encode(s))).isEqualTo(s);
    }

    @Test
    void aFutureSchemaVersionIsRefusedAsSuchInOneLine() throws Exception {
        ObjectNode n = (ObjectNode) JSON.readTree(goldenV2());
        n.put("schemaVersion", 3);

        assertThatThrownBy(() -> PoolSampleCodec.decode(JSON.writeValueAsBytes(n)))
                .isInstanceOfSatisfying(UnreadableSampleException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.FUTURE_VERSION))
                .hasMessage("schemaVersion 3 is newer than this build's 2");
    }

    @Test
    void fieldsANewerMinorWriterAddsAreIgnored() throws Exception {
        ObjectNode n = (ObjectNode) JSON.readTree(golden());
        n.put("region", "eu-west");
        ((ObjectNode) n.get("snapshot").get("hosts").get(0)).put("rack", "a");

        assertThat(PoolSampleCodec.decode(JSON.writeValueAsBytes(n))).isEqualTo(Samples.golden());
    }

    @Test
    void malformedMessagesAreRefusedWithWhatIsWrong() throws Exception {
        assertMalformed("not json".getBytes(StandardCharsets.UTF_8), "not JSON");
        assertMalformed("[1,2]".getBytes(StandardCharsets.UTF_8), "not a JSON object");
        assertMalformed("{}".getBytes(StandardCharsets.UTF_8), "schemaVersion missing");
        assertMalformed(edit(n -> n.put("schemaVersion", "1")), "schemaVersion missing or not an integer");
        assertMalformed(edit(n -> n.put("schemaVersion", 0)), "schemaVersion 0: no such version");
        assertMalformed(edit(n -> n.remove("source")), "source is missing");
        assertMalformed(edit(n -> n.put("sequence", "42")), "sequence is not a long");
        assertMalformed(edit(n -> n.put("time", "yesterday")), "time is not an ISO-8601 instant");
        assertMalformed(edit(n -> ((ObjectNode) n.get("snapshot").get("vms").get(0)).put("residentOn", "h9")),
                "unknown host h9");
        assertMalformed(edit(n -> ((ObjectNode) n.get("snapshot").get("vms").get(0)).put("power", "FLYING")),
                "power 'FLYING' is not one of");
        assertMalformed(edit(n -> ((ObjectNode) n.get("snapshot").get("hosts").get(0)).put("cpuUtilisation", 1.5)),
                "cpuUtilisation");
        assertMalformed(edit(n -> ((ObjectNode) n.get("windows").get(0)).put("step", "PT0S")), "step");
        assertMalformed(edit(n -> ((ObjectNode) n.get("snapshot")).put("hosts", "h1")), "hosts is not an array");
        assertMalformed(edit(n -> ((ObjectNode) n.get("windows").get(1)).putArray("values").add("x")),
                "window values[0] is not a number");
    }

    @Test
    void malformedHypervisorsAreRefusedWithWhatIsWrong() throws Exception {
        assertMalformed(editV2(n -> n.remove("hypervisor")), "hypervisor is missing");
        assertMalformed(editV2(n -> n.put("hypervisor", "qemu")), "hypervisor is not an object");
        assertMalformed(editV2(n -> ((ObjectNode) n.get("hypervisor")).remove("kind")), "kind is missing");
        assertMalformed(editV2(n -> ((ObjectNode) n.get("hypervisor")).put("kind", " ")), "hypervisor kind is blank");
        assertMalformed(editV2(n -> ((ObjectNode) n.get("hypervisor")).put("capabilities", "PRE_COPY")),
                "capabilities is not an array");
        assertMalformed(editV2(n -> ((ObjectNode) n.get("hypervisor")).putArray("capabilities").add(1)),
                "capabilities holds a non-string");
        assertMalformed(editV2(n -> ((ObjectNode) n.get("hypervisor")).put("link", 125)), "link is not an object");
        assertMalformed(editV2(n -> ((ObjectNode) n.get("hypervisor").get("link")).put("rtt", "soon")),
                "rtt is not an ISO-8601 duration");
        assertMalformed(editV2(n -> ((ObjectNode) n.get("hypervisor").get("link")).put("compressionRatio", 2.0)),
                "compressionRatio");
        assertMalformed(editV2(n -> ((ObjectNode) n.get("hypervisor").get("link")).put("bandwidthBytesPerSec", 0)),
                "bandwidthBytesPerSec");
    }

    private interface Edit {
        void apply(ObjectNode n);
    }

    private static byte[] edit(Edit e) throws Exception {
        ObjectNode n = (ObjectNode) JSON.readTree(golden());
        e.apply(n);
        return JSON.writeValueAsBytes(n);
    }

    private static byte[] editV2(Edit e) throws Exception {
        ObjectNode n = (ObjectNode) JSON.readTree(goldenV2());
        e.apply(n);
        return JSON.writeValueAsBytes(n);
    }

    private static void assertMalformed(byte[] json, String why) {
        assertThatThrownBy(() -> PoolSampleCodec.decode(json)).isInstanceOfSatisfying(
                UnreadableSampleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED))
                .hasMessageStartingWith("malformed sample: ").hasMessageContaining(why);
    }
}
