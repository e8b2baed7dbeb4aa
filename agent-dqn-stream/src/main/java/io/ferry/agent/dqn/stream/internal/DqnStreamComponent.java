package io.ferry.agent.dqn.stream.internal;

import io.ferry.agent.dqn.DqnAgent;
import io.ferry.agent.dqn.ExperienceSink;
import io.ferry.agent.dqn.stream.StreamExperience;
import io.ferry.api.MigrationAgent;
import io.ferry.api.model.PoolId;
import io.ferry.kafka.support.KafkaConnection;
import io.ferry.kafka.support.SecurityProtocol;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.KafkaException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.util.converter.Converters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the running DQN agent's replay buffer from the Kafka stream: once {@code etc/io.ferry.agent.dqn.stream.cfg}
 * (or {@code config:edit} … {@code config:update}) names the cluster and the pools, a {@link StreamExperience}
 * reads the three topics on its own thread and hands each transition to the agent's {@link ExperienceSink}
 * ({@code agent.name=dqn}, registered by the agent-dqn bundle), with the agent's own reward weights. There the
 * transitions count towards the agent's {@code fineTuneEvery} as its own do; fine-tuning stays on the agent's
 * thread, so neither this component nor the stream ever delays a decision.
 *
 * <p>The sink is a <b>static, mandatory</b> reference: when the DQN component goes (reconfigured, its bundle
 * stopped or updated), this component is deactivated (its consumer closed) and activated again against the new
 * agent. A dynamic rebinding was not chosen because a new agent is a new buffer with perhaps other reward weights,
 * which the transitions' rewards are built with; and with {@code fromBeginning=true} the restart refills the new,
 * empty buffer from the topics' history. The price: cycles half-read when the agent went are lost.
 *
 * <p>A configuration that cannot work (blank servers, no pool, a limit out of range, settings Kafka refuses) leaves
 * the component active with nothing consumed and that one line in {@code dqn:stream}, logged once at ERROR;
 * passwords stay in the {@link KafkaConnection} and are never logged. The consumer is built under Kafka's own
 * context class loader, so activation from the shell works. Cost: what {@link StreamExperience} says.
 */
@Component(service = StreamStatus.class, immediate = true, configurationPid = DqnStreamComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = DqnStreamConfiguration.class)
public final class DqnStreamComponent implements StreamStatus {

    /** The configuration PID. */
    public static final String PID = "io.ferry.agent.dqn.stream";

    /** The target of the sink reference: the dqn agent's. */
    static final String SINK_TARGET = "(" + MigrationAgent.NAME_PROPERTY + "=" + DqnAgent.NAME + ")";

    private static final Logger LOG = LoggerFactory.getLogger(DqnStreamComponent.class);

    private final ExperienceSink sink;
    private final Optional<StreamExperience> experience;
    private final Optional<String> rejected;
    private final String source;
    private final Set<PoolId> pools;

    @Activate
    public DqnStreamComponent(DqnStreamConfiguration config, @Reference(target = SINK_TARGET) ExperienceSink sink) {
        this.sink = sink;
        StreamExperience e = null;
        String problem = null;
        StreamExperience.Settings settings = null;
        try {
            settings = settings(config, sink);
            e = new StreamExperience(settings, sink::add);
            LOG.info("dqn-stream: feeding the dqn agent's replay buffer ({}) from {}", sink, describe(settings));
        } catch (KafkaException | IllegalArgumentException ex) {
            problem = "configuration " + PID + " rejected, nothing is consumed: " + messages(ex);
            LOG.error("dqn-stream: {}", problem);
        }
        this.experience = Optional.ofNullable(e);
        this.rejected = Optional.ofNullable(problem);
        this.source = settings == null ? config.bootstrapServers() : describe(settings);
        this.pools = settings == null ? Set.of() : settings.pools();
    }

    /** For tests outside OSGi: the configuration from a property map, missing keys taking their defaults. */
    static DqnStreamConfiguration configuration(Map<String, ?> properties) {
        return Converters.standardConverter().convert(properties).to(DqnStreamConfiguration.class);
    }

