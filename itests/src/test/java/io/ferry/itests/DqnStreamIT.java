package io.ferry.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.features;

import io.ferry.agent.dqn.ExperienceSink;
import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.DirtyBehaviour;
import io.ferry.api.model.HostId;
import io.ferry.api.model.HostState;
import io.ferry.api.model.LinkSpec;
import io.ferry.api.model.MigrationRequest;
import io.ferry.api.model.PoolId;
import io.ferry.api.model.PowerState;
import io.ferry.api.model.VmId;
import io.ferry.api.model.VmState;
import io.ferry.cluster.kafka.Decision;
import io.ferry.cluster.kafka.Messages;
import io.ferry.cluster.kafka.Outcome;
import io.ferry.controller.FerryController;
import io.ferry.controller.PluginKind;
import io.ferry.controller.PoolStatus;
import io.ferry.kafka.support.KafkaClients;
import io.ferry.kafka.support.KafkaConnection;
import io.ferry.stream.PoolSample;
import io.ferry.stream.PoolSampleCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.inject.Inject;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;

/**
 * The dqn agent learning from the stream inside Karaf (issue 12): {@code ferry-agent-dqn-stream} is installed, its
 * component configured from the shell (so the consumer is built from a shell-started activation: the class-loader
 * trap), and a real broker of the test driver's own carries two samples of pool {@code stream-0}, one transaction
 * of three decisions (two of {@code dqn}, one of {@code threshold}) and their outcomes: the running agent's replay
 * buffer grows by exactly the one EVACUATE cycle they make, which {@code dqn:stream} shows; then a garbage record is
 * counted as skipped; then the dqn component is reconfigured (a new agent, a new buffer) and the stream component
 * restarts against it and refills it from the topics; then the broker is killed, {@code dqn:stream} shows one problem line, and the agent, selected
 * for the simulated pool, still decides every cycle. The simulated pool runs {@code threshold} until then, so that
 * no transition of the agent's own enters the buffer while it is counted.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DqnStreamIT extends FerryTestSupport {

    /** The driver's broker of this test alone: the test kills it. */
    private static final String BROKER = "dqn-stream";
    private static final String BOOTSTRAP_PROPERTY = "ferry.itest.dqnstream.bootstrap";
    private static final String PID_PROPERTY = "ferry.itest.dqnstream.brokerpid";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final PoolId SIM = new PoolId("sim");
    private static final PoolId STREAMED = new PoolId("stream-0");
    private static final HostId H1 = new HostId("h1");
    private static final HostId H2 = new HostId("h2");
    private static final HostId H3 = new HostId("h3");
    private static final Instant T0 = Instant.parse("2026-12-04T12:00:00Z");

    @Inject
    protected FerryController controller;

    @Configuration
    public Option[] config() {
        String[] topics = {"vm-metrics", "migration-decisions", "migration-outcomes"};
        return baseOptions(
                systemProperty(BOOTSTRAP_PROPERTY).value(DriverKafka.dedicatedBootstrapServers(BROKER, topics)),
                systemProperty(PID_PROPERTY).value(Long.toString(DriverKafka.dedicatedPid(BROKER, topics))),
                features(maven().groupId("io.ferry").artifactId("karaf-features").version(FERRY_VERSION)
                        .classifier("features").type("xml"), "ferry-agent-dqn-stream"),
                editConfigurationFilePut("etc/io.ferry.pool-sim.cfg", "pool.name", "sim"),
                editConfigurationFilePut("etc/io.ferry.pool-sim.cfg", "intervalSeconds", "1"));
    }

    @Test
    public void configuredFromTheShellTheStreamFeedsTheRunningAgentsBufferCountsGarbageAndSaysWhenTheBrokerIsGone()
            throws Exception {
        String bootstrap = System.getProperty(BOOTSTRAP_PROPERTY);
        for (String bsn : List.of("org.apache.kafka.kafka-clients", "io.ferry.cluster-kafka", "io.ferry.agent-dqn",
                "io.ferry.agent-dqn-stream")) {
            Bundle b = bundle(bsn);
            assertTrue(bsn + " installed", b != null);
            waitFor(bsn + " active", TIMEOUT, () -> b.getState() == Bundle.ACTIVE);
        }
        waitFor("the dqn agent's experience sink", TIMEOUT, () -> sink().isPresent());
        waitFor("the sim pool", TIMEOUT, () -> controller.pool(SIM).isPresent());
        String unconfigured = executeCommand("dqn:stream");
        System.out.println("DqnStreamIT: dqn:stream before configuration:\n" + unconfigured);
        assertContains("dqn-stream: not running: no configuration io.ferry.agent.dqn.stream", unconfigured);

        String configured = executeCommand("config:edit io.ferry.agent.dqn.stream; config:property-set "
                + "bootstrapServers " + bootstrap + "; config:property-set streamPools stream-0; "
                + "config:property-set fromBeginning true; config:property-set lookupTimeoutMs 1000; config:update",
                new RolePrincipal("admin"), new RolePrincipal("manager"), new RolePrincipal("viewer"));
        assertTrue(configured, !configured.contains("Error"));
        waitFor("the stream component running", TIMEOUT, () -> executeCommand("dqn:stream").contains(
                "dqn-stream: pools [stream-0] from"));
        long before = sink().orElseThrow().added();

        Map<String, Object> tx = Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "itest-dqn-decisions");
        KafkaConnection connection = KafkaConnection.plaintext(bootstrap);
        try (KafkaProducer<String, byte[]> plain = KafkaClients.producer(connection, Map.of(),
                new StringSerializer(), new ByteArraySerializer());
                KafkaProducer<String, byte[]> decisions = KafkaClients.producer(connection, tx,
                        new StringSerializer(), new ByteArraySerializer())) {
            Decision da = decision("d-a@itest-g1", "a", H1, H2, 1, "dqn");
            Decision db = decision("d-b@itest-g1", "b", H1, H2, 1, "dqn");
            Decision other = decision("d-c@itest-g1", "c", H3, H1, 1, "threshold");
            send(plain, "vm-metrics", PoolSampleCodec.encode(sample(0, 0, vm("a", H1), vm("b", H1), vm("c", H3))));
            decisions.initTransactions();
            decisions.beginTransaction();
            for (Decision d : List.of(da, db, other)) {
                decisions.send(new ProducerRecord<>("migration-decisions", STREAMED.value(), Messages.encode(d)));
            }
            decisions.commitTransaction();
            // the outcomes only once the stream has read the decisions, so that the counts below do not depend on
            // the order the consumer reads the partitions in (TransitionBuilderTest pins the other orders)
            waitFor("the three decisions read", TIMEOUT, () -> counts().get("Pending") == 2
                    && counts().get("Ignored") == 1);
            for (Decision d : List.of(da, db, other)) {
                send(plain, "migration-outcomes", Messages.encode(completed(d, 5)));
            }
            send(plain, "vm-metrics", PoolSampleCodec.encode(sample(1, 10, vm("a", H2), vm("b", H2), vm("c", H3))));

            try {
                waitFor("one transition from the stream", TIMEOUT, () -> counts().get("Added") == 1);
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; dqn:stream says\n" + executeCommand("dqn:stream")
                        + "\nthe log says\n" + streamLog(), e);
            }
            String status = executeCommand("dqn:stream");
            System.out.println("DqnStreamIT: dqn:stream after the cycle:\n" + status);
            Map<String, Long> c = counts();
            assertEquals("skipped " + c, 0L, (long) c.get("Skipped"));
            assertEquals("ignored: the threshold decision " + c, 1L, (long) c.get("Ignored"));
            assertEquals("pending " + c, 0L, (long) c.get("Pending"));
            assertEquals("the agent's buffer grew by the one transition", before + 1, sink().orElseThrow().added());
            assertTrue(status, !status.contains("problem"));

            send(plain, "vm-metrics", "{not json".getBytes(StandardCharsets.UTF_8));
            waitFor("the garbage record skipped", TIMEOUT, () -> counts().get("Skipped") == 1);
            assertEquals("added after the garbage", 1L, (long) counts().get("Added"));
            assertEquals("the buffer after the garbage", before + 1, sink().orElseThrow().added());
        }

        // the dqn component reconfigured: a new agent with a new, empty buffer; the stream component restarts
        // against it and, reading from the beginning again, refills it with the same one transition
        ExperienceSink old = sink().orElseThrow();
        String dqnConfigured = executeCommand("config:edit io.ferry.agent.dqn; config:property-set replayCapacity "
                + "1000; config:update", new RolePrincipal("admin"), new RolePrincipal("manager"),
                new RolePrincipal("viewer"));
        assertTrue(dqnConfigured, !dqnConfigured.contains("Error"));
        waitFor("the new agent's sink", TIMEOUT, () -> sink().filter(x -> x != old && x.capacity() == 1000)
                .isPresent());
        waitFor("the stream restarted against the new buffer", TIMEOUT, () -> executeCommand("dqn:stream")
                .contains("1 / 1000"));
        Map<String, Long> again = counts();
        assertEquals("added after the restart " + again, 1L, (long) again.get("Added"));
        assertEquals("skipped after the restart " + again, 1L, (long) again.get("Skipped"));
        assertEquals("the new buffer", 1L, sink().orElseThrow().added());
        System.out.println("DqnStreamIT: dqn:stream after the dqn component was reconfigured:\n"
                + executeCommand("dqn:stream"));

        // dqn decides for the simulated pool; then the broker goes
        waitFor("dqn bound by the controller", TIMEOUT, () -> controller.plugins().stream()
                .anyMatch(p -> p.kind() == PluginKind.AGENT && p.name().equals("dqn")));
        assertContains("agent dqn", executeCommand("migration:use --pool sim --agent dqn"));
        long pid = Long.parseLong(System.getProperty(PID_PROPERTY));
        ProcessHandle broker = ProcessHandle.of(pid).orElseThrow();
        broker.destroyForcibly();
        broker.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        waitFor("dqn:stream says the broker is unreachable", TIMEOUT,
                () -> executeCommand("dqn:stream").contains("unreachable"));
        String gone = executeCommand("dqn:stream");
        System.out.println("DqnStreamIT: dqn:stream with the broker killed:\n" + gone);
        List<String> problems = gone.lines().filter(l -> l.startsWith("dqn-stream problem: ")).toList();
        assertEquals(gone, 1, problems.size());
        assertTrue(problems.get(0), problems.get(0).startsWith("dqn-stream problem: kafka: broker " + bootstrap
                + " unreachable since "));
        long cycles = controller.pool(SIM).orElseThrow().counters().cycles();
        waitFor("three more cycles of sim with dqn", TIMEOUT,
                () -> controller.pool(SIM).orElseThrow().counters().cycles() >= cycles + 3);
        PoolStatus sim = controller.pool(SIM).orElseThrow();
        assertEquals("dqn", sim.selection().agent());
        assertEquals("the pool decides with dqn, no problem", Optional.empty(), sim.problem());
        assertContains("agent threshold", executeCommand("migration:use --pool sim --agent threshold"));
    }

    /** The columns of {@code dqn:stream}'s counts, in order (without format the table has no header). */
    private static final List<String> COLUMNS = List.of("Added", "Skipped", "Ignored", "Expired", "Pending");

    /** @return the counts {@code dqn:stream --no-format} prints on the line after its source line, by column */
    private Map<String, Long> counts() {
        List<String> lines = executeCommand("dqn:stream --no-format").lines().toList();
        for (int i = 0; i + 1 < lines.size(); i++) {
            if (lines.get(i).startsWith("dqn-stream: pools ")) {
                String[] values = lines.get(i + 1).split("\t");
                Map<String, Long> m = new LinkedHashMap<>();
                for (int k = 0; k < COLUMNS.size(); k++) {
                    m.put(COLUMNS.get(k), Long.parseLong(values[k].strip()));
                }
                return m;
            }
        }
        throw new AssertionError("no counts in " + lines);
    }

    /** @return the container log's lines of the stream component */
    private static String streamLog() {
        try {
            java.nio.file.Path log = java.nio.file.Path.of(System.getProperty("karaf.log", "data/log"), "karaf.log");
            return String.join("\n", java.nio.file.Files.readAllLines(log).stream()
                    .filter(l -> l.contains("dqn-stream") || l.contains("DqnStream")).toList());
        } catch (java.io.IOException | RuntimeException e) {
            return "(no log: " + e + ")";
        }
    }

    private Optional<ExperienceSink> sink() {
        try {
            for (ServiceReference<ExperienceSink> r : bundleContext.getServiceReferences(ExperienceSink.class,
                    "(agent.name=dqn)")) {
                return Optional.ofNullable(bundleContext.getService(r));
            }
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new AssertionError(e);
        }
        return Optional.empty();
    }

    private static void send(KafkaProducer<String, byte[]> p, String topic, byte[] value) throws Exception {
        p.send(new ProducerRecord<>(topic, STREAMED.value(), value)).get(30, java.util.concurrent.TimeUnit.SECONDS);
    }

    private record Vm(String name, HostId host) {
    }

    private static Vm vm(String name, HostId host) {
        return new Vm(name, host);
    }

    /** Pool stream-0 of three 4-CPU hosts; every VM has 2 vCPUs at a CPU share of 0.2. */
    private static PoolSample sample(long seq, int seconds, Vm... vms) {
        Map<HostId, Double> load = new LinkedHashMap<>();
        List<VmState> states = new ArrayList<>();
        for (Vm v : vms) {
            states.add(new VmState(new VmId(v.name()), v.name(), PowerState.RUNNING, Optional.of(v.host()), 1L << 30,
                    2, 0.2, Set.of()));
            load.merge(v.host(), 0.2 * 2 / 4, Double::sum);
        }
        List<HostState> hosts = new ArrayList<>();
        for (HostId h : List.of(H1, H2, H3)) {
            hosts.add(new HostState(h, h.value(), true, false, 4, load.getOrDefault(h, 0.0), 16L << 30, 8L << 30));
        }
        Instant at = T0.plusSeconds(seconds);
        return new PoolSample(STREAMED, "itest", seq, at, new ClusterSnapshot(STREAMED, at, hosts, states),
                List.of());
    }

    private static Decision decision(String id, String vm, HostId source, HostId target, int seconds, String agent) {
        MigrationRequest r = new MigrationRequest(new VmId(vm), source, target, 1L << 30, 4096, 1 << 20,
                new LinkSpec(1.25e9, Duration.ofNanos(500_000), 0.9),
                new DirtyBehaviour(100, 1000, DirtyBehaviour.Source.MEASURED), Duration.ofMillis(300));
        return new Decision(id, STREAMED, r, agent, "itest", "precopy", "itest", 1, T0.plusSeconds(seconds));
    }

    private static Outcome completed(Decision d, int seconds) {
        return new Outcome(d.id(), STREAMED, d.request().vm(), d.request().source(), d.request().target(),
                Outcome.Status.COMPLETED, d.request().target(), "PRE_COPY", "completed", "itest",
                T0.plusSeconds(seconds));
    }
}
