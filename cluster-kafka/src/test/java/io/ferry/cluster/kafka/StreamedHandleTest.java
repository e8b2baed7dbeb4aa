package io.ferry.cluster.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.api.model.MigrationId;
import io.ferry.api.model.MigrationMetrics;
import io.ferry.api.model.MigrationOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the owner's controller gets from an executor's outcome: the measured metrics, for its audit and agent. */
class StreamedHandleTest {

    private static final MigrationMetrics MEASURED = new MigrationMetrics(Duration.ofMillis(4200),
            Duration.ofMillis(450), 5L << 30, 1_400_000, 90_000, 4, 0, Duration.ZERO, Duration.ZERO, true);

    @Test
    void aCompletedOutcomeWithMetricsCompletesTheHandleWithThoseMetrics() {
        Decision d = MessagesTest.decision();
        StreamedPool.StreamedHandle h = new StreamedPool.StreamedHandle(new MigrationId("m-1"), d);
        Outcome o = DecisionExecutor.judged(d, Outcome.Status.COMPLETED, d.request().target(), "PRE_COPY",
                "completed", Optional.of(MEASURED), "site", Instant.EPOCH);

        assertThat(h.completeWith(o)).isTrue();

        MigrationOutcome done = h.outcome().toCompletableFuture().getNow(null);
        assertThat(done.status()).isEqualTo(MigrationOutcome.Status.COMPLETED);
        assertThat(done.metrics()).contains(MEASURED);
        assertThat(done.detail()).isEqualTo("COMPLETED by site: completed");
    }

    @Test
    void anOutcomeWithoutMetricsCompletesTheHandleWithoutAny() {
        Decision d = MessagesTest.decision();
        StreamedPool.StreamedHandle h = new StreamedPool.StreamedHandle(new MigrationId("m-1"), d);

        h.completeWith(new Outcome(d.id(), d.pool(), d.request().vm(), d.request().source(), d.request().target(),
                Outcome.Status.FAILED, d.request().source(), "PRE_COPY", "hypervisor refused", "site",
                Instant.EPOCH));

        assertThat(h.outcome().toCompletableFuture().getNow(null).metrics()).isEmpty();
    }

    @Test
    void anAcceptedOutcomeDoesNotCompleteTheHandle() {
        Decision d = MessagesTest.decision();
        StreamedPool.StreamedHandle h = new StreamedPool.StreamedHandle(new MigrationId("m-1"), d);

        assertThat(h.completeWith(new Outcome(d.id(), d.pool(), d.request().vm(), d.request().source(),
                d.request().target(), Outcome.Status.ACCEPTED, d.request().source(), "", "accepted", "site",
                Instant.EPOCH))).isFalse();
        assertThat(h.outcome().toCompletableFuture().isDone()).isFalse();
    }
}
