package io.ferry.agent.dqn.stream.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.agent.dqn.ExperienceSink;
import io.ferry.agent.dqn.RewardWeights;
import io.ferry.agent.dqn.rl.ReplayBuffer;
import io.ferry.agent.dqn.rl.Transition;
import io.ferry.agent.dqn.stream.StreamExperience;
import io.ferry.api.model.PoolId;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The DS component outside OSGi: the configuration from a map, a sink over a plain replay buffer. */
@Timeout(value = 60, unit = TimeUnit.SECONDS) // a hang guard only
class DqnStreamComponentTest {

    /** A sink as the agent-dqn bundle registers one: a buffer and reward weights. */
    private static final class BufferOnly implements ExperienceSink {
        final ReplayBuffer buffer = new ReplayBuffer(7);
        final RewardWeights reward = new RewardWeights(0, 3, 0, 4, 5);

        @Override
        public void add(Transition t) {
            buffer.add(t);
        }

        @Override
        public RewardWeights reward() {
            return reward;
        }

        @Override
        public int size() {
            return buffer.size();
        }

        @Override
        public int capacity() {
            return buffer.capacity();
        }

        @Override
        public long added() {
            return buffer.added();
        }
    }

    private static DqnStreamConfiguration config(Map<String, Object> p) {
        return DqnStreamComponent.configuration(p);
    }

    @Test
    void theDefaultsAreTheClustersTopicsTheDqnAgentFromNowOnAndTheSinksRewardWeights() {
        BufferOnly sink = new BufferOnly();
        StreamExperience.Settings s = DqnStreamComponent.settings(
                config(Map.of("bootstrapServers", "broker:9092", "streamPools", "sim-0")), sink);
        StreamExperience.Settings d = StreamExperience.Settings.defaults(s.connection(), s.pools());
        assertThat(s).isEqualTo(d.withReward(sink.reward));
        assertThat(s.fromBeginning()).isFalse();
        assertThat(s.pollTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(s.lookupTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.connection().bootstrapServers()).isEqualTo("broker:9092");
    }

    @Test
    void streamPoolsIsAListOrOneValueSplitAtCommasAndWhiteSpace() {
        assertThat(DqnStreamComponent.pools(new String[] {"a, b", "c d,,", " "}))
                .containsExactly(new PoolId("a"), new PoolId("b"), new PoolId("c"), new PoolId("d"));
        StreamExperience.Settings s = DqnStreamComponent.settings(config(Map.of("bootstrapServers", "b:1",
                "streamPools", new String[] {"x", "y,z"}, "fromBeginning", "true")), new BufferOnly());
        assertThat(s.pools()).containsExactlyInAnyOrder(new PoolId("x"), new PoolId("y"), new PoolId("z"));
        assertThat(s.fromBeginning()).isTrue();
    }

    @Test
    void aConfigurationThatCannotWorkIsRefusedNamingTheKey() {
        Map<Map<String, Object>, String> cases = Map.of(
                Map.of("streamPools", "a"), "bootstrapServers is blank: name the Kafka cluster",
                Map.of("bootstrapServers", "b:1"), "streamPools is empty: name the pools whose experience counts",
                Map.of("bootstrapServers", "b:1", "streamPools", "a", "maxPending", 0), "maxPending = 0: must be >= 1",
                Map.of("bootstrapServers", "b:1", "streamPools", "a", "sampleHistory", 1),
                "sampleHistory = 1: must be >= 2",
                Map.of("bootstrapServers", "b:1", "streamPools", "a", "decisionsTopic", " "), "decisionsTopic is blank",
                Map.of("bootstrapServers", "b:1", "streamPools", "a", "securityProtocol", "TLS"),
                "securityProtocol = TLS: one of [PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL]");
        for (var e : cases.entrySet()) {
            assertThatThrownBy(() -> DqnStreamComponent.settings(config(e.getKey()), new BufferOnly()))
                    .as("%s", e.getKey()).isInstanceOf(IllegalArgumentException.class).hasMessage(e.getValue());
        }
    }

    @Test
    void aRejectedConfigurationLeavesTheComponentActiveWithOneProblemLineAndNoSecretInIt() {
        BufferOnly sink = new BufferOnly();
        Map<String, Object> p = new HashMap<>(Map.of("bootstrapServers", "b:1", "streamPools", "a",
                "securityProtocol", "SASL_SSL", "saslJaasConfig.password", "org.Foo required password=\"s3cret\";",
                "sslTruststore.password", "s3cret"));
        DqnStreamComponent c = new DqnStreamComponent(config(p), sink);
        StreamStatus.Status s = c.status();
        assertThat(s.problem()).hasValueSatisfying(line -> {
            assertThat(line).startsWith("configuration io.ferry.agent.dqn.stream rejected, nothing is consumed: ")
                    .doesNotContain("\n").doesNotContain("s3cret");
        });
        assertThat(s.added() + s.skipped() + s.pending()).isZero();
        assertThat(s.bufferCapacity()).isEqualTo(7);
        assertThat(s.source()).doesNotContain("s3cret");
        c.deactivate();
    }

    @Test
    void anUnresolvableBrokerIsRefusedByKafkaInOneLine() {
        DqnStreamComponent c = new DqnStreamComponent(config(Map.of("bootstrapServers",
                "no-such-host.invalid:9092", "streamPools", "a")), new BufferOnly());
        assertThat(c.status().problem()).hasValueSatisfying(line -> assertThat(line)
                .startsWith("configuration io.ferry.agent.dqn.stream rejected, nothing is consumed: ")
                .contains("bootstrap"));
        c.deactivate();
    }
}
