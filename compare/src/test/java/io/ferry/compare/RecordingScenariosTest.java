package io.ferry.compare;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.api.model.DirtyBehaviour;
import io.ferry.api.model.HostId;
import io.ferry.api.model.LinkSpec;
import io.ferry.api.model.Metric;
import io.ferry.api.model.MetricWindow;
import io.ferry.api.model.PoolId;
import io.ferry.api.model.PowerState;
import io.ferry.api.model.VmId;
import io.ferry.api.model.VmState;
import io.ferry.controller.PoolRecording;
import io.ferry.engine.DirtyingModel;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecordingScenariosTest {

    private static final LinkSpec LINK = new LinkSpec(1e9 / 8, Duration.ofMillis(1), 1);

    private static VmState vm(String id) {
        return new VmState(new VmId(id), id, PowerState.RUNNING, Optional.of(new HostId("h1")), 2L << 30, 4, 0.5,
                Set.of());
    }

    private static MetricWindow window(String vm, Metric metric, double... values) {
        return new MetricWindow(vm, metric, Instant.EPOCH, Duration.ofSeconds(5), values);
    }

    private static PoolRecording recording(PoolRecording.VmRecording... vms) {
        return new PoolRecording(new PoolId("p"), "fake", Instant.EPOCH, LINK, 4096, 1 << 20, Duration.ofMillis(300),
                2000, List.of(vms));
    }

    @Test
    void ofWhenTheDirtyRateIsMeasuredThenReplaysIt() {
        var scenarios = RecordingScenarios.of(recording(new PoolRecording.VmRecording(vm("v1"),
                new DirtyBehaviour(200, 0, DirtyBehaviour.Source.MEASURED),
                Optional.of(window("v1", Metric.DIRTY_PAGES_PER_SECOND, 100, 300, 200)), Optional.empty())));
        assertThat(scenarios).singleElement().satisfies(s -> {
            assertThat(s.name()).isEqualTo("recording-v1");
            assertThat(s.memoryBytes()).isEqualTo(2L << 30);
            assertThat(s.link()).isEqualTo(LINK);
            assertThat(s.dirtying()).isInstanceOf(DirtyingModel.Replay.class);
            assertThat(s.dirtying().meanPagesPerSecond()).isEqualTo(200);
        });
    }

    @Test
    void ofWhenOnlyCpuIsRecordedThenInfersTheDirtyRateFromIt() {
        var scenarios = RecordingScenarios.of(recording(new PoolRecording.VmRecording(vm("v1"),
                new DirtyBehaviour(4000, 0, DirtyBehaviour.Source.INFERRED), Optional.empty(),
                Optional.of(window("v1", Metric.CPU_UTILISATION, 0.25, 0.75)))));
        // mean CPU 0.5 × 4 vCPUs × 2000 pages per CPU-second
        assertThat(scenarios.get(0).dirtying().meanPagesPerSecond()).isEqualTo(4000);
    }

    @Test
    void ofWhenNoSeriesIsRecordedThenUsesTheCurrentRateUniformly() {
        var scenarios = RecordingScenarios.of(recording(new PoolRecording.VmRecording(vm("v1"),
                new DirtyBehaviour(123, 0, DirtyBehaviour.Source.INFERRED), Optional.empty(), Optional.empty())));
        assertThat(scenarios.get(0).dirtying()).isEqualTo(new DirtyingModel.Uniform(123));
    }
}
