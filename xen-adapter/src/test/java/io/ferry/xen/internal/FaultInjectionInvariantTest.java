package io.ferry.xen.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.HostState;
import io.ferry.api.model.MigrationOutcome;
import io.ferry.api.model.PoolId;
import io.ferry.api.model.VmState;
import io.ferry.api.spi.MigrationAgentFactory;
import io.ferry.api.spi.MigrationPolicyFactory;
import io.ferry.api.spi.PluginFactory;
import io.ferry.controller.AuditRecord;
import io.ferry.controller.ControllerException;
import io.ferry.controller.PoolStatus;
import io.ferry.controller.embedded.EmbeddedController;
import io.ferry.xapisim.MigrationRecord;
import io.ferry.xapisim.XapiSimulator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hundreds of injected faults — migrations failing part-way, hosts going offline during migrations, slow replies,
 * sessions expiring, connections reset before or after the call took effect — while Ferry's controller (the
 * threshold agent and the pre-copy policy, in an {@link EmbeddedController}) drives the simulated pool through the
 * adapter, and an operator adds migrations of their own. Invariants, checked against the simulator's own records:
 *
 * <ul>
 * <li>every VM is on exactly one host (halted ones on none), and the adapter's snapshot converges to where the
 * simulator says each VM runs;</li>
 * <li>every migration the simulator accepted has exactly one outcome in the audit log, and that outcome is
 * {@code COMPLETED} exactly when the simulator completed it — no failed or cancelled migration is reported as a
 * success — with the VM on the host the outcome names;</li>
 * <li>the controller keeps cycling, and the adapter recovers its session and its inventory.</li>
 * </ul>
 */
class FaultInjectionInvariantTest {

    private static final PoolId POOL = new PoolId("xen");
    private static final int FAULTS_WANTED = 300;
    /** A bound on the run, in case faults strike slowly on a loaded machine; never an assertion. */
    private static final long MAX_RUN_MILLIS = 100_000;
    private static final Pattern TASK = Pattern.compile("task (OpaqueRef:[0-9a-f-]+)");

    @TempDir
    Path audit;

    private final Random random = new Random(17);

    private static XapiSimulator.Builder pool() {
        return XapiSimulator.builder().hosts(4).vms(16).haltedVms(1).hostCpus(4).vmVcpus(1, 2).vmMemoryGiB(1, 2)
                .linkGbps(10).timeScale(10).seed(5);
    }

    @Test
    void controllerWhenHundredsOfFaultsStrikeThenNoVmIsLostOrDoubledAndEveryOutcomeIsTheSimulatorsOwn()
            throws Exception {
        Map<String, Optional<String>> initial;
        try (XapiSimulator twin = pool().build().start()) {
            initial = XenTestPools.residency(XenTestPools.sdk(twin)); // the same seed lays out the same pool
        }
        Properties faults = new Properties();
        faults.setProperty("seed", "23");
        faults.setProperty("migration.failure-rate", "0.3");
        faults.setProperty("host.offline-rate", "0.1");
        faults.setProperty("host.offline-seconds", "20");
        faults.setProperty("reply.slow-rate", "0.05");
        faults.setProperty("reply.slow-millis", "20-200");
        faults.setProperty("session.expire-after-calls", "60");
        faults.setProperty("connection.reset-rate", "0.03");
        faults.setProperty("connection.reset-when", "either");

        try (XapiSimulator sim = pool().faults(faults).build().start();
                EmbeddedController controller = new EmbeddedController(audit, false)) {
            XenHypervisorAdapter adapter = new XenHypervisorAdapter(XenTestPools.props(sim, "taskPollMillis", 100,
                    "migrationTimeoutSeconds", 60, "replyTimeoutSeconds", 5));
            try {
                controller.addPolicy(plugin(MigrationPolicyFactory.class, "precopy", Map.of()));
                controller.addAgent(plugin(MigrationAgentFactory.class, "threshold",
                        Map.of("cpuThreshold", 0.6, "maxDecisionsPerCycle", 2)));
                controller.configure("xen", Map.of("policy", "precopy", "agent", "threshold", "holdSeconds", "0",
                        "cooldownSeconds", "0", "failureBackoffSeconds", "0", "minImprovement", "0",
                        "hotThreshold", "0.6", "maxConcurrentPerPool", "4", "maxConcurrentPerHost", "2",
                        "migrationTimeoutSeconds", "120"));
                controller.addAdapter(adapter);
                ClusterSnapshot first = XenTestPools.await("the first snapshot", adapter::snapshot);
                assertThat(first.vms().stream().map(v -> v.id().value()).collect(Collectors.toSet()))
                        .isEqualTo(initial.keySet());

                run(sim, adapter, controller, initial);
            } finally {
                adapter.close();
            }
        }
    }

