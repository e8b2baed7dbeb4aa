package io.ferry.telemetry.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.api.model.PoolId;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No broker at the configured address: the pool keeps cycling and status has one clear telemetry line. */
class UnreachableBrokerTest {

    @TempDir
    Path dir;

    @Test
    void withNoBrokerThePoolKeepsItsCyclesAndStatusShowsOneTelemetryLineWithTheDrops() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort(); // closed again: nobody listens there
        }
        KafkaTelemetryComponent component = new KafkaTelemetryComponent(Configurations.of(Map.of(
                "bootstrapServers", "127.0.0.1:" + port, "maxBlockMs", 300)), null);
        try (SimulatedControllers sim = new SimulatedControllers(dir, "sim", 4, 12)) {
            sim.controller.addTelemetryListener(component);
            PoolId pool = new PoolId("sim");

            for (int i = 0; i < 3; i++) {
                sim.controller.cycle(pool);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!component.problems().toString().contains("3 samples dropped") && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }

            assertThat(sim.controller.pool(pool).orElseThrow().counters().cycles()).isEqualTo(3);
            assertThat(sim.controller.pool(pool).orElseThrow().problem()).isEmpty();
            assertThat(sim.told).hasSize(3);
            List<String> problems = sim.controller.problems();
            assertThat(problems).singleElement().asString()
                    .matches("telemetry: broker 127\\.0\\.0\\.1:" + port + " unreachable since "
                            + "\\d\\d:\\d\\d:\\d\\dZ; 3 samples dropped \\(last: .*\\)");
        } finally {
            component.deactivate();
        }
    }
}
