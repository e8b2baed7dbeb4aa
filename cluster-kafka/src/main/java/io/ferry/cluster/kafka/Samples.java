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
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * {@code vm-metrics} records as the cluster reads and writes them: the value is a {@link PoolSample} in the
 * {@code stream-schema} JSON ({@link PoolSampleCodec}, written as version 2). What a remote controller needs
 * besides the snapshot to drive the pool — the hypervisor's kind, its capabilities and the migration link — is
 * read, in this order, from:
 * <ol>
 * <li>the sample's own {@link PoolSample#hypervisor()} (version 2, written by {@link SamplePublisher});</li>
 * <li>the record headers {@value #KIND}, {@value #CAPABILITIES} and {@value #LINK}, which version 1 publishers of
 * this module wrote (read for their records still on the topic; no longer written);</li>
 * <li>neither (a plain telemetry publisher, v1 or v2 without a hypervisor): a pool of unknown kind that can do
 * {@link Capability#PRE_COPY} only, with no known link (the controller then uses the pool's configured link).</li>
 * </ol>
 *
 * <p>Cost: the codec's, O(hosts + VMs + samples). Stateless.
 */
final class Samples {

    /** Header of version 1 records: the hypervisor kind, UTF-8. */
    static final String KIND = "ferry.kind";
    /** Header of version 1 records: the capabilities, comma-separated {@link Capability} names. */
    static final String CAPABILITIES = "ferry.capabilities";
    /** Header of version 1 records: the link, {@code bytesPerSecond,rttNanos,compressionRatio}. */
    static final String LINK = "ferry.link";

    /** The kind of a pool whose publisher did not say. */
    static final String UNKNOWN_KIND = "unknown";

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
        Map<String, MetricWindow> windows = new HashMap<>();
        for (MetricWindow w : s.windows()) {
            windows.put(w.subject() + "|" + w.metric(), w);
        }
        PoolSample.Hypervisor h = s.hypervisor().isPresent() ? s.hypervisor().get() : fromHeaders(s, headers);
        return new Sample(s.pool(), s.source(), s.sequence(), h.kind(), h.capabilities(), h.link(), s.snapshot(),
                windows);
    }

    /** @return what the headers of a version 1 record say, or the defaults for what they do not */
    private static PoolSample.Hypervisor fromHeaders(PoolSample s, Headers headers) throws MessageException {
        String kind = header(headers, KIND).filter(k -> !k.isBlank()).orElse(UNKNOWN_KIND);
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
        return new PoolSample.Hypervisor(kind, caps, link);
    }

    /** @return what a version 2 sample says of {@code adapter}'s hypervisor */
    static PoolSample.Hypervisor hypervisor(HypervisorAdapter adapter) {
        String kind = adapter.kind();
        return new PoolSample.Hypervisor(kind == null || kind.isBlank() ? UNKNOWN_KIND : kind,
                adapter.capabilities(), adapter.migrationLink());
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
