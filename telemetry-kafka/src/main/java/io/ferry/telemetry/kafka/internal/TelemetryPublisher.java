package io.ferry.telemetry.kafka.internal;

import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.MetricWindow;
import io.ferry.api.model.PoolId;
import io.ferry.kafka.support.KafkaClients;
import io.ferry.kafka.support.KafkaConnection;
import io.ferry.stream.PoolSample;
import io.ferry.stream.PoolSampleCodec;
import io.ferry.telemetry.kafka.KafkaTelemetry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes each cycle's telemetry as one {@link PoolSample} (schema version 2) per pool and cycle to one topic,
 * keyed by pool, with a per-pool sequence number from 1: the {@link io.ferry.controller.TelemetryListener} the
 * Kafka component registers, and what {@link KafkaTelemetry#open} hands out without OSGi. The sample carries the
 * pool's hypervisor (kind, capabilities, link) when {@code hypervisors} knows the pool (the component asks the pool's
 * {@code HypervisorAdapter} service); otherwise its {@code hypervisor} is {@code null}.
 *
 * <p>Decides what an operator sees: while sends fail, {@link #problems()} says since when and how many samples were
 * dropped in one line ({@code telemetry: broker 127.0.0.1:9 unreachable since 19:40:02Z; 1,234 samples dropped
 * ...}); the first success clears it. The pools' cycles never notice: this runs on the controller's telemetry
 * thread, and a send blocks at most {@code max.block.ms} there.
 *
 * <p>Cost per sample: one JSON encoding (linear in hosts + VMs + window samples) and one asynchronous send; the
 * producer's buffer (32 MiB by default) and its I/O thread. Thread-safe.
 */
final class TelemetryPublisher implements KafkaTelemetry.Publisher {

    private static final Logger LOG = LoggerFactory.getLogger(TelemetryPublisher.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_LOCAL_TIME.withZone(ZoneOffset.UTC);

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final String instanceId;
    private final String servers;
    private final Clock clock;
    private final Function<PoolId, Optional<PoolSample.Hypervisor>> hypervisors;
    private final Map<PoolId, AtomicLong> sequences = new ConcurrentHashMap<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicReference<Failing> failing = new AtomicReference<>();

    /** Sends failing since {@code since}, the last for {@code why}. */
    private record Failing(Instant since, boolean unreachable, String why) {
    }

    /**
     * @param settings producer settings on top of the connection's (acks, compression...)
     * @throws KafkaException when Kafka rejects the settings
     */
    TelemetryPublisher(KafkaConnection connection, Map<String, Object> settings, String topic, String instanceId,
            Clock clock, Function<PoolId, Optional<PoolSample.Hypervisor>> hypervisors) {
        this(KafkaClients.producer(connection, settings, new StringSerializer(), new ByteArraySerializer()), topic,
                instanceId, connection.bootstrapServers(), clock, hypervisors);
    }

    /**
     * On a given producer (tests).
     *
     * @param hypervisors what each pool's hypervisor is, asked once per sample on the telemetry thread (must not
     *                    block); empty for a pool it does not know
     */
    TelemetryPublisher(Producer<String, byte[]> producer, String topic, String instanceId, String servers,
            Clock clock, Function<PoolId, Optional<PoolSample.Hypervisor>> hypervisors) {
        this.producer = producer;
        this.topic = topic;
        this.instanceId = instanceId;
        this.servers = servers;
        this.clock = clock;
        this.hypervisors = hypervisors;
    }

    /** @return the producer settings Ferry's telemetry uses, from the component's configuration */
    static Map<String, Object> producerSettings(KafkaTelemetryConfiguration c) {
        return Map.of("acks", c.acks(), "enable.idempotence", c.enableIdempotence(), "compression.type",
                c.compression(), "linger.ms", c.lingerMs(), "max.block.ms", c.maxBlockMs(), "delivery.timeout.ms",
                c.deliveryTimeoutMs(), "request.timeout.ms", c.requestTimeoutMs(), "max.request.size",
                c.maxRequestSize(), "client.id", "ferry-telemetry");
    }

    @Override
    public void cycleRead(ClusterSnapshot snapshot, List<MetricWindow> windows, Instant readAt) {
        PoolId pool = snapshot.pool();
        long seq = sequences.computeIfAbsent(pool, p -> new AtomicLong()).incrementAndGet();
        Optional<PoolSample.Hypervisor> hypervisor;
        try {
            hypervisor = hypervisors.apply(pool);
        } catch (RuntimeException e) {
            hypervisor = Optional.empty(); // an adapter that cannot say what it is: the sample goes without
        }
        byte[] value = PoolSampleCodec.encode(new PoolSample(pool, instanceId, seq, readAt, snapshot, windows,
                hypervisor));
        try {
            producer.send(new ProducerRecord<>(topic, pool.value(), value), (meta, e) -> {
                if (e == null) {
                    sent.incrementAndGet();
                    Failing was = failing.getAndSet(null);
                    if (was != null) {
                        LOG.info("telemetry: publishing to {} again; {} samples dropped in all", servers,
                                dropped.get());
                    }
                } else {
                    fail(e);
                }
            });
        } catch (KafkaException e) {
            fail(e); // metadata or buffer space not there within max.block.ms, or a record too large
        }
    }

    private void fail(Exception e) {
        dropped.incrementAndGet();
        boolean unreachable = e instanceof TimeoutException || e instanceof NetworkException;
        Failing next = new Failing(clock.instant().truncatedTo(ChronoUnit.SECONDS), unreachable,
                String.valueOf(e.getMessage()));
        Failing before = failing.getAndUpdate(f -> f == null ? next : new Failing(f.since(), unreachable,
                next.why()));
        if (before == null) {
            LOG.warn("telemetry: cannot publish to {} topic {}: {} (samples are dropped and counted until it "
                    + "works; see migration:status)", servers, topic, e.toString());
        }
    }

    @Override
    public List<String> problems() {
        Failing f = failing.get();
        if (f == null) {
            return List.of();
        }
        String what = f.unreachable() ? "broker " + servers + " unreachable" : "publishing to " + servers
                + " topic " + topic + " fails";
        return List.of(String.format("telemetry: %s since %sZ; %,d samples dropped (last: %s)", what,
                TIME.format(f.since()), dropped.get(), f.why()));
    }

    @Override
    public long sent() {
        return sent.get();
    }

    @Override
    public long dropped() {
        return dropped.get();
    }

    /** Flushes what is buffered (bounded) and closes the producer. */
    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }

    @Override
    public String toString() {
        return "TelemetryPublisher[" + servers + " topic " + topic + " as " + instanceId + "]";
    }
}
