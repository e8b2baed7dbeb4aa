package io.ferry.simcluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.api.MigrationSteering;
import io.ferry.api.PageView;
import io.ferry.api.model.Capability;
import io.ferry.api.model.HostId;
import io.ferry.api.model.LinkSpec;
import io.ferry.api.model.MigrationRequest;
import io.ferry.api.model.RoundDecision;
import io.ferry.api.model.RoundReport;
import io.ferry.api.model.VmId;
import io.ferry.engine.DirtyingModel;
import io.ferry.engine.EngineSettings;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class MigrationLinkTest {

    private static final double BANDWIDTH = 1e9;
    private static final long MEMORY = 256L << 20;
    private static final GuestWrites WRITES = new GuestWrites(1000, 0.1, 1.0);

    /** One pre-copy round, then stop-and-copy. */
    private static final MigrationSteering ONE_ROUND = new MigrationSteering() {
        @Override
        public RoundDecision begin(Optional<PageView> pages) {
            return new RoundDecision.PreCopyRound(Optional.empty());
        }

        @Override
        public RoundDecision afterRound(RoundReport report, Optional<PageView> pages) {
            return new RoundDecision.StopAndCopy();
        }
    };

    private static MigrationRequest request(double rate) {
        long pages = MEMORY / 4096;
        return new MigrationRequest(new VmId("vm"), new HostId("a"), new HostId("b"), MEMORY, 4096, 1 << 20,
                new LinkSpec(BANDWIDTH, Duration.ofMillis(1), 1.0), WRITES.behaviour(rate, pages),
                Duration.ofMillis(300));
    }

    private static MigrationLink link() {
        return new MigrationLink(BANDWIDTH, Set.of(Capability.PRE_COPY, Capability.CANCEL), new EngineSettings());
    }

    @Test
    void startWhenLinkIdleThenRunStartsAtClusterTimeAndEndsNoSoonerThanMemoryOverBandwidth() {
        MigrationLink link = link();
        MigrationLink.Run run = link.start(100, request(0), new DirtyingModel.Idle(), ONE_ROUND, 1, false);
        assertThat(link.idle()).isFalse();
        assertThat(link.nextEventTime()).isGreaterThan(100);
        link.advanceTo(200);
        assertThat(run.done()).isTrue();
        assertThat(link.idle()).isTrue();
        assertThat(link.nextEventTime()).isInfinite();
        assertThat(run.endSeconds()).isGreaterThanOrEqualTo(100 + link.aloneSeconds(MEMORY)).isLessThan(200);
    }

    @Test
    void startWhenLinkIdleAgainThenFreshSimulationAndEarlierRunStillAnswers() {
        MigrationLink link = link();
        MigrationLink.Run first = link.start(0, request(0), new DirtyingModel.Idle(), ONE_ROUND, 1, false);
        link.advanceTo(10);
        double firstEnd = first.endSeconds();
        MigrationLink.Run second = link.start(50, request(0), new DirtyingModel.Idle(), ONE_ROUND, 1, false);
        link.advanceTo(60);
        // the same migration on a fresh link takes exactly as long, 50 s later
        assertThat(second.endSeconds() - 50).isCloseTo(firstEnd, Offset.offset(1e-9));
        assertThat(first.endSeconds()).isEqualTo(firstEnd);
    }

    @Test
    void startWhenAnotherRunsThenBothShareTheBandwidth() {
        MigrationLink alone = link();
        MigrationLink.Run solo = alone.start(0, request(0), new DirtyingModel.Idle(), ONE_ROUND, 1, false);
        alone.runToCompletion();
        MigrationLink shared = link();
        MigrationLink.Run a = shared.start(0, request(0), new DirtyingModel.Idle(), ONE_ROUND, 1, false);
        MigrationLink.Run b = shared.start(0, request(0), new DirtyingModel.Idle(), ONE_ROUND, 2, false);
        shared.runToCompletion();
        assertThat(a.endSeconds()).isGreaterThan(1.5 * solo.endSeconds());
        assertThat(b.done()).isTrue();
    }

    @Test
    void guestWritesWhenIdleThenIdleModelElseHotSetInsideMemory() {
        assertThat(WRITES.model(42, 0, 1000, 0)).isInstanceOf(DirtyingModel.Idle.class);
        assertThat(WRITES.model(42, 0, 1000, 5)).isInstanceOf(DirtyingModel.HotSet.class);
        assertThat(WRITES.hotPages(1000)).isEqualTo(100);
        assertThat(WRITES.hotPages(3)).isEqualTo(1);
        assertThat(WRITES.rate(4, 0.5)).isEqualTo(2000);
        assertThat(new GuestWrites(1e9, 0.1, 1).rate(64, 1)).isEqualTo(GuestWrites.MAX_DIRTY_RATE);
    }
}
