package io.ferry.xapisim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.xensource.xenapi.Connection;
import com.xensource.xenapi.Host;
import com.xensource.xenapi.Session;
import com.xensource.xenapi.Task;
import com.xensource.xenapi.Types;
import com.xensource.xenapi.VM;
import java.io.IOException;
import java.net.URL;
import java.util.Map;
import java.util.Properties;
import org.apache.xmlrpc.XmlRpcException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each kind of injected fault, one at a time, as the SDK sees it. */
class FaultInjectionTest {

    private final ManualClock clock = new ManualClock();
    private XapiSimulator sim;

    @AfterEach
    void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    private Connection start(String... keysAndValues) throws Exception {
        Properties p = new Properties();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            p.setProperty(keysAndValues[i], keysAndValues[i + 1]);
        }
        sim = Simulators.manual(clock).faults(p).build().start();
        return Simulators.login(sim);
    }

    @Test
    void scheduledOutageWhenItStrikesThenHostOfflineUntilItEnds() throws Exception {
        Connection c = start("host.offline-schedule", "host-01@10+30");
        Host host = Host.getByNameLabel(c, "host-01").iterator().next();
        VM guest = guestNotOn(c, host);
        assertThat(host.getMetrics(c).getLive(c)).isTrue();

        clock.advance(11);

        assertThat(host.getMetrics(c).getLive(c)).isFalse();
        assertThat(host.getAllowedOperations(c)).containsExactly(Types.HostAllowedOperations.POWER_ON);
        assertThatThrownBy(() -> guest.poolMigrate(c, host, Map.of()))
                .isInstanceOfSatisfying(Types.HostOffline.class, e -> assertThat(e.host).isEqualTo(host.toWireString()));
        assertThatThrownBy(() -> host.computeFreeMemory(c)).isInstanceOf(Types.HostOffline.class);
        assertThat(sim.faultsInjected()).containsEntry("HOST_OFFLINE", 1L);

        clock.advance(30);

        assertThat(host.getMetrics(c).getLive(c)).isTrue();
        assertThat(host.computeFreeMemory(c)).isPositive();
    }

    @Test
    void scheduledOutageWhenAMigrationToTheHostIsInPreCopyThenItFailsAndTheVmStays() throws Exception {
        Connection c = start("host.offline-schedule", "host-01@1+30");
        Host host = Host.getByNameLabel(c, "host-01").iterator().next();
        VM guest = guestNotOn(c, host);
        Host source = guest.getResidentOn(c);
        Task task = guest.poolMigrateAsync(c, host, Map.of());

        clock.advance(2);

        assertThat(task.getStatus(c)).isEqualTo(Types.TaskStatusType.FAILURE);
        assertThat(task.getErrorInfo(c).iterator().next()).isEqualTo("VM_MIGRATE_FAILED");
        assertThat(guest.getResidentOn(c)).isEqualTo(source);
    }

    @Test
    void sessionExpiryWhenTheCallsRunOutThenSessionInvalidAndANewLoginWorks() throws Exception {
        Connection c = start("session.expire-after-calls", "10"); // login's four side calls count
        for (int i = 0; i < 6; i++) {
            Host.getAll(c);
        }

        assertThatThrownBy(() -> Host.getAll(c)).isInstanceOf(Types.SessionInvalid.class);
        assertThat(sim.faultsInjected()).containsEntry("SESSION_EXPIRED", 1L);
        Connection again = new Connection(new URL(sim.url()));
        Session.loginWithPassword(again, sim.user(), sim.password());
        assertThat(Host.getAll(again)).hasSize(XapiSimulator.DEFAULT_HOSTS);
    }

    @Test
    void connectionResetWhenBeforeTheCallThenTheClientFailsAndNothingHappened() throws Exception {
        Connection c = start("session.expire-after-calls", "0");
        VM guest = guestNotOn(c, null);
        Host target = Host.getAll(c).stream().filter(h -> {
            try {
                return !h.equals(guest.getResidentOn(c));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).findFirst().orElseThrow();
        String session = c.getSessionReference();
        sim.close();
        Properties p = new Properties();
        p.setProperty("connection.reset-rate", "1");
        p.setProperty("connection.reset-when", "before");
        sim = Simulators.manual(clock).faults(p).build().start(); // the same seed: the same references
        Connection broken = new Connection(new URL(sim.url()), session);

        assertThatThrownBy(() -> guest.poolMigrateAsync(broken, target, Map.of()))
                .isInstanceOfAny(XmlRpcException.class, IOException.class);
        assertThat(sim.migrations()).isEmpty();
        assertThat(sim.faultsInjected().get("CONNECTION_RESET")).isGreaterThanOrEqualTo(1L);
    }

    @Test
    void slowRepliesWhenEveryReplyIsSlowThenCallsStillSucceed() throws Exception {
        Connection c = start("reply.slow-rate", "1", "reply.slow-millis", "1-2");
        assertThat(Host.getAll(c)).hasSize(XapiSimulator.DEFAULT_HOSTS);
        // login, its four side calls, and Host.getAll
        assertThat(sim.faultsInjected()).containsEntry("SLOW_REPLY", 6L);
    }

    private static VM guestNotOn(Connection c, Host host) throws Exception {
        for (Map.Entry<VM, VM.Record> e : VM.getAllRecords(c).entrySet()) {
            VM.Record r = e.getValue();
            if (!r.isControlDomain && !r.isATemplate && r.powerState == Types.VmPowerState.RUNNING
                    && !r.residentOn.equals(host) && r.memoryStaticMax <= (1L << 30)) {
                return e.getKey();
            }
        }
        for (Map.Entry<VM, VM.Record> e : VM.getAllRecords(c).entrySet()) {
            VM.Record r = e.getValue();
            if (!r.isControlDomain && !r.isATemplate && r.powerState == Types.VmPowerState.RUNNING
                    && !r.residentOn.equals(host)) {
                return e.getKey();
            }
        }
        throw new AssertionError("no running guest off " + host);
    }
}
