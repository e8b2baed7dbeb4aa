package io.ferry.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.ferry.api.model.MigrationCost;
import io.ferry.api.model.MigrationMetrics;
import io.ferry.api.model.Technique;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RowAggregateTest {

    private static MigrationMetrics metrics(long totalMs, long downMs, long bytes, int rounds, long faults,
            boolean violated) {
        return new MigrationMetrics(Duration.ofMillis(totalMs), Duration.ofMillis(downMs), bytes, bytes / 4096, 10,
                rounds, faults, Duration.ofMillis(faults), Duration.ofMillis(faults / 2), violated);
    }

    private static Optional<MigrationCost> predicted(long totalMs, long downMs, long bytes) {
        return Optional.of(new MigrationCost(Duration.ofMillis(totalMs), Duration.ofMillis(downMs), bytes));
    }

    @Test
    void rowWhenMigrationsRanTogetherThenMakespanWorstPauseAndSums() {
        ResultRow r = new RowAggregate()
                .add(0, metrics(4000, 30, 400 << 20, 3, 0, false), Technique.PRE_COPY, predicted(3900, 25, 390 << 20))
                .add(500, metrics(4200, 700, 300 << 20, 0, 80, true), Technique.POST_COPY,
                        predicted(4000, 600, 300 << 20))
                .row("s", "p", 512L << 20, 64 << 20, 2, 300, 42, List.of("n"));

        assertThat(r.totalTimeMs()).isCloseTo(4700, within(1e-9));
        assertThat(r.downtimeMs()).isCloseTo(700, within(1e-9));
        assertThat(r.bytesSent()).isEqualTo(700L << 20);
        assertThat(r.rounds()).isEqualTo(3);
        assertThat(r.postcopyFaults()).isEqualTo(80);
        assertThat(r.pagesResent()).isEqualTo(20);
        assertThat(r.slaViolated()).isTrue();
        assertThat(r.technique()).isEqualTo("PRE_COPY+POST_COPY");
        assertThat(r.predicted()).hasValueSatisfying(p -> {
            assertThat(p.totalTimeMs()).isCloseTo(4000, within(1e-9));
            assertThat(p.downtimeMs()).isCloseTo(600, within(1e-9));
            assertThat(p.bytesSent()).isEqualTo(690L << 20);
        });
    }

    @Test
    void rowWhenAMigrationDidNotFinishThenItsTimeAndBytesCountAndTheSlaIsViolated() {
        ResultRow r = new RowAggregate()
                .addUnfinished(0, Duration.ofSeconds(20), 982L << 20, 44, Technique.PRE_COPY, Optional.empty())
                .row("s", "precopy", 256L << 20, 48 << 20, 1, 300, 1, List.of());

        assertThat(r.totalTimeMs()).isCloseTo(20_000, within(1e-9));
        assertThat(r.bytesSent()).isEqualTo(982L << 20);
        assertThat(r.rounds()).isEqualTo(44);
        assertThat(r.slaViolated()).isTrue();
        assertThat(r.predicted()).as("a migration without a prediction: none for the row").isEmpty();
    }

    @Test
    void rowWhenNothingAddedThenRefused() {
        assertThatThrownBy(() -> new RowAggregate().row("s", "p", 1 << 20, 1, 1, 300, 1, List.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("s / p");
    }
}
