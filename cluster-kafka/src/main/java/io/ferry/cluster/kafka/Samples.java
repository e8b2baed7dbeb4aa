package io.ferry.cluster.kafka;

import io.ferry.api.HypervisorAdapter;
import io.ferry.api.model.Capability;
import io.ferry.api.model.LinkSpec;
import io.ferry.api.model.MetricWindow;
import io.ferry.stream.PoolSample;
import io.ferry.stream.PoolSampleCodec;
import io.ferry.stream.UnreadableSampleException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * {@code vm-metrics} records as the cluster reads and writes them: the value is a {@link PoolSample} in the
 * {@code stream-schema} v1 JSON ({@link PoolSampleCodec}); what a remote controller also needs to drive the pool
 * and v1 does not carry — the hypervisor's kind, its capabilities and the migration link — travels in three record
 * headers, {@value #KIND}, {@value #CAPABILITIES} and {@value #LINK}. A record without them (published by a
 * plain telemetry publisher) is read as a pool of unknown kind that can do {@link Capability#PRE_COPY} only, with
 * no known link (the controller then uses the pool's configured link).
 *
 * <p>Cost: the codec's, O(hosts + VMs + samples). Stateless.
 */
final class Samples {

    /** Header: the hypervisor kind, UTF-8. */
    static final String KIND = "ferry.kind";
    /** Header: the capabilities, comma-separated {@link Capability} names. */
    static final String CAPABILITIES = "ferry.capabilities";
    /** Header: the link, {@code bytesPerSecond,rttNanos,compressionRatio}. */
    static final String LINK = "ferry.link";

    private Samples() {
    }

    /** @return the sample in a record's value and headers */
    static Sample decode(byte[] value, Headers headers) throws MessageException {
        if (value == null) {
            throw new MessageException("vm-metrics: empty record");
        }
        PoolSample s;
        try {
            s = PoolSampleCodec.decode(value);
        } catch (UnreadableSampleException e) {
            throw new MessageException("vm-metrics: " + e.getMessage());
        }
        String kind = header(headers, KIND).orElse("unknown");
        Set<Capability> caps = EnumSet.of(Capability.PRE_COPY);
        Optional<LinkSpec> link = Optional.empty();
        try {
            Optional<String> c = header(headers, CAPABILITIES);
            if (c.isPresent()) {
                caps = EnumSet.noneOf(Capability.class);
                for (String name : c.get().split(",")) {
                    if (!name.isBlank()) {
                        caps.add(Capability.valueOf(name.trim()));
                    }
                }
            }
            Optional<String> l = header(headers, LINK);
            if (l.isPresent()) {
                String[] f = l.get().split(",");
                link = Optional.of(new LinkSpec(Double.parseDouble(f[0]), Duration.ofNanos(Long.parseLong(f[1])),
                        Double.parseDouble(f[2])));
            }
        } catch (RuntimeException e) {
            throw new MessageException("vm-metrics: header of pool " + s.pool() + ": " + e.getMessage());
        }
        Map<String, MetricWindow> windows = new HashMap<>();
        for (MetricWindow w : s.windows()) {
            windows.put(w.subject() + "|" + w.metric(), w);
        }
        return new Sample(s.pool(), s.source(), s.sequence(), kind, Set.copyOf(caps), link, s.snapshot(),
                windows);
    }

    /** @return the headers describing {@code adapter}'s pool */
    static Headers headers(HypervisorAdapter adapter) {
        RecordHeaders h = new RecordHeaders();
        h.add(KIND, adapter.kind().getBytes(StandardCharsets.UTF_8));
        h.add(CAPABILITIES, adapter.capabilities().stream().map(Enum::name).sorted()
                .collect(Collectors.joining(",")).getBytes(StandardCharsets.UTF_8));
        adapter.migrationLink().ifPresent(l -> h.add(LINK, (l.bandwidthBytesPerSec() + "," + l.rtt().toNanos()
                + "," + l.compressionRatio()).getBytes(StandardCharsets.UTF_8)));
        return h;
    }

    private static Optional<String> header(Headers headers, String key) {
        if (headers == null) {
            return Optional.empty();
        }
        Header h = headers.lastHeader(key);
        return h == null || h.value() == null ? Optional.empty()
                : Optional.of(new String(h.value(), StandardCharsets.UTF_8));
    }
}
