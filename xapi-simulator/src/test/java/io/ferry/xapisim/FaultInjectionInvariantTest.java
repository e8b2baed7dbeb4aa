package io.ferry.xapisim;

import static org.assertj.core.api.Assertions.assertThat;

import com.xensource.xenapi.Connection;
import com.xensource.xenapi.Host;
import com.xensource.xenapi.Session;
import com.xensource.xenapi.Task;
import com.xensource.xenapi.Types;
import com.xensource.xenapi.VM;
import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import org.apache.xmlrpc.XmlRpcException;
import org.junit.jupiter.api.Test;

/**
 * Hundreds of injected faults (failed migrations, hosts going offline, slow replies, expiring sessions,
 * connections reset before or after the call took effect) against a client that keeps migrating through the
 * real SDK, as an adapter would: re-login on {@code SESSION_INVALID}, carry on after a lost reply. Invariants,
 * checked from the client's side and against the simulator's ground truth: every VM runs on exactly one host
 * (or, halted, on none); a migration reported as a success moved its VM to its target; no failed or cancelled
 * migration is reported as a success, and each leaves its VM on the source; no memory reservation leaks.
 */
class FaultInjectionInvariantTest {

    private static final int FAULTS_WANTED = 300;
    private static final int MAX_ITERATIONS = 4000;

    private final ManualClock clock = new ManualClock();
    private final Random random = new Random(5);
    private XapiSimulator sim;
    private Connection c;
    private int reconnects;

    @Test
    void migrationsWhenHundredsOfFaultsStrikeThenNoVmIsLostOrDoubledAndNoFailureIsReportedAsSuccess()
            throws Exception {
        Properties faults = new Properties();
        faults.setProperty("seed", "11");
        faults.setProperty("migration.failure-rate", "0.4");
        faults.setProperty("host.offline-rate", "0.15");
        faults.setProperty("host.offline-seconds", "20");
        faults.setProperty("reply.slow-rate", "0.1");
        faults.setProperty("reply.slow-millis", "1-2");
        faults.setProperty("session.expire-after-calls", "25");
        faults.setProperty("connection.reset-rate", "0.12");
        faults.setProperty("connection.reset-when", "either");
        sim = Simulators.manual(clock).vms(8).vmMemoryGiB(1, 2).linkGbps(10).faults(faults).build().start();
        try {
            run();
        } finally {
            sim.close();
        }
    }

