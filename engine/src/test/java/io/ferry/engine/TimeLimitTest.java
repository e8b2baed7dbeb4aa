package io.ferry.engine;

import static io.ferry.engine.Scenarios.GIB;
import static io.ferry.engine.Scenarios.MIB;
import static io.ferry.engine.Scenarios.seconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ferry.api.model.LinkSpec;
import io.ferry.api.model.MigrationMetrics;
import io.ferry.api.model.Technique;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The engine's time limit ({@link EngineSettings#maxSimulatedTime()}) holds inside a round, not only between
 * rounds: on a link too slow for the memory the first round alone would outlast it (and simulating the guest's
 * writes all that time is what made a 1 B/s link run for ever).
 */
class TimeLimitTest {

    private static final Duration LIMIT = Duration.ofSeconds(10);
    private final LiveMigrationEngine engine = new LiveMigrationEngine(
            new EngineSettings(Duration.ZERO, 1000, LIMIT, 5, 50));

    /** 1 GiB over 1 MB/s: the first round alone needs about 1074 s, a hundred times the limit. */
    private static EngineScenario slowLink() {
        return new EngineScenario("slow", GIB, 4096, MIB, new LinkSpec(1e6, Duration.ofMillis(1), 1),
                new DirtyingModel.Uniform(1_000), Duration.ofMillis(300), 1);
    }

    @Test
    void simulateWhenTheFirstRoundOutlastsTheTimeLimitThenItStopsAndCopiesAtTheLimit() {
        SimulationResult r = engine.simulate(slowLink(), Scenarios.precopy(), 42).get(0);
        MigrationMetrics m = r.run().metrics();

        assertThat(r.run().technique()).isEqualTo(Technique.PRE_COPY);
        // the VM ran on its source until the limit, then paused for the rest
        assertThat(seconds(m.totalTime()) - seconds(m.downtime())).isCloseTo(seconds(LIMIT), within(1e-6));
        assertThat(m.rounds()).isZero();
        assertThat(r.run().notes()).anyMatch(n -> n.startsWith("engine limit reached in round 1"));
    }

    @Test
    void simulateWhenTheLimitCutsARoundThenTheBytesItSentCountAndEveryPageStillGoes() {
        MigrationMetrics m = engine.simulate(slowLink(), Scenarios.precopy(), 42).get(0).run().metrics();

        // 10 s of the round at 1 MB/s were sent, then the whole memory and the state in the pause
        assertThat(m.bytesSent()).isCloseTo((long) (10 * 1e6) + GIB + MIB, within(4096L));
        assertThat(m.pagesSent()).isEqualTo(GIB / 4096);
        // physical floor: the whole memory crossed the link
        assertThat(seconds(m.totalTime())).isGreaterThanOrEqualTo(GIB / 1e6);
    }

    @Test
    void simulateWhenEveryRoundEndsBeforeTheLimitThenTheLimitChangesNothing() {
        EngineScenario fast = Scenarios.scenario("fast", GIB, 10, new DirtyingModel.Uniform(5_000));
        LiveMigrationEngine generous = new LiveMigrationEngine();

        assertThat(engine.simulate(fast, Scenarios.precopy(), 7).get(0).run().metrics())
                .isEqualTo(generous.simulate(fast, Scenarios.precopy(), 7).get(0).run().metrics());
    }
}
