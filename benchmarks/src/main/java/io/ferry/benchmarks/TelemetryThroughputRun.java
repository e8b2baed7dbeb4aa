package io.ferry.benchmarks;

import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.HostId;
import io.ferry.api.model.HostState;
import io.ferry.api.model.Metric;
import io.ferry.api.model.MetricWindow;
import io.ferry.api.model.PoolId;
import io.ferry.api.model.PowerState;
import io.ferry.api.model.VmId;
import io.ferry.api.model.VmState;
import io.ferry.kafka.broker.BrokerOptions;
import io.ferry.kafka.broker.ChildKafkaBroker;
import io.ferry.kafka.support.KafkaClients;
import io.ferry.kafka.support.KafkaConnection;
import io.ferry.stream.PoolSampleCodec;
import io.ferry.stream.SampleDecoder;
import io.ferry.telemetry.kafka.KafkaTelemetry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Telemetry to Kafka at the load: 10,000 VMs sampled every 5 s through one local broker (a real
 * single-node KRaft broker in a child JVM, so that its CPU is measured apart), published by Ferry's own publisher
 * ({@link KafkaTelemetry#open}: idempotent, {@code acks=all}, lz4, PoolSample v1 JSON) and read back by one
 * consumer in this JVM that decodes every record. Two shapes of the same 10,000 VMs:
 *
 * <ol>
 * <li><b>per-VM rate</b>: 10,000 one-VM pools (one host each), each sample with the VM's CPU window of
 * {@code windowSamples}: 2,000 messages/s of about 0.6 KB, the figure;</li>
 * <li><b>pools</b>: {@code pools} pools of 10,000 / {@code pools} VMs on 20-VM hosts with every VM's CPU window:
 * few large messages (a pool of 500 VMs is about 190 KB before compression).</li>
 * </ol>
 *
 * <p>Figures per shape, over {@code seconds} after {@code warmup} seconds: messages/s acknowledged, end-to-end lag
 * (the producer's record timestamp, set at send, to the consumer's receipt, same clock) p50/p99/max, the CPU of the
 * publishing thread (JSON encoding and {@code send}) and of the producer's I/O thread as a share of one core, the
 * broker's CPU (its whole process), samples dropped.
 *
 * <p>Arguments ({@code key=value}, all optional): {@code vms} (10000), {@code period} (5 s), {@code seconds} (60),
 * {@code warmup} (10), {@code pools} (20), {@code windowSamples} (12), {@code shape} (both | vm | pools).
 *
 * <p>What it does not measure: a networked or replicated cluster (RF 1, loopback), TLS, a controller's cycle (the
 * samples are pre-built; the cycle costs are {@code ControlCycleBenchmark}'s).
 */
public final class TelemetryThroughputRun {

    private TelemetryThroughputRun() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("argument '" + arg + "': expected key=value");
            }
            a.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        int vms = Integer.parseInt(a.getOrDefault("vms", "10000"));
        int period = Integer.parseInt(a.getOrDefault("period", "5"));
        int seconds = Integer.parseInt(a.getOrDefault("seconds", "60"));
        int warmup = Integer.parseInt(a.getOrDefault("warmup", "10"));
        int pools = Integer.parseInt(a.getOrDefault("pools", "20"));
        int windowSamples = Integer.parseInt(a.getOrDefault("windowSamples", "12"));
        String shape = a.getOrDefault("shape", "both");
        System.out.printf("load average before: %.2f; %d cores%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors());
        try (ChildKafkaBroker broker = ChildKafkaBroker.start(BrokerOptions.defaults(),
                System.getProperty("java.class.path"))) {
            System.out.println("broker " + broker.bootstrapServers() + " (child JVM, pid " + broker.pid() + ")");
            if (!shape.equals("pools")) {
                run(broker, "per-VM rate", layout(vms, 1, 1, windowSamples), period, seconds, warmup);
            }
            if (!shape.equals("vm")) {
                run(broker, "pools", layout(pools, vms / pools, 20, windowSamples), period, seconds, warmup);
            }
        }
        System.out.printf("load average after: %.2f%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /** One pool's sample as a cycle would hand it over. */
    private record Pool(ClusterSnapshot snapshot, List<MetricWindow> windows) {
    }

    private static List<Pool> layout(int pools, int vmsPerPool, int vmsPerHost, int windowSamples) {
        Random r = new Random(42);
        Instant now = Instant.parse("2026-12-04T20:00:00Z");
        List<Pool> out = new ArrayList<>();
        for (int p = 0; p < pools; p++) {
            PoolId pool = new PoolId(String.format("pool-%04d", p));
            int hostCount = Math.max(1, (vmsPerPool + vmsPerHost - 1) / vmsPerHost);
            List<HostState> hosts = new ArrayList<>();
            for (int h = 0; h < hostCount; h++) {
                hosts.add(new HostState(new HostId(pool + "-host-" + h), pool + "-host-" + h, true, false, 16,
                        r.nextDouble(), 128L << 30, r.nextInt(64) * (1L << 30)));
            }
            List<VmState> vms = new ArrayList<>();
            List<MetricWindow> windows = new ArrayList<>();
            for (int v = 0; v < vmsPerPool; v++) {
                String id = pool + "-vm-" + v;
                vms.add(new VmState(new VmId(id), id, PowerState.RUNNING, Optional.of(hosts.get(v / vmsPerHost)
                        .id()), (1 + r.nextInt(4)) * (1L << 30), 1 + r.nextInt(4), r.nextDouble(), Set.of()));
                double[] cpu = new double[windowSamples];
                for (int i = 0; i < cpu.length; i++) {
                    cpu[i] = Math.round(r.nextDouble() * 1000) / 1000.0;
                }
                windows.add(new MetricWindow(id, Metric.CPU_UTILISATION, now, Duration.ofSeconds(5), cpu));
            }
            out.add(new Pool(new ClusterSnapshot(pool, now, hosts, vms), windows));
        }
        return out;
    }

    private static void run(ChildKafkaBroker broker, String name, List<Pool> pools, int period, int seconds,
            int warmup) throws Exception {
        String topic = "vm-metrics-" + name.replaceAll("[^a-z]", "");
        broker.createTopic(topic, 6, false);
        double rate = pools.size() / (double) period;
        int bytes = PoolSampleCodec.encode(new io.ferry.stream.PoolSample(pools.get(0).snapshot().pool(), "bench",
                1, Instant.now(), pools.get(0).snapshot(), pools.get(0).windows())).length;
        System.out.printf("%n== %s: %d pools x %d VMs every %d s = %.1f msgs/s, %,d B per message before "
                + "compression%n", name, pools.size(), pools.get(0).snapshot().vms().size(), period, rate, bytes);

        List<Long> lags = new ArrayList<>();
        SampleDecoder decoder = new SampleDecoder();
        AtomicBoolean consuming = new AtomicBoolean(true);
        AtomicLong measureFrom = new AtomicLong(Long.MAX_VALUE);
        AtomicLong measureTo = new AtomicLong(Long.MAX_VALUE);
        AtomicLong received = new AtomicLong();
        Thread consumer = new Thread(() -> {
            try (KafkaConsumer<String, byte[]> c = KafkaClients.consumer(KafkaConnection.plaintext(
                    broker.bootstrapServers()), Map.of("group.id", "bench-" + topic, "auto.offset.reset", "earliest"),
                    new StringDeserializer(), new ByteArrayDeserializer())) {
                c.subscribe(List.of(topic));
                while (consuming.get()) {
                    for (ConsumerRecord<String, byte[]> rec : c.poll(Duration.ofMillis(100))) {
                        long now = System.currentTimeMillis();
                        decoder.decode(rec.value());
                        if (rec.timestamp() >= measureFrom.get() && rec.timestamp() < measureTo.get()) {
                            synchronized (lags) {
                                lags.add(now - rec.timestamp());
                            }
                            received.incrementAndGet();
                        }
                    }
                }
            }
        }, "bench-consumer");
        consumer.start();

        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (KafkaTelemetry.Publisher publisher = KafkaTelemetry.open(Map.of("bootstrapServers",
                broker.bootstrapServers(), "topic", topic, "instanceId", "bench"))) {
            long[] publisherCpu = new long[2];
            long[] sentAt = new long[2];
            Thread sender = new Thread(() -> {
                long start = System.nanoTime();
                long total = (long) (rate * (warmup + seconds));
                long warm = (long) (rate * warmup);
                for (long i = 0; i < total; i++) {
                    long due = start + (long) (i / rate * 1e9);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        try {
                            TimeUnit.NANOSECONDS.sleep(wait);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    if (i == warm) {
                        measureFrom.set(System.currentTimeMillis());
                        publisherCpu[0] = threads.getCurrentThreadCpuTime();
                        sentAt[0] = publisher.sent();
                    }
                    Pool p = pools.get((int) (i % pools.size()));
                    publisher.cycleRead(p.snapshot(), p.windows(), Instant.now());
                }
                measureTo.set(System.currentTimeMillis());
                publisherCpu[1] = threads.getCurrentThreadCpuTime();
                sentAt[1] = publisher.sent();
            }, "bench-publisher");
            long ioBefore = -1;
            long brokerBefore = -1;
            sender.start();
            // the warm-up ends inside the sender; sample the other threads' CPU at about the same moment
            Thread.sleep(warmup * 1000L);
            ioBefore = ioThreadCpu(threads);
            brokerBefore = brokerCpu(broker);
            long wallBefore = System.nanoTime();
            sender.join();
            long wall = System.nanoTime() - wallBefore;
            long ioAfter = ioThreadCpu(threads);
            long brokerAfter = brokerCpu(broker);
            Thread.sleep(2000); // the last records arrive
            consuming.set(false);
            consumer.join(10_000);

            double secs = wall / 1e9;
            long[] sorted;
            synchronized (lags) {
                sorted = lags.stream().mapToLong(Long::longValue).sorted().toArray();
            }
            System.out.printf("acknowledged: %.0f msgs/s (%,d in %.1f s); consumed in the window: %,d; dropped: %d; "
                    + "undecodable: %d%n", (sentAt[1] - sentAt[0]) / secs, sentAt[1] - sentAt[0], secs, received.get(),
                    publisher.dropped(), decoder.malformed() + decoder.futureVersion());
            System.out.printf("end-to-end lag (producer timestamp -> consumer): p50 %d ms, p99 %d ms, max %d ms "
                    + "(%,d records)%n", pct(sorted, 0.50), pct(sorted, 0.99), sorted.length == 0 ? -1
                            : sorted[sorted.length - 1], sorted.length);
            System.out.printf("CPU, share of one core: publishing thread (encode + send) %.1f %%, producer I/O "
                    + "thread %.1f %%, broker process %.1f %%%n", 100.0 * (publisherCpu[1] - publisherCpu[0]) / wall,
                    100.0 * (ioAfter - ioBefore) / wall, 100.0 * (brokerAfter - brokerBefore) / wall);
        }
    }

    private static long pct(long[] sorted, double q) {
        if (sorted.length == 0) {
            return -1;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

    /** @return CPU nanoseconds of the telemetry producer's I/O thread so far */
    private static long ioThreadCpu(ThreadMXBean threads) {
        long total = 0;
        for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t != null && t.getThreadName().startsWith("kafka-producer-network-thread | ferry-telemetry")) {
                total += Math.max(0, threads.getThreadCpuTime(t.getThreadId()));
            }
        }
        return total;
    }

    private static long brokerCpu(ChildKafkaBroker broker) {
        return ProcessHandle.of(broker.pid()).flatMap(h -> h.info().totalCpuDuration()).map(Duration::toNanos)
                .orElse(0L);
    }
}
