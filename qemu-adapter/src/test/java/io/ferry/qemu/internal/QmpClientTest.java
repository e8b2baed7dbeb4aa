package io.ferry.qemu.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.api.HypervisorException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@SuppressWarnings("try") // the fake server is a resource the test holds open, not one it calls
class QmpClientTest {

    @TempDir
    Path dir;

    private static String ok(String request, String value) {
        return "{\"return\": " + value + ", \"id\": " + FakeQmpServer.id(request) + "}";
    }

    @Test
    void executeWhenEventsArriveFirstThenSkipsThemAndReturnsTheAnswer() throws Exception {
        Path sock = dir.resolve("q.sock");
        try (FakeQmpServer server = new FakeQmpServer(sock, FakeQmpServer.GREETING, l -> l.contains("query-migrate")
                ? "{\"event\": \"MIGRATION\", \"data\": {\"status\": \"active\"}}\n" + ok(l, "{\"status\": \"active\"}")
                : ok(l, "{}"));
                QmpClient qmp = QmpClient.connect("test", sock, Duration.ofSeconds(5), () -> true)) {
            JsonNode r = qmp.execute("query-migrate", null);

            assertThat(r.path("status").asText()).isEqualTo("active");
            assertThat(server.received.get(0)).contains("qmp_capabilities");
            assertThat(qmp.events()).hasSize(1);
            assertThat(qmp.events().get(0).path("event").asText()).isEqualTo("MIGRATION");
        }
    }

    @Test
    void executeWhenQemuAnswersAnErrorThenOneLineWithItsClass() throws Exception {
        Path sock = dir.resolve("q.sock");
        try (FakeQmpServer server = new FakeQmpServer(sock, FakeQmpServer.GREETING, l -> l.contains("migrate-start")
                ? "{\"error\": {\"class\": \"GenericError\", \"desc\": \"Postcopy must be started after migration has "
                        + "been started\"}, \"id\": " + FakeQmpServer.id(l) + "}"
                : ok(l, "{}"));
                QmpClient qmp = QmpClient.connect("host-a/vm (pid 1)", sock, Duration.ofSeconds(5), () -> true)) {
            assertThatThrownBy(() -> qmp.execute("migrate-start-postcopy", null))
                    .isInstanceOf(HypervisorException.class)
                    .hasMessage("GenericError: host-a/vm (pid 1): migrate-start-postcopy: Postcopy must be started "
                            + "after migration has been started")
                    .satisfies(e -> assertThat(((HypervisorException) e).code()).isEqualTo("GenericError"));
        }
    }

    @Test
    void executeWhenQemuStaysSilentThenTimesOut() throws Exception {
        Path sock = dir.resolve("q.sock");
        try (FakeQmpServer server = new FakeQmpServer(sock, FakeQmpServer.GREETING,
                l -> l.contains("qmp_capabilities") ? ok(l, "{}") : null);
                QmpClient qmp = QmpClient.connect("test", sock, Duration.ofMillis(300), () -> true)) {
            assertThatThrownBy(() -> qmp.execute("query-status", null))
                    .isInstanceOf(HypervisorException.class)
                    .hasMessage("QMP_TIMEOUT: test: no answer to query-status within 300 ms");
        }
    }

    @Test
    void connectWhenTheProcessIsDeadThenFailsAtOnceInsteadOfWaiting() {
        long t = System.nanoTime();
        assertThatThrownBy(() -> QmpClient.connect("gone", dir.resolve("none.sock"), Duration.ofSeconds(30),
                () -> false))
                .isInstanceOf(HypervisorException.class)
                .hasMessageStartingWith("QMP_CLOSED: gone: the QEMU process exited");
        assertThat(Duration.ofNanos(System.nanoTime() - t)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void connectWhenTheGreetingIsNotQmpThenProtocolError() throws Exception {
        Path sock = dir.resolve("q.sock");
        try (FakeQmpServer server = new FakeQmpServer(sock, "{\"hello\": 1}", l -> null)) {
            assertThatThrownBy(() -> QmpClient.connect("test", sock, Duration.ofSeconds(5), () -> true))
                    .isInstanceOf(HypervisorException.class)
                    .hasMessageStartingWith("QMP_PROTOCOL: test: expected the QMP greeting");
        }
    }
}
