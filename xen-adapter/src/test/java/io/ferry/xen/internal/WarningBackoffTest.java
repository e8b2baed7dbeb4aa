package io.ferry.xen.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WarningBackoffTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final WarningBackoff backoff = new WarningBackoff(Duration.ofSeconds(5), Duration.ofMinutes(10),
            now::get);

    private void advance(int seconds) {
        now.addAndGet(Duration.ofSeconds(seconds).toNanos());
    }

    @Test
    void failedWhenAFailureRepeatsEvery5SecondsForAnHourThenWarningsAtDoublingIntervalsWithTheSkippedCount() {
        List<Long> warnedAt = new ArrayList<>();
        List<Long> skipped = new ArrayList<>();
        for (int t = 0; t < 3600; t += 5) {
            OptionalLong w = backoff.failed("host-1");
            if (w.isPresent()) {
                warnedAt.add((long) t);
                skipped.add(w.getAsLong());
            }
            advance(5);
        }

        assertThat(warnedAt).as("at least 30 s, then doubling, capped at 10 minutes")
                .containsExactly(0L, 30L, 90L, 210L, 450L, 930L, 1530L, 2130L, 2730L, 3330L);
        assertThat(skipped).startsWith(0L, 5L, 11L, 23L);
        assertThat(backoff.recovered("host-1").orElseThrow().failures()).isEqualTo(720);
    }

    @Test
    void failedWhenSubjectsDifferThenEachHasItsOwnBackoff() {
        assertThat(backoff.failed("host-1")).isPresent();
        assertThat(backoff.failed("host-2")).isPresent();
        assertThat(backoff.failed("host-1")).isEmpty();
        assertThat(backoff.failed("host-2")).isEmpty();
    }

    @Test
    void recoveredWhenTheSubjectWasFailingThenOnceWithItsFailuresAndTheNextFailureWarnsAtOnce() {
        backoff.failed("master");
        advance(5);
        backoff.failed("master");
        advance(20);

        assertThat(backoff.recovered("master")).contains(new WarningBackoff.Recovery(2, Duration.ofSeconds(25)));
        assertThat(backoff.recovered("master")).isEmpty();
        assertThat(backoff.failed("master")).hasValue(0);
        assertThat(WarningBackoff.recoveryText(new WarningBackoff.Recovery(2, Duration.ofSeconds(25))))
                .isEqualTo("after 2 failures over 25 s");
    }

    @Test
    void recoveredWhenTheSubjectNeverFailedThenNothingToSay() {
        assertThat(backoff.recovered("host-1")).isEmpty();
    }
}