    /**
     * @return the stream's settings, the reward weights the sink's agent learns with
     * @throws IllegalArgumentException {@code key = value: must be ...} for the first value that cannot work
     */
    static StreamExperience.Settings settings(DqnStreamConfiguration c, ExperienceSink sink) {
        if (c.bootstrapServers().isBlank()) {
            throw new IllegalArgumentException("bootstrapServers is blank: name the Kafka cluster");
        }
        Set<PoolId> pools = pools(c.streamPools());
        if (pools.isEmpty()) {
            throw new IllegalArgumentException("streamPools is empty: name the pools whose experience counts");
        }
        for (var topic : Map.of("metricsTopic", c.metricsTopic(), "decisionsTopic", c.decisionsTopic(),
                "outcomesTopic", c.outcomesTopic(), "agent", c.agent()).entrySet()) {
            if (topic.getValue().isBlank()) {
                throw new IllegalArgumentException(topic.getKey() + " is blank");
            }
        }
        atLeast("sampleHistory", c.sampleHistory(), 2);
        atLeast("maxPending", c.maxPending(), 1);
        atLeast("pollTimeoutMs", c.pollTimeoutMs(), 1);
        atLeast("lookupTimeoutMs", c.lookupTimeoutMs(), 1);
        return new StreamExperience.Settings(connection(c), pools, c.metricsTopic().strip(),
                c.decisionsTopic().strip(), c.outcomesTopic().strip(), c.agent().strip(), sink.reward(),
                c.sampleHistory(), c.maxPending(), c.fromBeginning(), Duration.ofMillis(c.pollTimeoutMs()),
                Duration.ofMillis(c.lookupTimeoutMs()));
    }

    /** @return the pools of every value, each split at commas and white space */
    static Set<PoolId> pools(String[] values) {
        Set<PoolId> pools = new LinkedHashSet<>();
        for (String v : values == null ? new String[0] : values) {
            for (String name : v.split("[,\\s]+")) {
                if (!name.isBlank()) {
                    pools.add(new PoolId(name));
                }
            }
        }
        return pools;
    }

    /** @return the messages of a failure and its causes, joined: Kafka's own says only "Failed to construct" */
    static String messages(Throwable e) {
        StringBuilder b = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c.getMessage() != null && !b.toString().contains(c.getMessage())) {
                b.append(": ").append(c.getMessage());
            }
        }
        return b.toString().replace('\n', ' ');
    }

    private static void atLeast(String key, int value, int least) {
        if (value < least) {
            throw new IllegalArgumentException(key + " = " + value + ": must be >= " + least);
        }
    }

    /** @return the connection the configuration describes; its secrets stay in it */
    static KafkaConnection connection(DqnStreamConfiguration c) {
        SecurityProtocol protocol = SecurityProtocol.parse(c.securityProtocol());
        KafkaConnection k = KafkaConnection.plaintext(c.bootstrapServers().strip()).withProtocol(protocol)
                .withTruststore(c.sslTruststoreLocation(), c.sslTruststore_password())
                .withKeystore(c.sslKeystoreLocation(), c.sslKeystore_password(), c.sslKey_password())
                .withSasl(c.saslMechanism(), c.saslJaasConfig_password());
        k.clientProperties(); // a SASL protocol without mechanism or JAAS fails here, with one line
        return k;
    }

    private static String describe(StreamExperience.Settings s) {
        return s.connection() + ", topics " + s.metricsTopic() + ", " + s.decisionsTopic() + ", " + s.outcomesTopic()
                + ", agent " + s.agent() + ", " + (s.fromBeginning() ? "from the beginning" : "from now on");
    }

    @Override
    public Status status() {
        Optional<String> problem = rejected.isPresent() ? rejected
                : experience.map(StreamExperience::problem).filter(p -> !p.isEmpty());
        StreamExperience e = experience.orElse(null);
        return new Status(source, pools, e == null ? 0 : e.added(), e == null ? 0 : e.skipped(),
                e == null ? 0 : e.ignored(), e == null ? 0 : e.expired(), e == null ? 0 : e.pending(), sink.size(),
                sink.capacity(), sink.added(), problem);
    }

    @Deactivate
    void deactivate() {
        experience.ifPresent(StreamExperience::close);
    }

    @Override
    public String toString() {
        return experience.map(Object::toString).orElse("DqnStreamComponent[rejected]");
    }
}
