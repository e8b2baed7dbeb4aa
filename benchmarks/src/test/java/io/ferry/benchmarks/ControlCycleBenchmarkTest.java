package io.ferry.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.controller.PoolStatus;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Runs the control-cycle benchmark's body on a small pool and checks what the cycles did, never how long. */
class ControlCycleBenchmarkTest {

    @Test
    void controlCycleWhenDryRunThenDecidesAndStartsNothing() throws IOException {
        ControlCycleBenchmark benchmark = new ControlCycleBenchmark();
        benchmark.hosts = 8;
        benchmark.vms = 40;
        benchmark.maxDecisionsPerCycle = 1000;
        benchmark.seed = BenchmarkPool.SEED;
        benchmark.setUp();
        try {
            for (int i = 0; i < 3; i++) {
                benchmark.controlCycle();
            }
            PoolStatus.Counters c = benchmark.counters();
            assertThat(c.cycles()).isEqualTo(3);
            assertThat(c.decisions()).as("the pool starts with hot hosts: the agent decides").isPositive();
            assertThat(c.refused()).as("hysteresis is off: the guard lets every decision through").isZero();
            assertThat(c.started()).as("dry-run").isZero();
        } finally {
            benchmark.tearDown();
        }
    }
}
