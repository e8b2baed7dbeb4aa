package io.ferry.xen.internal;

import static io.ferry.xen.internal.XenTestPools.await;
import static io.ferry.xen.internal.XenTestPools.props;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.api.HypervisorException;
import io.ferry.api.model.ClusterSnapshot;
import io.ferry.xapisim.XapiSimulator;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A master that does not answer: deactivation still returns within {@code closeTimeoutSeconds} (the replies are
 * awaited for an hour here, so only the close timeout can end it), callers are refused at once while the master
 * is known down rather than waiting {@code connectTimeoutSeconds} each, and a host failing poll after poll is
 * warned about with a growing interval. Waits are bounded by {@link XenTestPools#PATIENCE}, never asserted.
 */
class XenAdapterUnreachableTest {

    /** Long enough that a test waiting for it would fail at its patience first. */
    private static final int HOUR = 3600;

    private static Map<String, Object> unanswered(String url, Object... overrides) {
        Map<String, Object> p = props(XapiSimulator.builder().build());
        p.put("url", url);
        p.put("replyTimeoutSeconds", HOUR);
        for (int i = 0; i < overrides.length; i += 2) {
            p.put((String) overrides[i], overrides[i + 1]);
        }
        return p;
    }

    private static void closeWithin(XenHypervisorAdapter adapter) throws Exception {
        CompletableFuture<Void> closing = CompletableFuture.runAsync(adapter::close);
        closing.get(XenTestPools.PATIENCE.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void closeWhenTheMasterStopsReplyingThenReturnsWithinItsTimeoutAndLaterCallsAreRefused() throws Exception {
        try (XapiSimulator sim = XapiSimulator.builder().hostListeners(false).build().start();
                TcpRelay relay = new TcpRelay(sim.port(), TcpRelay.Mode.FORWARD)) {
            XenHypervisorAdapter adapter = new XenHypervisorAdapter(unanswered(relay.url(), "closeTimeoutSeconds",
                    1));
            ClusterSnapshot s = adapter.snapshot();
            assertThat(s.vms()).isNotEmpty();
            relay.mode(TcpRelay.Mode.SILENT); // event.from, the logout and every later call now wait for ever

            closeWithin(adapter);

            assertThatThrownBy(adapter::snapshot).isInstanceOf(HypervisorException.class)
                    .hasMessageContaining("is stopped");
        }
    }

    @Test
    void closeWhenTheFirstLoginNeverGetsAReplyThenReturnsWithinItsTimeout() throws Exception {
        try (TcpRelay silent = new TcpRelay(0, TcpRelay.Mode.SILENT)) {
            XenHypervisorAdapter adapter = new XenHypervisorAdapter(unanswered(silent.url(), "closeTimeoutSeconds",
                    0));

            closeWithin(adapter);
        }
    }

    @Test
    void snapshotWhenTheMasterRefusesConnectionsThenRefusedAtOnceNotAfterTheConnectTimeout() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: connections to it are refused
        }
        try (XenHypervisorAdapter adapter = new XenHypervisorAdapter(unanswered("http://127.0.0.1:" + port + "/",
                "connectTimeoutSeconds", 300))) {
            await("the first attempt to fail", adapter::masterDown);

            CompletableFuture<ClusterSnapshot> status = CompletableFuture.supplyAsync(() -> {
                try {
                    return adapter.snapshot();
                } catch (HypervisorException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThatThrownBy(() -> status.get(XenTestPools.PATIENCE.toSeconds(), TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().cause()
                    .isInstanceOf(HypervisorException.class).hasMessageContaining("the master does not answer");
        }
    }

    @Test
    void snapshotWhenACallerWaitedInVainForTheFirstLoadThenTheNextIsRefusedWithoutWaiting() throws Exception {
        try (TcpRelay silent = new TcpRelay(0, TcpRelay.Mode.SILENT);
                XenHypervisorAdapter adapter = new XenHypervisorAdapter(unanswered(silent.url(),
                        "connectTimeoutSeconds", 1, "closeTimeoutSeconds", 1))) {
            assertThatThrownBy(adapter::snapshot).isInstanceOf(HypervisorException.class)
                    .hasMessageContaining("no inventory yet");

            assertThat(adapter.masterDown()).isTrue();
            assertThatThrownBy(adapter::snapshot).isInstanceOf(HypervisorException.class)
                    .hasMessageContaining("the master does not answer");
        }
    }

    @Test
    void telemetryWhenHostsKeepFailingThenOneWarningPerHostNotOnePerPoll() throws Exception {
        XenTestPools.ManualClock clock = new XenTestPools.ManualClock();
        try (XapiSimulator sim = XenTestPools.manual(clock).hosts(3).hostListeners(false).build().start();
                XenHypervisorAdapter adapter = new XenHypervisorAdapter(props(sim, "connectTimeoutSeconds", 60,
                        "maxWarningIntervalSeconds", HOUR))) {
            adapter.snapshot();
            // every host moves to a loopback address where nothing listens: its /rrd_updates is refused on every
            // poll, while the master answers (its calls go to the configured URL)
            List<Inventory.HostAddress> hosts = adapter.inventory().hostAddresses();
            for (Inventory.HostAddress h : hosts) {
                adapter.inventory().host(h.ref()).orElseThrow().address = "127.255.255.254";
            }
            long failuresBefore = adapter.telemetryFailuresAndWarnings()[0];

            for (int poll = 0; poll < 10; poll++) {
                adapter.pollTelemetryNow();
            }

            long[] fw = adapter.telemetryFailuresAndWarnings();
            assertThat(fw[0] - failuresBefore).as("every host failed every poll").isEqualTo(10L * hosts.size());
            assertThat(fw[1]).as("warnings logged").isEqualTo(hosts.size());
        }
    }
}
