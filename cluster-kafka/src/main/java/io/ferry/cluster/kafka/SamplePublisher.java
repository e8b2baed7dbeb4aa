package io.ferry.cluster.kafka;

import io.ferry.api.HypervisorAdapter;
import io.ferry.api.HypervisorException;
import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.HostState;
import io.ferry.api.model.Metric;
import io.ferry.api.model.MetricWindow;
import io.ferry.api.model.PoolId;
import io.ferry.api.model.VmState;
import io.ferry.kafka.support.KafkaClients;
import io.ferry.stream.PoolSample;
import io.ferry.stream.PoolSampleCodec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes, on the instance attached to the hypervisors of shared pools, one {@code vm-metrics} sample per pool
 * every {@link ClusterSettings#sampleInterval()}: the adapter's snapshot and, per running VM and per host, the
 * newest {@link ClusterSettings#windowSamples()} of CPU use (and, for VMs, of the dirty-page rate when the adapter
 * measures it), keyed by pool, with the pool's kind, capabilities and link in the sample (schema version 2,
 * {@link PoolSample#hypervisor()}; see {@link Samples}). It reads
 * the adapters directly, not through a control cycle: the attached instance runs no cycle for a shared pool.
 *
 * <p>Cost: per pool and interval one snapshot and 2 × VMs + hosts metric reads, one record of O(VMs × samples)
 * bytes; one idempotent lz4 producer and one thread. An adapter that fails is skipped for that interval.
 */
public final class SamplePublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SamplePublisher.class);

    private final ClusterSettings settings;
    private final Map<PoolId, HypervisorAdapter> pools;
    private final Clock clock;
    private final KafkaProducer<String, byte[]> producer;
    private final Map<PoolId, AtomicLong> sequences = new ConcurrentHashMap<>();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    public SamplePublisher(ClusterSettings settings, Map<PoolId, HypervisorAdapter> pools, Clock clock) {
        this.settings = settings;
        this.pools = new ConcurrentHashMap<>(pools);
        this.clock = clock;
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, settings.groupId() + "-" + settings.instanceId() + "-samples");
        this.producer = KafkaClients.producer(settings.connection(), p, new StringSerializer(),
                new ByteArraySerializer());
        this.thread = new Thread(this::run, "ferry-cluster-samples-" + settings.instanceId());
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** @return samples handed to the producer */
    public long published() {
        return published.get();
    }

    private void run() {
        while (running) {
            long started = System.nanoTime();
            for (HypervisorAdapter a : pools.values()) {
                publish(a);
            }
            long left = settings.sampleInterval().toMillis() - (System.nanoTime() - started) / 1_000_000;
            if (left > 0) {
                try {
                    Thread.sleep(left);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** Publishes one sample of {@code adapter}'s pool now. */
    void publish(HypervisorAdapter adapter) {
        ClusterSnapshot snapshot;
        List<MetricWindow> windows = new ArrayList<>();
        try {
            snapshot = adapter.snapshot();
            int n = settings.windowSamples();
            for (VmState v : snapshot.vms()) {
                if (v.migratable()) {
                    adapter.metrics(v.id().value(), Metric.CPU_UTILISATION, n).ifPresent(windows::add);
                    adapter.metrics(v.id().value(), Metric.DIRTY_PAGES_PER_SECOND, n).ifPresent(windows::add);
                }
            }
            for (HostState h : snapshot.hosts()) {
                adapter.metrics(h.id().value(), Metric.CPU_UTILISATION, n).ifPresent(windows::add);
            }
        } catch (HypervisorException | RuntimeException e) {
            failed.incrementAndGet();
            LOG.debug("samples: pool {} skipped: {}", adapter.pool(), e.toString());
            return;
        }
        long seq = sequences.computeIfAbsent(adapter.pool(), p -> new AtomicLong()).incrementAndGet();
        PoolSample sample;
        try {
            sample = new PoolSample(adapter.pool(), settings.instanceId(), seq, clock.instant(), snapshot,
                    windows.stream().filter(w -> w.size() > 0).toList(), Optional.of(Samples.hypervisor(adapter)));
        } catch (RuntimeException e) {
            failed.incrementAndGet();
            LOG.debug("samples: pool {} skipped: {}", adapter.pool(), e.toString());
            return;
        }
        try {
            producer.send(new ProducerRecord<>(settings.metricsTopic(), adapter.pool().value(),
                    PoolSampleCodec.encode(sample)));
            published.incrementAndGet();
        } catch (RuntimeException e) {
            failed.incrementAndGet();
            LOG.debug("samples: pool {} not sent: {}", adapter.pool(), e.toString());
        }
    }

    /** @return why the last sample could not be taken or sent, for status; empty when nothing failed */
    public Optional<String> problem() {
        return failed.get() == 0 ? Optional.empty() : Optional.of(failed.get() + " samples not published");
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }
}
