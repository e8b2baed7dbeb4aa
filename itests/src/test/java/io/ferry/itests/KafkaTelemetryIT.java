package io.ferry.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.features;

import io.ferry.kafka.support.KafkaClients;
import io.ferry.kafka.support.KafkaConnection;
import io.ferry.stream.PoolSample;
import io.ferry.stream.SampleDecoder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.inject.Inject;
import org.apache.karaf.features.FeaturesService;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/**
 * Telemetry to Kafka in a stock Karaf: the feature {@code ferry-telemetry-kafka} (installed with {@code ferry} at
 * boot, so that the test probe sees Kafka's packages) brings the wrapped kafka-clients and its codecs and waits for
 * its configuration; the component is configured from the shell ({@code config:} commands in the test's
 * shell session), and the simulated pool's cycles reach a real broker that the test driver started: the producer
 * was built inside Karaf despite the context class-loader trap.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class KafkaTelemetryIT extends FerryTestSupport {

    /** Carries the broker's address into the container; the broker runs in the test driver, which runs config(). */
    private static final String BOOTSTRAP_PROPERTY = "ferry.itest.kafka.bootstrap";

    @Inject
    protected FeaturesService features;

    @Configuration
    public Option[] config() {
        return baseOptions(
                systemProperty(BOOTSTRAP_PROPERTY).value(DriverKafka.bootstrapServers()),
                features(maven().groupId("io.ferry").artifactId("karaf-features").version(FERRY_VERSION)
                        .classifier("features").type("xml"), "ferry-telemetry-kafka"),
                editConfigurationFilePut("etc/io.ferry.pool-sim.cfg", "pool.name", "sim"),
                editConfigurationFilePut("etc/io.ferry.pool-sim.cfg", "intervalSeconds", "1"));
    }

    @Test
    public void theFeatureIsInstalledAndTheComponentConfiguredFromTheShellPublishesTheSimulatedPoolsCycles()
            throws Exception {
        String bootstrap = System.getProperty(BOOTSTRAP_PROPERTY);
        assertTrue("ferry-telemetry-kafka installed",
                features.isInstalled(features.getFeatures("ferry-telemetry-kafka")[0]));
        for (String bsn : List.of("org.apache.kafka.kafka-clients", "io.ferry.kafka-support",
                "io.ferry.stream-schema", "io.ferry.telemetry-kafka", "lz4-java", "org.xerial.snappy.snappy-java",
                "com.github.luben.zstd-jni")) {
            Bundle b = bundle(bsn);
            assertTrue(bsn + " installed", b != null);
            waitFor(bsn + " active", Duration.ofSeconds(30), () -> b.getState() == Bundle.ACTIVE);
        }

        // as Karaf's admin group (roles admin, manager, viewer): the command ACLs keep config: from anyone else
        String configured = executeCommand("config:edit io.ferry.telemetry.kafka; config:property-set "
                + "bootstrapServers " + bootstrap + "; config:property-set instanceId itest; config:update",
                new RolePrincipal("admin"), new RolePrincipal("manager"), new RolePrincipal("viewer"));
        assertTrue(configured, !configured.contains("Error"));

        List<PoolSample> samples = new ArrayList<>();
        SampleDecoder decoder = new SampleDecoder();
        try (KafkaConsumer<String, byte[]> consumer = KafkaClients.consumer(KafkaConnection.plaintext(bootstrap),
                Map.of("group.id", "itest", "auto.offset.reset", "earliest"), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("vm-metrics"));
            waitFor("two samples of pool sim on vm-metrics", Duration.ofSeconds(120), () -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    assertEquals("sim", r.key());
                    decoder.decode(r.value()).ifPresent(samples::add);
                }
                return samples.size() >= 2;
            });
        }
        assertEquals(0, decoder.malformed() + decoder.futureVersion());
        PoolSample last = samples.get(samples.size() - 1);
        assertEquals("itest", last.source());
        assertEquals("sim", last.pool().value());
        assertTrue("the sample holds the pool's VMs", !last.snapshot().vms().isEmpty());
        assertTrue("sequences increase", last.sequence() > samples.get(0).sequence());
        String status = executeCommand("migration:status");
        assertTrue(status, !status.contains("telemetry:"));
    }
}
