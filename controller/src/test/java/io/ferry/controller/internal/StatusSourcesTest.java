package io.ferry.controller.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.controller.StatusSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The status whiteboard: lines of parts that are not pools reach status() and problems() with no pool attached. */
class StatusSourcesTest {

    @TempDir
    Path dir;

    private ScheduledExecutorService timers;
    private AuditLog audit;
    private Controller controller;

    /** Answers what the test sets. */
    private static final class Lines implements StatusSource {
        final List<String> status = new ArrayList<>();
        final List<String> problems = new ArrayList<>();

        @Override
        public List<String> status() {
            return List.copyOf(status);
        }

        @Override
        public List<String> problems() {
            return List.copyOf(problems);
        }
    }

    @BeforeEach
    void setUp() {
        timers = Executors.newSingleThreadScheduledExecutor();
        audit = new AuditLog(dir, 1 << 20, 3, 1000);
        controller = new Controller(new Plugins(), audit, (pool, props) -> { }, AcceptedConfigurations.inMemory(),
                new Fixtures.MutableClock(), timers, Runnable::run, false, new TelemetryFanOut(Runnable::run));
    }

    @AfterEach
    void tearDown() {
        timers.shutdownNow();
        audit.close();
    }

    @Test
    void statusAndProblemsWhenNoPoolIsAttachedThenTheSourcesLinesInTheOrderTheyWereAdded() {
        Lines member = new Lines();
        member.status.add("cluster: member a of group g, generation 3, owns []");
        member.problems.add("cluster member a: kafka: broker 127.0.0.1:9 unreachable since 20:00:00Z");
        Lines other = new Lines();
        other.status.add("other: fine");
        controller.addStatusSource(member);
        controller.addStatusSource(other);

        assertThat(controller.pools()).isEmpty();
        assertThat(controller.status()).containsExactly("cluster: member a of group g, generation 3, owns []",
                "other: fine");
        assertThat(controller.problems())
                .containsExactly("cluster member a: kafka: broker 127.0.0.1:9 unreachable since 20:00:00Z");

        member.problems.clear();
        assertThat(controller.problems()).isEmpty();
        assertThat(controller.history(java.util.Optional.empty(), 10)).isEmpty(); // shown, never recorded
    }

    @Test
    void statusWhenASourceThrowsThenItsProblemSaysSoAndTheOthersAreStillShown() {
        Lines fine = new Lines();
        fine.status.add("fine: yes");
        controller.addStatusSource(new StatusSource() {
            @Override
            public List<String> status() {
                throw new IllegalStateException("boom");
            }

            @Override
            public List<String> problems() {
                throw new IllegalStateException("boom");
            }
        });
        controller.addStatusSource(fine);

        assertThat(controller.status()).containsExactly("fine: yes");
        assertThat(controller.problems()).singleElement().asString().contains("failed: java.lang.IllegalStateException: boom");
    }

    @Test
    void statusWhenTheSourceIsRemovedThenItsLinesAreGone() {
        Lines member = new Lines();
        member.status.add("cluster: member a");
        member.problems.add("cluster member a: down");
        controller.addStatusSource(member);
        controller.removeStatusSource(member);

        assertThat(controller.status()).isEmpty();
        assertThat(controller.problems()).isEmpty();
    }
}
