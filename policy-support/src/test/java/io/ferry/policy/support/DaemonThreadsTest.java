package io.ferry.policy.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.Test;

class DaemonThreadsTest {

    @Test
    void numberedThenDaemonThreadsNamedPrefixDashCountInCreationOrder() {
        ThreadFactory factory = DaemonThreads.numbered("ferry-test");
        Thread first = factory.newThread(() -> { });
        Thread second = factory.newThread(() -> { });

        assertThat(first.isDaemon()).isTrue();
        assertThat(second.isDaemon()).isTrue();
        assertThat(first.getName()).isEqualTo("ferry-test-1");
        assertThat(second.getName()).isEqualTo("ferry-test-2");
    }

    @Test
    void namedThenEveryThreadIsADaemonWithThatName() {
        ThreadFactory factory = DaemonThreads.named("ferry-tick");

        assertThat(factory.newThread(() -> { })).satisfies(t -> {
            assertThat(t.isDaemon()).isTrue();
            assertThat(t.getName()).isEqualTo("ferry-tick");
        });
        assertThat(factory.newThread(() -> { }).getName()).isEqualTo("ferry-tick");
    }
}
