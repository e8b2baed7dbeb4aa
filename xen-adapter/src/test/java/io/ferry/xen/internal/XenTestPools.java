package io.ferry.xen.internal;

import com.xensource.xenapi.Connection;
import com.xensource.xenapi.Host;
import com.xensource.xenapi.Session;
import com.xensource.xenapi.VM;
import io.ferry.xapisim.XapiSimulator;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** Scenario builders of this module's tests: simulators, adapters on them, ground truth, waiting for outcomes. */
final class XenTestPools {

    /** The epoch of manual-clock pools, so that their dates are stable. */
    static final Instant EPOCH = Instant.parse("2025-03-19T04:16:24Z");
    /** The most any test waits for something the adapter's threads do (never asserted as a time). */
    static final Duration PATIENCE = Duration.ofSeconds(30);

    private XenTestPools() {
    }

    /** A clock the test moves: simulated time advances only when told. */
    static final class ManualClock implements LongSupplier {
        private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

        @Override
        public long getAsLong() {
            return nanos.get();
        }

        void advance(double seconds) {
            nanos.addAndGet(Math.round(seconds * 1e9));
        }
    }

    /** @return a simulator builder with a manual clock and a fixed epoch */
    static XapiSimulator.Builder manual(ManualClock clock) {
        return XapiSimulator.builder().clock(clock).epoch(EPOCH);
    }

    /**
     * @return adapter properties for {@code sim} (plain HTTP on loopback, so {@code insecure}), with short timeouts
     *         and fast polls, then {@code overrides} as key, value pairs
     */
    static Map<String, Object> props(XapiSimulator sim, Object... overrides) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("pool.name", "xen");
        p.put("url", sim.url());
        p.put("user", sim.user());
        p.put(".password", sim.password());
        p.put("insecure", true);
        p.put("connectTimeoutSeconds", 5);
        p.put("replyTimeoutSeconds", 10);
        p.put("taskPollMillis", 50);
        p.put("eventTimeoutSeconds", 1);
        p.put("reconnectDelaySeconds", 1);
        p.put("maxReconnectDelaySeconds", 2);
        p.put("closeTimeoutSeconds", 5);
        for (int i = 0; i < overrides.length; i += 2) {
            p.put((String) overrides[i], overrides[i + 1]);
        }
        return p;
    }

    /** @return a logged-in SDK connection, for reading the simulator's state beside the adapter */
    static Connection sdk(XapiSimulator sim) throws Exception {
        Connection c = new Connection(new URL(sim.url()));
        Session.loginWithPassword(c, sim.user(), sim.password());
        return c;
    }

    /** @return guest VM UUID to the UUID of the host it runs on (empty when halted), as the simulator says */
    static Map<String, Optional<String>> residency(Connection c) throws Exception {
        Map<Host, Host.Record> hosts = Host.getAllRecords(c);
        Map<String, Optional<String>> out = new HashMap<>();
        for (VM.Record r : VM.getAllRecords(c).values()) {
            if (Inventory.guest(r)) {
                Host.Record h = r.residentOn == null || r.residentOn.isNull() ? null : hosts.get(r.residentOn);
                out.put(r.uuid, Optional.ofNullable(h).map(x -> x.uuid));
            }
        }
        return out;
    }

    /** Polls {@code condition} every 20 ms until it holds, failing after {@link #PATIENCE}. */
    static <T> T await(String what, Callable<T> condition) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                T v = condition.call();
                if (v != null && !Boolean.FALSE.equals(v)) {
                    return v;
                }
            } catch (Exception e) {
                last = e;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("timed out waiting for " + what + (last == null ? "" : ": " + last), last);
    }
}
