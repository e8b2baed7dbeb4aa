package io.ferry.qemu.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.qemu.GuestSpec;
import io.ferry.qemu.RateStep;
import io.ferry.qemu.testbed.DirtyRateSchedules.Family;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The seeded schedules: reproducible, in range, the shape their family promises, and short enough for a guest. */
class DirtyRateSchedulesTest {

    private static final long MAX = 300_000;

    private static long[] perSecond(List<RateStep> steps) {
        return steps.stream().flatMapToLong(s -> java.util.stream.LongStream.generate(s::writesPerSecond)
                .limit(s.seconds())).toArray();
    }

    @Test
    void theSameFamilyAndSeedGiveTheSameScheduleAndAnotherSeedAnother() {
        for (Family f : Family.values()) {
            assertThat(DirtyRateSchedules.generate(f, 7, 65, MAX)).as(f.label())
                    .isEqualTo(DirtyRateSchedules.generate(f, 7, 65, MAX))
                    .isNotEqualTo(DirtyRateSchedules.generate(f, 8, 65, MAX));
        }
    }

    @Test
    void everyFamilyLastsTheSecondsAskedWithRatesInRangeAndFitsAGuest() {
        for (Family f : Family.values()) {
            for (long seed = 1; seed <= 20; seed++) {
                List<RateStep> steps = DirtyRateSchedules.generate(f, seed, 65, MAX);
                long[] r = perSecond(steps);
                assertThat(r).as(f.label() + " seed " + seed).hasSize(65);
                assertThat(java.util.Arrays.stream(r).allMatch(x -> x == 0 || (x >= 990 && x <= MAX)))
                        .as(f.label() + " seed " + seed + ": rates 0 or in [1000, max]").isTrue();
                assertThat(steps.size()).isLessThanOrEqualTo(GuestSpec.MAX_SCHEDULE_STEPS);
                // a guest takes it: steps and command-line length
                GuestSpec.of("g", 512, 256).withSchedule(steps);
                // consecutive steps differ (equal seconds are merged)
                for (int i = 1; i < steps.size(); i++) {
                    assertThat(steps.get(i).writesPerSecond()).isNotEqualTo(steps.get(i - 1).writesPerSecond());
                }
            }
        }
    }

    @Test
    void burstsAlternateQuietAndHighWhileStepsHoldTheirLevelForThreeSecondsOrMore() {
        long[] b = perSecond(DirtyRateSchedules.generate(Family.BURSTS, 3, 120, MAX));
        long high = java.util.Arrays.stream(b).filter(x -> x >= DirtyRateSchedules.rate(0.8, MAX)).count();
        long low = java.util.Arrays.stream(b).filter(x -> x <= DirtyRateSchedules.rate(0.3, MAX)).count();
        assertThat(high + low).isEqualTo(b.length);
        assertThat(high).isBetween(10L, 60L);
        List<RateStep> steps = DirtyRateSchedules.generate(Family.STEPS, 3, 120, MAX);
        // all but the last (cut at 120 s) hold at least 3 s
        assertThat(steps.subList(0, steps.size() - 1)).allMatch(s -> s.seconds() >= 3);
    }

    @Test
    void rateIsTheLogScaleToTwoDigitsAndBelowZeroIdle() {
        assertThat(DirtyRateSchedules.rate(0, MAX)).isEqualTo(1000);
        assertThat(DirtyRateSchedules.rate(1, MAX)).isEqualTo(300_000);
        assertThat(DirtyRateSchedules.rate(0.5, MAX)).isEqualTo(17_000); // sqrt(300) * 1000 = 17 320
        assertThat(DirtyRateSchedules.rate(-1, MAX)).isZero();
    }

    @Test
    void anUnknownFamilyOrABadLengthIsRefusedNamingTheChoices() {
        assertThat(Family.of("Random-Walk")).isEqualTo(Family.RANDOM_WALK);
        assertThatThrownBy(() -> Family.of("square")).hasMessage("unknown schedule family \"square\": families are "
                + "random-walk, steps, ramps, bursts, sine, mixture");
        assertThatThrownBy(() -> DirtyRateSchedules.generate(Family.SINE, 1, 0, MAX))
                .hasMessage("seconds = 0: must be in [1, 1000]");
        assertThatThrownBy(() -> DirtyRateSchedules.generate(Family.RANDOM_WALK, 1, 400, MAX))
                .hasMessageContaining("a guest takes at most 128");
    }
}