    private void run(XapiSimulator sim, XenHypervisorAdapter adapter, EmbeddedController controller,
            Map<String, Optional<String>> initial) throws Exception {
        long start = System.currentTimeMillis();
        int iteration = 0;
        while (totalFaults(sim) < FAULTS_WANTED && System.currentTimeMillis() - start < MAX_RUN_MILLIS) {
            iteration++;
            controller.cycle(POOL);
            if (iteration % 3 == 0) {
                operatorMigration(adapter, controller);
            }
            if (iteration % 40 == 0) {
                assertConverges(sim, adapter, initial);
            }
            Thread.sleep(100);
        }
        assertThat(totalFaults(sim)).as("faults injected in %d cycles: %s", iteration, sim.faultsInjected())
                .isGreaterThanOrEqualTo(FAULTS_WANTED);
        assertThat(sim.faultsInjected()).allSatisfy((kind, n) -> assertThat(n).as(kind).isPositive())
                .containsKeys("MIGRATION_FAILED", "HOST_OFFLINE", "SLOW_REPLY", "SESSION_EXPIRED", "CONNECTION_RESET");

        // stop deciding; let every migration end and every outcome be recorded
        XenTestPools.await("every migration ended and recorded", () -> sim.migrations().stream()
                .noneMatch(m -> m.status() == MigrationRecord.Status.RUNNING)
                && controller.pool(POOL).orElseThrow().inFlight().isEmpty());
        assertConverges(sim, adapter, initial);

        PoolStatus status = controller.pool(POOL).orElseThrow();
        assertThat(status.counters().cycles()).as("the controller kept cycling").isEqualTo(iteration);
        assertThat(adapter.logins()).as("sessions recovered").isGreaterThan(1);
        assertThat(adapter.sessionRecoveries()).isPositive();
        assertThat(adapter.eventBatches()).as("kept current by events between reloads")
                .isGreaterThan(10 * adapter.loads());

        List<AuditRecord> outcomes = controller.history(Optional.of(POOL), 100_000).stream()
                .filter(r -> r.type() == AuditRecord.Type.OUTCOME).toList();
        Map<String, List<AuditRecord>> byTask = new HashMap<>();
        for (AuditRecord o : outcomes) {
            Matcher m = TASK.matcher(o.detail());
            assertThat(m.find()).as("every outcome names its XAPI task: %s", o.detail()).isTrue();
            byTask.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(o);
        }
        List<MigrationRecord> truth = sim.migrations();
        assertThat(truth.size()).as("migrations the simulator accepted").isGreaterThan(40);
        for (MigrationRecord m : truth) {
            List<AuditRecord> mine = byTask.getOrDefault(m.operation(), List.of());
            assertThat(mine).as("outcomes of %s", m).hasSize(1);
            AuditRecord o = mine.get(0);
            assertThat(o.vm().orElseThrow().value()).isEqualTo(m.vmUuid());
            boolean success = m.status() == MigrationRecord.Status.SUCCESS;
            assertThat(o.status().orElseThrow() == MigrationOutcome.Status.COMPLETED)
                    .as("reported as a success exactly when the simulator completed it: %s / %s", m, o.detail())
                    .isEqualTo(success);
            assertThat(m.finalHostUuid()).as("where the VM ended: %s", m)
                    .isEqualTo(success ? o.target().orElseThrow().value() : o.source().orElseThrow().value());
        }
        // a task XAPI ended at once (its checks refused the migration before it began) left no migration record:
        // such an outcome must be a failure with XAPI's refusal, never a success
        java.util.Set<String> accepted = truth.stream().map(MigrationRecord::operation).collect(Collectors.toSet());
        for (Map.Entry<String, List<AuditRecord>> e : byTask.entrySet()) {
            if (!accepted.contains(e.getKey())) {
                assertThat(e.getValue()).as("outcomes of refused task %s", e.getKey()).hasSize(1)
                        .allSatisfy(o -> {
                            assertThat(o.status()).contains(MigrationOutcome.Status.FAILED);
                            assertThat(o.detail()).containsAnyOf("HOST_OFFLINE", "HOST_NOT_ENOUGH_FREE_MEMORY",
                                    "OTHER_OPERATION_IN_PROGRESS");
                        });
            }
        }
        assertThat(truth).anyMatch(m -> m.status() == MigrationRecord.Status.SUCCESS)
                .anyMatch(m -> m.status() == MigrationRecord.Status.FAILURE);
        assertThat(outcomes).anyMatch(o -> o.detail().startsWith("PRE_COPY on") && o.detail().contains(
                "VM_MIGRATE_FAILED"));
    }

