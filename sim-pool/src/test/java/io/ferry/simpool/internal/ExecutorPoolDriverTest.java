package io.ferry.simpool.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.api.MigrationHandle;
import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.HostId;
import io.ferry.api.model.MigrationOutcome;
import io.ferry.api.model.VmState;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The production driver: threads of its own, started at activation and joined at deactivation. */
class ExecutorPoolDriverTest {

    private static Set<String> poolThreads(String pool) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("ferry-simpool-" + pool + "-")).collect(Collectors.toSet());
    }

    @Test
    void closeWhenMigrationInFlightThenOutcomeCompletesOnTheOutcomeThreadAndThreadsAreJoined() throws Exception {
        // a very slow clock: the migration is still in its first round whatever the machine's speed
        SimulatedPoolAdapter adapter = new SimulatedPoolAdapter(Map.of("pool.name", "driver-test", "timeScale",
                0.0001, "tickMillis", 10));
        ClusterSnapshot s = adapter.snapshot();
        VmState vm = TestPools.bigVmOnBusiestHost(s);
        HostId target = TestPools.roomiestHostOtherThan(s, vm.residentOn().get()).id();
        var request = TestPools.request(s, vm.id(), target);
        MigrationHandle h = adapter.migrate(TestPools.nextId(), request,
                TestPools.precopy().steer(request, adapter.capabilities()));
        CompletableFuture<String> callbackThread = new CompletableFuture<>();
        h.outcome().thenRun(() -> callbackThread.complete(Thread.currentThread().getName()));
        assertThat(poolThreads("driver-test")).contains("ferry-simpool-driver-test-tick");

        adapter.close();

        MigrationOutcome o = h.outcome().toCompletableFuture().getNow(null);
        assertThat(o).isNotNull();
        assertThat(o.status()).isEqualTo(MigrationOutcome.Status.CANCELLED);
        assertThat(callbackThread.getNow(null)).isEqualTo("ferry-simpool-driver-test-outcomes");
        assertThat(poolThreads("driver-test")).isEmpty();
    }
}
