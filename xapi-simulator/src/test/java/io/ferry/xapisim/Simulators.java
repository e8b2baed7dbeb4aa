package io.ferry.xapisim;

import com.xensource.xenapi.Connection;
import com.xensource.xenapi.Session;
import io.ferry.xapisim.internal.SimulatorServer;
import java.net.URL;
import java.time.Instant;
import java.util.Map;

/** Helpers of this module's tests: the simulator's server, and SDK connections with the raw dispatcher. */
public final class Simulators {

    /** The epoch of the tests' pools, so that their dates are stable. */
    public static final Instant EPOCH = Instant.parse("2025-03-19T04:16:24Z");

    private Simulators() {
    }

    /** @return the server behind {@code sim} (request capture, ground truth) */
    public static SimulatorServer server(XapiSimulator sim) {
        return sim.server();
    }

    /** @return a builder with a manual clock and a fixed epoch */
    public static XapiSimulator.Builder manual(ManualClock clock) {
        return XapiSimulator.builder().clock(clock).epoch(EPOCH);
    }

    /** @return an SDK connection to {@code sim}, logged in */
    public static RawConnection login(XapiSimulator sim) throws Exception {
        RawConnection c = new RawConnection(new URL(sim.url()));
        Session.loginWithPassword(c, sim.user(), sim.password());
        return c;
    }

    /** An SDK connection that can also send any method, as the SDK would, through its own dispatcher. */
    public static final class RawConnection extends Connection {
        public RawConnection(URL url) {
            super(url);
        }

        /** Sends {@code method} with {@code params} and returns the {@code Value} (or throws the SDK's exception). */
        public Object call(String method, Object... params) throws Exception {
            @SuppressWarnings("rawtypes")
            Map response = dispatch(method, params);
            return response.get("Value");
        }
    }
}
