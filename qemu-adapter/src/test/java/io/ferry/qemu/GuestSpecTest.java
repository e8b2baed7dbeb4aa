package io.ferry.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class GuestSpecTest {

    @Test
    void kernelArgumentsThenEveryParameterTheWorkloadReads() {
        GuestSpec g = GuestSpec.of("vm-1", 512, 256).withWriter(WriterMode.SWEEP, 20_000, 32).withHeartbeat(10, 4)
                .withSeed(7).withSchedule(List.of(new RateStep(1000, 5), new RateStep(0, 2)));

        assertThat(g.kernelArguments()).isEqualTo("ferry.mem=256 ferry.mode=sweep ferry.rate=20000 ferry.hot=32 "
                + "ferry.hotpct=90 ferry.hb=10 ferry.check=4 ferry.seed=7 ferry.sched=1000:5,0:2");
        assertThat(g.guestMemoryBytes()).isEqualTo(512L << 20);
    }

    @Test
    void constructorWhenTheGuestIsTooSmallForKernelAndWorkloadThenRefused() {
        assertThatThrownBy(() -> GuestSpec.of("vm", 256, 224))
                .hasMessage("guestMemoryMiB = 256: must be in [288, 65536] (workloadMiB + 64 for the kernel)");
        assertThatThrownBy(() -> GuestSpec.of("vm 1", 256, 64)).hasMessageStartingWith("name = vm 1: must be");
        assertThatThrownBy(() -> GuestSpec.of("vm", 256, 64).withWriter(WriterMode.SWEEP, 0, 65))
                .hasMessage("hotSetMiB = 65: must be in [1, 64] (the workload's memory)");
    }

    @Test
    void aScheduleOf128StepsIsTakenAndOneMoreOrTooLongACommandLineIsRefused() {
        GuestSpec g = GuestSpec.of("vm", 512, 256);
        List<RateStep> max = java.util.Collections.nCopies(128, new RateStep(150_000, 1));
        assertThat(g.withSchedule(max).schedule()).hasSize(128);
        assertThatThrownBy(() -> g.withSchedule(java.util.Collections.nCopies(129, new RateStep(1, 1))))
                .hasMessage("schedule: 129 steps, at most 128");
        assertThatThrownBy(() -> g.withSchedule(java.util.Collections.nCopies(128, new RateStep(1_000_000_000L, 1))))
                .hasMessageStartingWith("schedule: 1663 characters on the kernel command line, at most 1536");
    }
}