    /** An operator asks for a migration of a random running VM to a random other host, through the guard. */
    private void operatorMigration(XenHypervisorAdapter adapter, EmbeddedController controller) {
        try {
            ClusterSnapshot s = adapter.snapshot();
            List<VmState> running = s.vms().stream().filter(VmState::migratable).toList();
            VmState vm = running.get(random.nextInt(running.size()));
            List<HostState> targets = s.hosts().stream()
                    .filter(h -> !h.id().equals(vm.residentOn().orElseThrow()) && h.acceptsVms()).toList();
            if (!targets.isEmpty()) {
                controller.migrate(POOL, vm.id(), targets.get(random.nextInt(targets.size())).id());
            }
        } catch (ControllerException | io.ferry.api.HypervisorException e) {
            // refused by the guard or the hypervisor, or the pool is reloading: recorded, and the run goes on
        }
    }

    /**
     * The adapter's snapshot agrees with the simulator: every guest where the simulator's records put it (its
     * initial host, or where its last migration left it). Retried while migrations end or the adapter reloads.
     */
    private static void assertConverges(XapiSimulator sim, XenHypervisorAdapter adapter,
            Map<String, Optional<String>> initial) throws Exception {
        XenTestPools.await("the snapshot to agree with the simulator", () -> {
            Map<String, Optional<String>> before = truth(sim, initial);
            ClusterSnapshot s = adapter.snapshot();
            Map<String, Optional<String>> after = truth(sim, initial);
            Map<String, Optional<String>> seen = s.vms().stream().collect(Collectors.toMap(v -> v.id().value(),
                    v -> v.residentOn().map(h -> h.value())));
            long resident = 0;
            for (VmState v : s.vms()) {
                if (v.residentOn().isPresent()) {
                    resident++;
                    assertThat(s.vmsOn(v.residentOn().get())).as("%s listed on its host once", v.name())
                            .containsOnlyOnce(v);
                }
            }
            assertThat(s.hosts().stream().mapToLong(h -> s.vmsOn(h.id()).size()).sum())
                    .as("every running VM on exactly one host").isEqualTo(resident);
            return before.equals(after) && seen.equals(after);
        });
    }

    /** @return where each guest runs by the simulator's own records */
    private static Map<String, Optional<String>> truth(XapiSimulator sim, Map<String, Optional<String>> initial) {
        Map<String, Optional<String>> out = new HashMap<>(initial);
        for (MigrationRecord m : sim.migrations()) {
            out.put(m.vmUuid(), Optional.of(m.finalHostUuid()));
        }
        return out;
    }

    private static long totalFaults(XapiSimulator sim) {
        return sim.faultsInjected().values().stream().mapToLong(Long::longValue).sum();
    }

    /** @return the shipped plugin of that name, found by name through its factory as {@code ./ferry} finds it */
    private static <T, F extends PluginFactory<T>> T plugin(Class<F> kind, String name, Map<String, ?> settings) {
        return ServiceLoader.load(kind).stream().map(ServiceLoader.Provider::get).filter(f -> f.name().equals(name))
                .findFirst().orElseThrow(() -> new IllegalStateException("no " + kind.getSimpleName() + " named "
                        + name + " on the class path")).create(settings);
    }
}
