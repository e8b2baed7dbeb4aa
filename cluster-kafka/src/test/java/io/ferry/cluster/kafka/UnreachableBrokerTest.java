package io.ferry.cluster.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.api.HypervisorAdapter;
import io.ferry.api.model.PoolId;
import io.ferry.controller.PoolStatus;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A member whose broker cannot be reached from the start: it says so in one line (once, to its events, and as its
 * problem) and the controller's local pool keeps cycling as before.
 */
class UnreachableBrokerTest {

    @TempDir
    Path dir;

    @Test
    void memberWhenTheBrokerIsUnreachableThenOneLineSaysSinceWhenAndLocalPoolsKeepCycling() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // free, and nothing listens on it once closed
        }
        List<String> events = new CopyOnWriteArrayList<>();
        HypervisorAdapter local = Fixture.pool(7);
        try (ClusterNode node = new ClusterNode(Fixture.settings("127.0.0.1:" + port, "lonely"), dir, events::add)) {
            PoolId pool = local.pool();
            node.controller.configure(pool.value(), Fixture.poolSettings());
            node.controller.addAdapter(local);
            assertThat(Fixture.await(Duration.ofSeconds(60), () -> node.member.problem().isPresent()))
                    .as("problem line").isTrue();
            String line = node.member.problem().orElseThrow();
            assertThat(line).startsWith("kafka: broker 127.0.0.1:" + port + " unreachable since ")
                    .doesNotContain("\n");
            assertThat(events).filteredOn(e -> e.contains("unreachable")).hasSize(1);
            long cycles = cycles(node, pool);
            assertThat(Fixture.await(Duration.ofSeconds(30), () -> cycles(node, pool) >= cycles + 2)).isTrue();
            assertThat(node.controller.pool(pool).flatMap(PoolStatus::problem)).isEmpty();
            assertThat(node.member.owned()).isEmpty();
        } finally {
            Fixture.close(local);
        }
    }

    private static long cycles(ClusterNode node, PoolId pool) {
        return node.controller.pool(pool).map(s -> s.counters().cycles()).orElse(0L);
    }

}
