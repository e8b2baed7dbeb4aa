package io.ferry.telemetry.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.api.model.Capability;
import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.HostId;
import io.ferry.api.model.HostState;
import io.ferry.api.model.PoolId;
import io.ferry.stream.PoolSample;
import io.ferry.stream.PoolSampleCodec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The publisher against Kafka's own MockProducer: keys, sequences, and the one status line while sends fail. */
class TelemetryPublisherTest {

    private static final Instant T = Instant.parse("2026-12-04T19:40:02.345Z");

    private final MockProducer<String, byte[]> producer = new MockProducer<>(false, null, new StringSerializer(),
            new ByteArraySerializer());
    private static final PoolSample.Hypervisor XAPI = new PoolSample.Hypervisor("xenserver",
            Set.of(Capability.PRE_COPY, Capability.CANCEL), Optional.empty());

    /** Knows the hypervisor of pool {@code a} only. */
    private final TelemetryPublisher publisher = new TelemetryPublisher(producer, "vm-metrics", "ferry-a",
            "127.0.0.1:9", Clock.fixed(T, ZoneOffset.UTC),
            pool -> pool.value().equals("a") ? Optional.of(XAPI) : Optional.empty());

    private static ClusterSnapshot snapshot(String pool) {
        return new ClusterSnapshot(new PoolId(pool), T, List.of(new HostState(new HostId("h1"), "h1", true, false,
                4, 0.5, 1L << 34, 1L << 33)), List.of());
    }

    @Test
    void eachCycleIsOneRecordKeyedByPoolWithAPerPoolSequenceFromOne() throws Exception {
        publisher.cycleRead(snapshot("a"), List.of(), T);
        publisher.cycleRead(snapshot("b"), List.of(), T);
        publisher.cycleRead(snapshot("a"), List.of(), T.plusSeconds(10));
        while (producer.completeNext()) {
            // acknowledge all
        }

        List<ProducerRecord<String, byte[]>> sent = producer.history();
        assertThat(sent).extracting(ProducerRecord::topic).containsOnly("vm-metrics");
        assertThat(sent).extracting(ProducerRecord::key).containsExactly("a", "b", "a");
        PoolSample third = PoolSampleCodec.decode(sent.get(2).value());
        assertThat(third.sequence()).isEqualTo(2);
        assertThat(third.source()).isEqualTo("ferry-a");
        assertThat(third.time()).isEqualTo(T.plusSeconds(10));
        assertThat(third.snapshot()).isEqualTo(snapshot("a"));
        assertThat(PoolSampleCodec.decode(sent.get(1).value()).sequence()).isEqualTo(1);
        assertThat(publisher.sent()).isEqualTo(3);
        assertThat(publisher.problems()).isEmpty();
    }

    @Test
    void aSampleCarriesItsPoolsHypervisorWhenItIsKnownAndNoneOtherwise() throws Exception {
        publisher.cycleRead(snapshot("a"), List.of(), T);
        publisher.cycleRead(snapshot("b"), List.of(), T);
        producer.completeNext();
        producer.completeNext();

        List<ProducerRecord<String, byte[]>> sent = producer.history();
        assertThat(PoolSampleCodec.decode(sent.get(0).value()).hypervisor()).contains(XAPI);
        assertThat(PoolSampleCodec.decode(sent.get(1).value()).hypervisor()).isEmpty();
    }

    @Test
    void whileSendsTimeOutOneLineSaysSinceWhenAndHowManyWereDroppedAndTheFirstSuccessClearsIt() {
        for (int i = 0; i < 3; i++) {
            publisher.cycleRead(snapshot("a"), List.of(), T);
            producer.errorNext(new TimeoutException("Topic vm-metrics not present in metadata after 2000 ms."));
        }

        assertThat(publisher.problems()).containsExactly("telemetry: broker 127.0.0.1:9 unreachable since "
                + "19:40:02Z; 3 samples dropped (last: Topic vm-metrics not present in metadata after 2000 ms.)");

        publisher.cycleRead(snapshot("a"), List.of(), T);
        producer.completeNext();

        assertThat(publisher.problems()).isEmpty();
        assertThat(publisher.dropped()).isEqualTo(3);
    }

    @Test
    void aFailureThatIsNotTheBrokersAbsenceIsNamedAsSuch() {
        publisher.cycleRead(snapshot("a"), List.of(), T);
        producer.errorNext(new org.apache.kafka.common.errors.RecordTooLargeException("too large"));

        assertThat(publisher.problems()).singleElement().asString()
                .startsWith("telemetry: publishing to 127.0.0.1:9 topic vm-metrics fails since 19:40:02Z; 1 samples "
                        + "dropped (last: too large)");
    }
}
