package io.ferry.xen.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.net.HttpURLConnection;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Disconnecting from another thread: the JDK's {@code HttpURLConnection.disconnect} throws
 * {@code NullPointerException} ("this.http" is null) when the thread using the connection ends its call at that
 * moment. Here the delegate throws exactly that, every time, so that the race is not needed to see the outcome.
 */
class GuardedHttpConnectionTest {

    /** A JDK connection that has just lost the race: its disconnect throws what the JDK's throws then. */
    private static final class RacingConnection extends HttpURLConnection {
        int disconnects;

        RacingConnection(URL url) {
            super(url);
        }

        @Override
        public void disconnect() {
            disconnects++;
            throw new NullPointerException("Cannot invoke \"sun.net.www.http.HttpClient.closeServer()\" because "
                    + "\"this.http\" is null");
        }

        @Override
        public boolean usingProxy() {
            return false;
        }

        @Override
        public void connect() {
            connected = true;
        }
    }

    @Test
    void disconnectWhenTheJdkRacesWithTheCallEndingThenNoExceptionAndTheTransportForgetsIt() throws Exception {
        URL url = new URL("http://127.0.0.1:9/");
        RacingConnection jdk = new RacingConnection(url);
        List<GuardedHttpConnection> forgotten = new ArrayList<>();
        GuardedHttpConnection c = new GuardedHttpConnection(url, jdk, forgotten::add);

        assertThatCode(c::disconnect).doesNotThrowAnyException();
        assertThat(jdk.disconnects).isEqualTo(1);
        assertThat(forgotten).containsExactly(c);
    }

    @Test
    void releaseWhenTheJdkRacesWithTheDownloadEndingThenNoException() throws Exception {
        Transport transport = new Transport(new XenSettings.Tls(true, java.util.Optional.empty(), Secret.of(""),
                java.util.Optional.empty(), false), java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(1));
        RacingConnection jdk = new RacingConnection(new URL("http://127.0.0.1:9/rrd_updates"));

        assertThatCode(() -> transport.release(jdk)).doesNotThrowAnyException();
        assertThat(jdk.disconnects).isEqualTo(1);
    }
}
