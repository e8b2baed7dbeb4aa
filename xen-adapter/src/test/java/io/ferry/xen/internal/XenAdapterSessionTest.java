package io.ferry.xen.internal;

import static io.ferry.xen.internal.XenTestPools.await;
import static io.ferry.xen.internal.XenTestPools.manual;
import static io.ferry.xen.internal.XenTestPools.props;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.api.HypervisorException;
import io.ferry.api.model.ClusterSnapshot;
import io.ferry.xapisim.XapiSimulator;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Sessions through the real SDK over HTTP: login, HOST_IS_SLAVE, a refused password, re-login after expiry. */
class XenAdapterSessionTest {

    private final XenTestPools.ManualClock clock = new XenTestPools.ManualClock();

    @Test
    void snapshotWhenLoggedInThenOneLoginAndOneLoad() throws Exception {
        try (XapiSimulator sim = manual(clock).build().start();
                XenHypervisorAdapter adapter = new XenHypervisorAdapter(props(sim))) {
            ClusterSnapshot s = adapter.snapshot();

            assertThat(s.hosts()).hasSize(XapiSimulator.DEFAULT_HOSTS);
            assertThat(adapter.logins()).isEqualTo(1);
            assertThat(adapter.loads()).isEqualTo(1);
            assertThat(adapter.healthy()).isTrue();
        }
    }

    @Test
    void loginWhenUrlNamesAPoolMemberThenFollowsHostIsSlaveToTheMaster() throws Exception {
        try (XapiSimulator sim = manual(clock).build().start()) {
            String member = sim.hostAddresses().get(1);
            assertThat(member).as("this test needs a host listener on 127.0.0.2").isNotEqualTo("127.0.0.1");
            try (XenHypervisorAdapter adapter = new XenHypervisorAdapter(props(sim, "url",
                    "http://" + member + ":" + sim.port() + "/"))) {
                assertThat(adapter.snapshot().hosts()).hasSize(XapiSimulator.DEFAULT_HOSTS);
                assertThat(adapter.settings().url().getHost()).isEqualTo(member);
                assertThat(adapter.master().getHost()).as("the master it was sent to").isEqualTo("127.0.0.1");
            }
        }
    }

    @Test
    void snapshotWhenPasswordRefusedThenFailsWithXapisCodeAndNeverShowsThePassword() throws Exception {
        try (XapiSimulator sim = manual(clock).build().start();
                XenHypervisorAdapter adapter = new XenHypervisorAdapter(props(sim, ".password", "s3cret-wrong",
                        "connectTimeoutSeconds", 1))) {
            assertThatThrownBy(adapter::snapshot).isInstanceOf(HypervisorException.class)
                    .hasMessageContaining("SESSION_AUTHENTICATION_FAILED")
                    .hasMessageNotContaining("s3cret-wrong");
            assertThat(adapter.toString()).doesNotContain("s3cret-wrong");
            assertThat(adapter.settings().toString()).doesNotContain("s3cret-wrong").contains(Secret.MASK);
        }
    }

    @Test
    void callsWhenSessionsExpireThenTheAdapterLogsInAgainAndCarriesOn() throws Exception {
        Properties faults = new Properties();
        faults.setProperty("session.expire-after-calls", "6");
        try (XapiSimulator sim = manual(clock).faults(faults).build().start();
                XenHypervisorAdapter adapter = new XenHypervisorAdapter(props(sim))) {
            adapter.snapshot();
            for (int i = 0; i < 10; i++) {
                adapter.pollTelemetryNow();
                clock.advance(5);
            }
            await("several recovered sessions", () -> adapter.sessionRecoveries() >= 2);

            assertThat(adapter.logins()).isGreaterThan(1);
            assertThat(sim.faultsInjected()).containsKey("SESSION_EXPIRED");
            assertThat(adapter.snapshot().hosts()).hasSize(XapiSimulator.DEFAULT_HOSTS);
        }
    }
}
