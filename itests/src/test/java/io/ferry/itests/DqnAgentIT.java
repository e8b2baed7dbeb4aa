package io.ferry.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.features;

import io.ferry.api.HypervisorAdapter;
import io.ferry.api.MigrationAgent;
import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.HostState;
import io.ferry.api.model.MigrationId;
import io.ferry.api.model.PoolId;
import io.ferry.api.model.VmState;
import io.ferry.controller.AuditRecord;
import io.ferry.controller.ControllerException;
import io.ferry.controller.FerryController;
import io.ferry.controller.InFlight;
import io.ferry.controller.PluginKind;
import io.ferry.controller.PoolStatus;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.MethodSorters;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The DQN agent inside Karaf (issue 11, "In the runtime"): {@code ferry-agent-dqn} installs over the Deeplearning4j
 * library bundle; {@code dqn} is selected for the simulated pool from the shell as an operator does, decides, and
 * its decisions pass the guard like any agent's; its bundle is stopped and started, updated, and uninstalled and
 * installed again while migrations run, and every migration still ends with exactly one outcome, every VM is on
 * exactly one host, no thread of an old component is left and the old class loaders go; the pool goes back to
 * {@code threshold} without a restart. Then a model file of 14 features is configured: the agent is still
 * registered, the pool stops deciding, and {@code migration:status} says why in one line.
 *
 * <p>The methods run in name order (one Karaf for both): the swaps first, so that no class of agent-dqn that this
 * test's probe loads (the wrong-shaped model is written with {@code DqnModel}) belongs to a revision a later swap
 * would refresh away under it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class DqnAgentIT extends FerryTestSupport {

    private static final PoolId SIM = new PoolId("sim");
    private static final String DQN_BUNDLE = "io.ferry.agent-dqn";
    private static final String PID = "io.ferry.agent.dqn";
    private static final String THREAD = "ferry-dqn-agent";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Inject
    protected FerryController controller;

    @Inject
    protected ConfigurationAdmin configurationAdmin;

    @Configuration
    public Option[] config() {
        return baseOptions(
                features(maven().groupId("io.ferry").artifactId("karaf-features").version(FERRY_VERSION)
                        .classifier("features").type("xml"), "ferry-agent-dqn"),
                // 2 GiB VMs over 4 Gbit/s: a migration lasts about 4 s, long enough to swap the bundle during it
                editConfigurationFilePut("etc/io.ferry.simpool-sim.cfg", "vmMemoryGiB", "2"),
                editConfigurationFilePut("etc/io.ferry.simpool-sim.cfg", "linkGbps", "4"),
                editConfigurationFilePut("etc/io.ferry.pool-sim.cfg", "pool.name", "sim"),
                editConfigurationFilePut("etc/io.ferry.pool-sim.cfg", "policy", "precopy"),
                editConfigurationFilePut("etc/io.ferry.pool-sim.cfg", "intervalSeconds", "1"),
                editConfigurationFilePut("etc/io.ferry.pool-sim.cfg", "holdSeconds", "1"),
                editConfigurationFilePut("etc/io.ferry.pool-sim.cfg", "cooldownSeconds", "0"),
                editConfigurationFilePut("etc/io.ferry.pool-sim.cfg", "failureBackoffSeconds", "0"),
                editConfigurationFilePut("etc/io.ferry.pool-sim.cfg", "maxConcurrentPerHost", "2"));
    }

    @Test
    public void dqnSelectedFromTheShellDecidesThroughTheGuardAndSurvivesItsBundleSwappedDuringMigrations()
            throws Exception {
        selectDqn();
        waitFor("a decision of dqn on pool sim, executed or refused by the guard", Duration.ofSeconds(120),
                () -> byDqn().stream().anyMatch(r -> r.type() == AuditRecord.Type.DECISION
                        || r.type() == AuditRecord.Type.REFUSED));
        assertContains("dqn", executeCommand("migration:history -n 200 sim"));
        String status = executeCommand("migration:status sim");
        assertTrue(status, status.lines().anyMatch(l -> l.startsWith("sim ") && l.contains("| dqn ")));
        byDqn().stream().filter(r -> r.type() == AuditRecord.Type.REFUSED).limit(3)
                .forEach(r -> System.out.println("DqnAgentIT: refused " + r.vm() + ": " + r.detail()));

        HypervisorAdapter adapter = SwapChecks.adapter(bundleContext, SIM);
        int vms = adapter.snapshot().vms().size();
        List<MigrationId> started = new ArrayList<>();
        List<WeakReference<ClassLoader>> oldLoaders = new ArrayList<>();
        for (int kind = 0; kind < 3; kind++) {
            // migrations in flight while the bundle goes: dqn's (it keeps the pool at its limit of two), else one
            // of the operator's
            if (controller.pool(SIM).orElseThrow().inFlight().isEmpty()) {
                started.add(migrateSomething(adapter.snapshot()));
            }
            List<MigrationId> inFlight = controller.pool(SIM).orElseThrow().inFlight().stream().map(InFlight::id)
                    .toList();
            assertFalse("migrations in flight during swap " + kind, inFlight.isEmpty());
            Bundle b = bundle(DQN_BUNDLE);
            assertNotNull(DQN_BUNDLE, b);
            switch (kind) {
                case 0 -> {
                    b.stop();
                    waitFor("status says dqn is not installed", TIMEOUT, () -> problem().contains(
                            "agent 'dqn' is not installed"));
                    b.start();
                }
                case 1 -> {
                    oldLoaders.add(new WeakReference<>(b.adapt(BundleWiring.class).getClassLoader()));
                    b.update();
                    SwapChecks.refresh(bundleContext);
                }
                default -> {
                    oldLoaders.add(new WeakReference<>(b.adapt(BundleWiring.class).getClassLoader()));
                    b.uninstall();
                    SwapChecks.refresh(bundleContext);
                    bundleContext.installBundle("mvn:io.ferry/agent-dqn/" + FERRY_VERSION).start();
                }
            }
            dqnService();
            for (MigrationId id : inFlight) {
                SwapChecks.awaitOutcome(controller, SIM, TIMEOUT, id);
            }
            SwapChecks.assertEveryVmOnExactlyOneHost(adapter.snapshot(), vms);
            waitFor("dqn deciding again after swap " + kind, TIMEOUT, () -> problem().isEmpty());
        }
        long cycles = controller.pool(SIM).orElseThrow().counters().cycles();
        waitFor("the pool cycling with the swapped-in dqn", TIMEOUT,
                () -> controller.pool(SIM).orElseThrow().counters().cycles() >= cycles + 2);
        assertEquals("dqn", controller.pool(SIM).orElseThrow().selection().agent());

        // back to threshold, no restart; every migration decided so far ends with exactly one outcome
        String back = executeCommand("migration:use --pool sim --agent threshold");
        assertContains("agent threshold", back);
        assertEquals("threshold", controller.pool(SIM).orElseThrow().selection().agent());
        waitFor("no migration in flight", TIMEOUT, () -> controller.pool(SIM).orElseThrow().inFlight().isEmpty());
        List<AuditRecord> history = controller.history(Optional.of(SIM), 10_000);
        Set<MigrationId> decided = ids(history, AuditRecord.Type.DECISION);
        assertTrue("the operator's migrations were decided: " + started, decided.containsAll(started));
        assertFalse("migrations were decided", decided.isEmpty());
        for (MigrationId id : decided) {
            long outcomes = history.stream().filter(r -> r.type() == AuditRecord.Type.OUTCOME
                    && r.migration().equals(Optional.of(id))).count();
            assertEquals("outcomes of " + id, 1, outcomes);
        }
        SwapChecks.assertEveryVmOnExactlyOneHost(adapter.snapshot(), vms);

        // no thread of an old component is left (the new one's may be alive, idle), the old class loaders go
        assertTrue("threads named " + THREAD + ": " + threadNames(), threadNames().stream()
                .filter(THREAD::equals).count() <= 1);
        waitFor("old agent-dqn class loaders collected", TIMEOUT, () -> {
            collectGarbage();
            return oldLoaders.stream().allMatch(r -> r.get() == null);
        });
        long byDqn = byDqn().stream().filter(r -> r.type() == AuditRecord.Type.DECISION).count();
        System.out.printf("DqnAgentIT: %d migrations decided by dqn, %d by the operator, %d swaps, %d old class"
                + " loaders collected%n", byDqn, started.size(), 3, oldLoaders.size());
    }

    @Test
    public void theWrongFeatureCountKeepsDqnRegisteredStopsThePoolDecidingAndStatusSaysWhyInOneLine()
            throws Exception {
        // dqn selected with the shipped model, then the operator configures a model file that does not fit
        selectDqn();
        Path file = WrongShapeModel.write(14);
        org.osgi.service.cm.Configuration c = configurationAdmin.getConfiguration(PID, "?");
        c.update(new Hashtable<>(Map.of("modelFile", file.toString())));
        try {
            String line = "agent 'dqn' failed in the last cycle: model file " + file
                    + " expects 14 features, this agent builds 16";
            waitFor("status says why dqn does not decide", TIMEOUT, () -> problem().equals(line));
            String status = executeCommand("migration:status");
            assertContains("sim problem: " + line + "\n", status.replace("\r", ""));
            // the pool stops deciding: cycles go on, no decision of dqn, the failure recorded once
            int decisions = ids(controller.history(Optional.of(SIM), 10_000), AuditRecord.Type.DECISION).size();
            long cycles = controller.pool(SIM).orElseThrow().counters().cycles();
            waitFor("three more cycles", TIMEOUT,
                    () -> controller.pool(SIM).orElseThrow().counters().cycles() >= cycles + 3);
            List<AuditRecord> history = controller.history(Optional.of(SIM), 10_000);
            assertEquals("no decision while the model does not fit", decisions,
                    ids(history, AuditRecord.Type.DECISION).size());
            assertEquals("the failure recorded once", 1, history.stream().filter(r -> r.type() == AuditRecord.Type.ERROR
                    && r.detail().equals("agent 'dqn' failed: model file " + file
                            + " expects 14 features, this agent builds 16")).count());
            assertEquals("dqn is still the registered agent", 1,
                    bundleContext.getServiceReferences(MigrationAgent.class, "(agent.name=dqn)").size());
        } finally {
            c.delete();
        }
        waitFor("dqn deciding with the shipped model again", TIMEOUT, () -> problem().isEmpty());
        assertContains("agent threshold", executeCommand("migration:use --pool sim --agent threshold"));
        assertEquals("threshold", controller.pool(SIM).orElseThrow().selection().agent());
    }

    /** Selects dqn for the pool as an operator does, once its service is there. */
    private void selectDqn() {
        dqnService();
        waitFor("the sim pool", TIMEOUT, () -> controller.pool(SIM).isPresent());
        String out = executeCommand("migration:use --pool sim --agent dqn");
        assertContains("agent dqn", out);
        assertEquals("dqn", controller.pool(SIM).orElseThrow().selection().agent());
    }

    /** Waits for the dqn service and for the controller to have bound it (the binding follows the registration). */
    private void dqnService() {
        waitFor("the dqn agent service, bound by the controller", TIMEOUT, () -> {
            try {
                return bundleContext.getServiceReferences(MigrationAgent.class, "(agent.name=dqn)").size() == 1
                        && controller.plugins().stream().anyMatch(p -> p.kind() == PluginKind.AGENT
                                && p.name().equals("dqn"));
            } catch (Exception e) {
                return false;
            }
        });
    }

    private String problem() {
        return controller.pool(SIM).flatMap(PoolStatus::problem).orElse("");
    }

    private List<AuditRecord> byDqn() {
        return controller.history(Optional.of(SIM), 10_000).stream().filter(r -> "dqn".equals(r.agent())).toList();
    }

    private static Set<MigrationId> ids(List<AuditRecord> history, AuditRecord.Type type) {
        return history.stream().filter(r -> r.type() == type && !r.dryRun()).flatMap(r -> r.migration().stream())
                .collect(Collectors.toCollection(() -> new TreeSet<>(Comparator.comparing(MigrationId::value))));
    }

    /** Starts one operator migration: a running VM to the host with most free memory that accepts it. */
    private MigrationId migrateSomething(ClusterSnapshot s) throws ControllerException {
        Set<String> moving = controller.pool(SIM).orElseThrow().inFlight().stream().map(f -> f.vm().value())
                .collect(Collectors.toSet());
        for (VmState vm : s.vms().stream().filter(VmState::migratable).filter(v -> !moving.contains(v.id().value()))
                .sorted(Comparator.comparing(VmState::id)).toList()) {
            HostState source = s.host(vm.residentOn().orElseThrow()).orElseThrow();
            Optional<HostState> target = s.hosts().stream()
                    .filter(h -> !h.id().equals(source.id()) && h.acceptsVms())
                    .filter(h -> h.memoryFreeBytes() >= vm.memoryBytes())
                    .max(Comparator.comparingLong(HostState::memoryFreeBytes));
            if (target.isPresent()) {
                try {
                    return controller.migrate(SIM, vm.id(), target.get().id());
                } catch (ControllerException refused) {
                    // the guard said no (anti-affinity, hold, the host's limit): the next VM
                }
            }
        }
        throw new AssertionError("no VM can move in " + s);
    }

    private static void collectGarbage() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static List<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName).sorted()
                .toList();
    }
}
