package io.ferry.xapisim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.xensource.xenapi.APIVersion;
import com.xensource.xenapi.Connection;
import com.xensource.xenapi.Host;
import com.xensource.xenapi.Pool;
import com.xensource.xenapi.Session;
import com.xensource.xenapi.Types;
import com.xensource.xenapi.VM;
import java.net.URL;
import java.util.Map;
import org.apache.xmlrpc.XmlRpcException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real SDK logs in (with the side calls it makes after login), keeps and loses sessions, and reads errors. */
class SdkSessionTest {

    private static final ManualClock CLOCK = new ManualClock();
    private static XapiSimulator sim;

    @BeforeAll
    static void start() throws Exception {
        sim = Simulators.manual(CLOCK).build().start();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @Test
    void loginWithPasswordWhenCredentialsAreRightThenTheSdkKnowsApi214() throws Exception {
        Connection c = new Connection(new URL(sim.url()));
        Session session = Session.loginWithPassword(c, "root", "xenroot", "2.14", "ferry-test");

        assertThat(c.getSessionReference()).startsWith("OpaqueRef:").isEqualTo(session.toWireString());
        assertThat(c.getAPIVersion()).isEqualTo(APIVersion.API_2_14);
        Host master = session.getThisHost(c);
        assertThat(master).isEqualTo(Pool.getAllRecords(c).values().iterator().next().master);
        assertThat(master.getAPIVersionMajor(c)).isEqualTo(2L);
        assertThat(master.getAPIVersionMinor(c)).isEqualTo(14L);
        assertThat(session.getRecord(c).originator).isEqualTo("ferry-test");
        Session.logout(c);
    }

    @Test
    void loginWithTwoArgumentsWhenDefaultsThenItWorks() throws Exception {
        Connection c = new Connection(new URL(sim.url()));
        Session.loginWithPassword(c, XapiSimulator.DEFAULT_USER, XapiSimulator.DEFAULT_PASSWORD);
        assertThat(c.getAPIVersion()).isEqualTo(APIVersion.API_2_14);
    }

    @Test
    void loginWhenPasswordIsWrongThenSessionAuthenticationFailed() throws Exception {
        Connection c = new Connection(new URL(sim.url()));
        assertThatThrownBy(() -> Session.loginWithPassword(c, "root", "wrong"))
                .isInstanceOf(Types.SessionAuthenticationFailed.class);
    }

    @Test
    void callWhenSessionIsUnknownThenSessionInvalid() throws Exception {
        Connection c = new Connection(new URL(sim.url()), "OpaqueRef:00000000-dead-beef-0000-000000000000");
        assertThatThrownBy(() -> VM.getAllRecords(c)).isInstanceOfSatisfying(Types.SessionInvalid.class,
                e -> assertThat(e.handle).isEqualTo("OpaqueRef:00000000-dead-beef-0000-000000000000"));
    }

    @Test
    void callWhenLoggedOutThenSessionInvalid() throws Exception {
        Connection c = new Connection(new URL(sim.url()));
        Session.loginWithPassword(c, "root", "xenroot");
        String ref = c.getSessionReference();
        Session.logout(c);
        Connection again = new Connection(new URL(sim.url()), ref);
        assertThatThrownBy(() -> Host.getAll(again)).isInstanceOf(Types.SessionInvalid.class);
    }

    @Test
    void callWhenMethodIsUnknownThenMessageMethodUnknown() throws Exception {
        Simulators.RawConnection c = Simulators.login(sim);
        assertThatThrownBy(() -> c.call("VM.frobnicate", c.getSessionReference()))
                .isInstanceOfSatisfying(Types.MessageMethodUnknown.class,
                        e -> assertThat(e.method).isEqualTo("VM.frobnicate"));
    }

    @Test
    void callWhenParameterCountIsWrongThenMessageParameterCountMismatch() throws Exception {
        Simulators.RawConnection c = Simulators.login(sim);
        assertThatThrownBy(() -> c.call("VM.pool_migrate", c.getSessionReference(), "OpaqueRef:x"))
                .isInstanceOfSatisfying(Types.MessageParameterCountMismatch.class, e -> {
                    assertThat(e.method).isEqualTo("VM.pool_migrate");
                    assertThat(e.expected).isEqualTo("4");
                    assertThat(e.received).isEqualTo("2");
                });
    }

    @Test
    void asyncCallWhenMethodHasNoAsyncModeThenXmlRpcFault() throws Exception {
        Simulators.RawConnection c = Simulators.login(sim);
        assertThatThrownBy(() -> c.call("Async.VM.get_all", c.getSessionReference()))
                .isInstanceOf(XmlRpcException.class).hasMessageContaining("No async mode");
    }

    @Test
    void getByUuidWhenUnknownThenUuidInvalid() throws Exception {
        Connection c = Simulators.login(sim);
        assertThatThrownBy(() -> VM.getByUuid(c, "00000000-0000-0000-0000-000000000000"))
                .isInstanceOf(Types.UuidInvalid.class);
    }

    @Test
    void loginWhenSentToAHostThatIsNotTheMasterThenHostIsSlave() throws Exception {
        String address = sim.hostAddresses().get(1);
        assumeTrue(!address.equals("127.0.0.1"), "this system cannot bind a second loopback address");
        Connection c = new Connection(new URL("http://" + address + ":" + sim.port() + "/"));
        assertThatThrownBy(() -> Session.loginWithPassword(c, "root", "xenroot"))
                .isInstanceOfSatisfying(Types.HostIsSlave.class,
                        e -> assertThat(e.masterIPAddress).isEqualTo("127.0.0.1"));
    }

    @Test
    void callWhenSentToASlaveWithAMasterSessionThenItIsAnswered() throws Exception {
        String address = sim.hostAddresses().get(1);
        assumeTrue(!address.equals("127.0.0.1"), "this system cannot bind a second loopback address");
        Connection master = Simulators.login(sim);
        Connection slave = new Connection(new URL("http://" + address + ":" + sim.port() + "/"),
                master.getSessionReference());
        Map<VM, VM.Record> vms = VM.getAllRecords(slave);
        assertThat(vms).isNotEmpty();
    }
}
