package io.ferry.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.api.model.LinkSpec;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Out-of-range parameters fail with one line naming the parameter, the value and what is accepted. */
class ModelValidationTest {

    private static final LinkSpec LINK = new LinkSpec(1e9, Duration.ZERO, 1);

    @Test
    void negativeRateNamesParameterAndRange() {
        assertThatThrownBy(() -> new DirtyingModel.Uniform(-5))
                .hasMessage("pagesPerSecond = -5.0: must be in [0, 100000000]");
    }

    @Test
    void skewOutOfRangeNamesParameterAndRange() {
        assertThatThrownBy(() -> new DirtyingModel.HotSet(10, 10, 9, 0)).hasMessage("skew = 9.0: must be in [0, 5]");
    }

    @Test
    void nestedPhasesAreRefused() {
        var inner = new DirtyingModel.Phased(List.of(new DirtyingModel.Phase(1, new DirtyingModel.Idle())));
        assertThatThrownBy(() -> new DirtyingModel.Phase(1, inner))
                .hasMessage("phase model: a phase must be idle, uniform or a hot set");
    }

    @Test
    void tinyMemoryNamesParameterAndRange() {
        assertThatThrownBy(() -> new EngineScenario("s", 1000, 4096, 0, LINK, new DirtyingModel.Idle(),
                Duration.ofMillis(300), 1))
                .hasMessage("memoryBytes = 1000: must be in [1048576 (1 MiB), 1099511627776 (1 TiB)]");
    }

    @Test
    void oddPageSizeNamesParameterAndRange() {
        assertThatThrownBy(() -> new EngineScenario("s", 1L << 30, 3000, 0, LINK, new DirtyingModel.Idle(),
                Duration.ofMillis(300), 1))
                .hasMessage("pageSizeBytes = 3000: must be a power of two from 512 to 2097152");
    }

    @Test
    void zeroBudgetNamesParameter() {
        assertThatThrownBy(() -> new EngineScenario("s", 1L << 30, 4096, 0, LINK, new DirtyingModel.Idle(),
                Duration.ZERO, 1)).hasMessage("downtimeBudget = PT0S: must be > 0");
    }

    @Test
    void meanRateOfPhasedModelIsTimeWeighted() {
        var m = new DirtyingModel.Phased(List.of(new DirtyingModel.Phase(3, new DirtyingModel.Uniform(100)),
                new DirtyingModel.Phase(1, new DirtyingModel.Uniform(500))));
        assertThat(m.meanPagesPerSecond()).isEqualTo(200);
        assertThat(m.hotPages()).isZero();
    }
}