    private void run() throws Exception {
        Map<Task, String[]> pending = new LinkedHashMap<>(); // task -> vm, source, target
        Map<String, Types.TaskStatusType> observed = new HashMap<>();
        int lostReplies = 0;
        int iterations = 0;
        while (totalFaults() < FAULTS_WANTED && iterations++ < MAX_ITERATIONS) {
            try {
                ensureSession();
                // collect finished tasks and check them from the client's side at once
                for (Map.Entry<Task, String[]> e : new ArrayList<>(pending.entrySet())) {
                    Task.Record t = e.getKey().getRecord(c);
                    if (t.status == Types.TaskStatusType.PENDING) {
                        continue;
                    }
                    pending.remove(e.getKey());
                    observed.put(e.getKey().toWireString(), t.status);
                    String where = Types.toVM(e.getValue()[0]).getResidentOn(c).toWireString();
                    if (t.status == Types.TaskStatusType.SUCCESS) {
                        assertThat(where).as("a VM whose migration succeeded runs on its target")
                                .isEqualTo(e.getValue()[2]);
                        assertThat(t.errorInfo).isEmpty();
                    } else {
                        assertThat(t.errorInfo).isNotEmpty();
                        if (Set.of("VM_MIGRATE_FAILED", "TASK_CANCELLED").contains(t.errorInfo.iterator().next())) {
                            assertThat(where).as("a VM whose migration failed stays on its source")
                                    .isEqualTo(e.getValue()[1]);
                        }
                    }
                }
                // start a migration of a guest that is not migrating, to a random other host
                List<Map.Entry<VM, VM.Record>> candidates = new ArrayList<>();
                for (Map.Entry<VM, VM.Record> e : VM.getAllRecords(c).entrySet()) {
                    VM.Record r = e.getValue();
                    if (!r.isControlDomain && !r.isATemplate && r.powerState == Types.VmPowerState.RUNNING
                            && r.currentOperations.isEmpty()) {
                        candidates.add(e);
                    }
                }
                if (!candidates.isEmpty() && pending.size() < 4) {
                    Map.Entry<VM, VM.Record> pick = candidates.get(random.nextInt(candidates.size()));
                    List<Host> hosts = new ArrayList<>(Host.getAll(c));
                    hosts.remove(pick.getValue().residentOn);
                    Host target = hosts.get(random.nextInt(hosts.size()));
                    Task task = pick.getKey().poolMigrateAsync(c, target, Map.of("live", "true"));
                    pending.put(task, new String[] {pick.getKey().toWireString(),
                            pick.getValue().residentOn.toWireString(), target.toWireString()});
                }
                if (iterations % 25 == 0) {
                    checkPool();
                }
            } catch (Types.SessionInvalid e) {
                c = null;
            } catch (Types.XenAPIException e) {
                throw new AssertionError("no call of this client should be refused: " + e, e);
            } catch (XmlRpcException | IOException e) {
                lostReplies++; // a connection reset: the call may or may not have taken effect
            }
            clock.advance(2);
        }

        assertThat(totalFaults()).as("faults injected in %d iterations: %s", iterations, sim.faultsInjected())
                .isGreaterThanOrEqualTo(FAULTS_WANTED);
        assertThat(sim.faultsInjected()).allSatisfy((kind, n) -> assertThat(n).as(kind).isPositive());
        assertThat(lostReplies).isPositive();
        assertThat(reconnects).isPositive();

        // let every migration end, then check the whole pool and the ground truth
        clock.advance(3600);
        c = null;
        for (int i = 0; i < 20 && c == null; i++) {
            try {
                ensureSession();
                checkPool();
            } catch (XmlRpcException | IOException e) {
                c = null; // lost once more; faults keep striking
            }
        }
        List<MigrationRecord> truth = sim.migrations();
        assertThat(truth.size()).as("migrations accepted").isGreaterThan(40);
        for (MigrationRecord m : truth) {
            assertThat(m.status()).as("every migration has ended").isNotEqualTo(MigrationRecord.Status.RUNNING);
            if (m.status() == MigrationRecord.Status.SUCCESS) {
                assertThat(m.finalHostUuid()).as("a success moved its VM").isEqualTo(m.targetUuid());
                assertThat(m.downtimeSeconds()).isPositive();
                assertThat(m.errorInfo()).isEmpty();
            } else {
                assertThat(m.finalHostUuid()).as("a failure left its VM on the source").isEqualTo(m.sourceUuid());
                assertThat(m.errorInfo().get(0)).isIn("VM_MIGRATE_FAILED", "TASK_CANCELLED");
            }
            Types.TaskStatusType seen = observed.get(m.operation());
            if (seen != null) {
                assertThat(seen == Types.TaskStatusType.SUCCESS)
                        .as("the client was told success exactly when the migration succeeded: %s", m)
                        .isEqualTo(m.status() == MigrationRecord.Status.SUCCESS);
            }
        }
        assertThat(truth).anyMatch(m -> m.status() == MigrationRecord.Status.SUCCESS)
                .anyMatch(m -> m.status() == MigrationRecord.Status.FAILURE);
    }

    /** Every VM on exactly one host (or none when halted), and no memory reserved once nothing migrates. */
    @SuppressWarnings("deprecation") // host_metrics.memory_free: what the simulator reports as free without reservations
    private void checkPool() throws Exception {
        Map<Host, Host.Record> hosts = Host.getAllRecords(c);
        Map<VM, VM.Record> vms = VM.getAllRecords(c);
        Map<VM, Integer> seenOn = new HashMap<>();
        for (Host.Record h : hosts.values()) {
            for (VM vm : h.residentVMs) {
                seenOn.merge(vm, 1, Integer::sum);
            }
        }
        boolean migrating = false;
        for (Map.Entry<VM, VM.Record> e : vms.entrySet()) {
            VM.Record r = e.getValue();
            migrating |= !r.currentOperations.isEmpty();
            if (r.powerState == Types.VmPowerState.RUNNING) {
                assertThat(hosts).as("%s runs on a host of the pool", r.nameLabel).containsKey(r.residentOn);
                assertThat(seenOn.get(e.getKey())).as("%s is resident on exactly one host", r.nameLabel)
                        .isEqualTo(1);
                assertThat(hosts.get(r.residentOn).residentVMs).contains(e.getKey());
            } else {
                assertThat(r.residentOn.toWireString()).isEqualTo("OpaqueRef:NULL");
                assertThat(seenOn).doesNotContainKey(e.getKey());
            }
        }
        if (!migrating) {
            for (Map.Entry<Host, Host.Record> h : hosts.entrySet()) {
                if (h.getValue().metrics.getLive(c)) {
                    assertThat(h.getKey().computeFreeMemory(c)).as("no reservation is left on %s",
                            h.getValue().nameLabel).isEqualTo(h.getValue().metrics.getMemoryFree(c));
                }
            }
        }
    }

    private void ensureSession() throws Exception {
        if (c == null) {
            Connection fresh = new Connection(new URL(sim.url()));
            Session.loginWithPassword(fresh, sim.user(), sim.password());
            c = fresh;
            reconnects++;
        }
    }

    private long totalFaults() {
        return sim.faultsInjected().values().stream().mapToLong(Long::longValue).sum();
    }
}
