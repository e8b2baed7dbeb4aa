package io.ferry.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        try (InputStream in = PoolSampleCodecTest.class.getResourceAsStream("pool-sample-v1.json")) {
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
    void theGoldenV1FileDecodesToTheSampleAndEncodingWritesItsLayout() throws Exception {
        byte[] golden = golden();

        assertThat(PoolSampleCodec.decode(golden)).isEqualTo(Samples.golden());
        assertThat(JSON.readTree(PoolSampleCodec.encode(Samples.golden()))).isEqualTo(JSON.readTree(golden));
    }

    @Test
    void anEmptyPoolRoundTrips() throws Exception {
        PoolSample s = new PoolSample(Samples.POOL, "x", 0, Instant.EPOCH,
                new ClusterSnapshot(Samples.POOL, Instant.EPOCH, List.of(), List.of()), List.of());

        assertThat(PoolSampleCodec.decode(PoolSampleCodec.encode(s))).isEqualTo(s);
    }

    @Test
    void aFutureSchemaVersionIsRefusedAsSuch() throws Exception {
        ObjectNode n = (ObjectNode) JSON.readTree(golden());
        n.put("schemaVersion", 2);

        assertThatThrownBy(() -> PoolSampleCodec.decode(JSON.writeValueAsBytes(n)))
                .isInstanceOfSatisfying(UnreadableSampleException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.FUTURE_VERSION))
                .hasMessage("schemaVersion 2 is newer than this build's 1");
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

    private interface Edit {
        void apply(ObjectNode n);
    }

    private static byte[] edit(Edit e) throws Exception {
        ObjectNode n = (ObjectNode) JSON.readTree(golden());
        e.apply(n);
        return JSON.writeValueAsBytes(n);
    }

    private static void assertMalformed(byte[] json, String why) {
        assertThatThrownBy(() -> PoolSampleCodec.decode(json)).isInstanceOfSatisfying(
                UnreadableSampleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED))
                .hasMessageStartingWith("malformed sample: ").hasMessageContaining(why);
    }
}
