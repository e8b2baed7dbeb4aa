package io.ferry.cluster.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferry.api.HypervisorAdapter;
import io.ferry.api.model.Capability;
import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.HostId;
import io.ferry.api.model.HostState;
import io.ferry.api.model.LinkSpec;
import io.ferry.api.model.PoolId;
import io.ferry.stream.PoolSample;
import io.ferry.stream.PoolSampleCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/**
 * How a {@code vm-metrics} record becomes the owner's {@link Sample}: the hypervisor from a version 2 sample, from
 * the headers of a version 1 record, or the pre-copy-only default; a future version refused in one line.
 */
class SamplesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PoolId POOL = new PoolId("sim-7");
    private static final LinkSpec LINK = new LinkSpec(1.25e9, Duration.ofNanos(500_000), 0.5);
    private static final PoolSample.Hypervisor QEMU = new PoolSample.Hypervisor("qemu",
            Set.of(Capability.PRE_COPY, Capability.POST_COPY, Capability.CANCEL), Optional.of(LINK));

    private static PoolSample sample() {
        HostState h = new HostState(new HostId("h1"), "h1", true, false, 4, 0.5, 1L << 34, 1L << 33);
        return new PoolSample(POOL, "site", 3, Instant.parse("2026-12-07T10:00:00Z"),
                new ClusterSnapshot(POOL, Instant.parse("2026-12-07T10:00:00Z"), List.of(h), List.of()), List.of());
    }

    /** @return the sample as a version 1 publisher wrote it: no {@code hypervisor} */
    private static byte[] v1(PoolSample s) throws Exception {
        ObjectNode n = (ObjectNode) JSON.readTree(PoolSampleCodec.encode(s));
        n.put("schemaVersion", 1);
        n.remove("hypervisor");
        return JSON.writeValueAsBytes(n);
    }

    /** @return the headers a version 1 {@link SamplePublisher} wrote */
    private static Headers v1Headers(String kind, String caps, String link) {
        RecordHeaders h = new RecordHeaders();
        h.add(Samples.KIND, kind.getBytes(StandardCharsets.UTF_8));
        h.add(Samples.CAPABILITIES, caps.getBytes(StandardCharsets.UTF_8));
        if (link != null) {
            h.add(Samples.LINK, link.getBytes(StandardCharsets.UTF_8));
        }
        return h;
    }

    @Test
    void aVersion2SampleGivesItsOwnHypervisorAndHeadersAreNotRead() throws Exception {
        byte[] value = PoolSampleCodec.encode(sample().withHypervisor(QEMU));

        Sample s = Samples.decode(value, v1Headers("xapi", "PRE_COPY", null));

        assertThat(s.kind()).isEqualTo("qemu");
        assertThat(s.capabilities()).containsExactlyInAnyOrder(Capability.PRE_COPY, Capability.POST_COPY,
                Capability.CANCEL);
        assertThat(s.link()).contains(LINK);
        assertThat(s.snapshot()).isEqualTo(sample().snapshot());
    }

    @Test
    void aVersion1RecordIsStillReadWithTheHypervisorFromItsHeaders() throws Exception {
        Sample s = Samples.decode(v1(sample()), v1Headers("simulator", "CANCEL,POST_COPY,PRE_COPY",
                "1.25E9,500000,0.5"));

        assertThat(s.kind()).isEqualTo("simulator");
        assertThat(s.capabilities()).containsExactlyInAnyOrder(Capability.PRE_COPY, Capability.POST_COPY,
                Capability.CANCEL);
        assertThat(s.link()).contains(LINK);
        assertThat(s.sequence()).isEqualTo(3);
    }

    @Test
    void aSampleWithoutHypervisorOrHeadersIsAPreCopyOnlyPoolOfUnknownKind() throws Exception {
        for (byte[] value : List.of(v1(sample()), PoolSampleCodec.encode(sample()))) {
            Sample s = Samples.decode(value, new RecordHeaders());

            assertThat(s.kind()).isEqualTo("unknown");
            assertThat(s.capabilities()).containsExactly(Capability.PRE_COPY);
            assertThat(s.link()).isEmpty();
        }
    }

    @Test
    void aFutureVersionIsRefusedInOneLine() throws Exception {
        ObjectNode n = (ObjectNode) JSON.readTree(PoolSampleCodec.encode(sample().withHypervisor(QEMU)));
        n.put("schemaVersion", 3);

        assertThatThrownBy(() -> Samples.decode(JSON.writeValueAsBytes(n), null))
                .isInstanceOf(MessageException.class)
                .hasMessage("vm-metrics: schemaVersion 3 is newer than this build's 2");
    }

    @Test
    void aBadHeaderOfAVersion1RecordIsRefusedNamingThePool() throws Exception {
        assertThatThrownBy(() -> Samples.decode(v1(sample()), v1Headers("simulator", "TELEPORT", null)))
                .isInstanceOf(MessageException.class).hasMessageStartingWith("vm-metrics: header of pool sim-7: ")
                .hasMessageNotContaining("\n");
    }

    @Test
    void whatThePublisherWritesOfAnAdapterIsWhatTheOwnerReads() throws Exception {
        HypervisorAdapter adapter = Fixture.pool(7);
        try {
            PoolSample written = new PoolSample(adapter.pool(), "site", 1, Instant.now(), adapter.snapshot(),
                    List.of(), Optional.of(Samples.hypervisor(adapter)));

            Sample read = Samples.decode(PoolSampleCodec.encode(written), new RecordHeaders());

            assertThat(read.kind()).isEqualTo(adapter.kind());
            assertThat(read.capabilities()).isEqualTo(adapter.capabilities());
            assertThat(read.link()).isEqualTo(adapter.migrationLink());
        } finally {
            Fixture.close(adapter);
        }
    }
}
