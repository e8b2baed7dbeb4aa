package io.ferry.agent.dqn.stream.internal;

import io.ferry.agent.dqn.stream.StreamExperience;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@value DqnStreamComponent#PID}: which cluster, which pools, which topics, from where. */
@ObjectClassDefinition(name = "Ferry DQN experience from the Kafka stream",
        description = "Reads vm-metrics, migration-decisions (read_committed) and migration-outcomes for the "
                + "configured pools and adds each finished cycle of the dqn agent's decisions for one source host "
                + "to the running dqn agent's replay buffer, where it counts towards online fine-tuning as the "
                + "agent's own experience does. Inactive until this configuration exists.")
@interface DqnStreamConfiguration {

    @AttributeDefinition(description = "host:port[,host:port...] of the Kafka cluster (required)")
    String bootstrapServers() default "";

    @AttributeDefinition(description = "The pools whose experience counts, a list or one comma-separated value "
            + "(required); records of other pools are decoded and dropped")
    String[] streamPools() default {};

    @AttributeDefinition(description = "Topic of the pools' samples")
    String metricsTopic() default "vm-metrics";

    @AttributeDefinition(description = "Topic of the decisions, read with isolation.level=read_committed")
    String decisionsTopic() default "migration-decisions";

    @AttributeDefinition(description = "Topic of the executors' outcomes")
    String outcomesTopic() default "migration-outcomes";

    @AttributeDefinition(description = "The Decision.agent whose decisions count; others are counted as ignored")
    String agent() default "dqn";

    @AttributeDefinition(description = "Read the topics from their beginning (history; again at every restart of "
            + "the component, which keeps no offsets) or only what comes next")
    boolean fromBeginning() default false;

    @AttributeDefinition(description = "Samples kept per pool (>= 2); a decision still without an outcome after "
            + "this many samples is dropped and counted as expired")
    int sampleHistory() default StreamExperience.Settings.DEFAULT_SAMPLE_HISTORY;

    @AttributeDefinition(description = "Decisions (and early outcomes) that may wait (>= 1); beyond, the oldest are "
            + "dropped and counted as expired")
    int maxPending() default StreamExperience.Settings.DEFAULT_MAX_PENDING;

    @AttributeDefinition(description = "Longest single poll in ms (> 0); a missing topic is retried at this interval")
    int pollTimeoutMs() default 500;

    @AttributeDefinition(description = "Longest topic lookup in ms (> 0), also the consumer's API timeout and how "
            + "long without a record before the broker is asked whether it is still there")
    int lookupTimeoutMs() default 5000;

    @AttributeDefinition(description = "security.protocol: PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL")
    String securityProtocol() default "PLAINTEXT";

    @AttributeDefinition(description = "TLS trust store file; blank: the JVM's default trust")
    String sslTruststoreLocation() default "";

    @AttributeDefinition(name = "sslTruststore.password", type = AttributeType.PASSWORD,
            description = "TLS trust store password (private: never logged)")
    String sslTruststore_password() default "";

    @AttributeDefinition(description = "TLS key store file for client authentication; blank: none")
    String sslKeystoreLocation() default "";

    @AttributeDefinition(name = "sslKeystore.password", type = AttributeType.PASSWORD,
            description = "TLS key store password (private)")
    String sslKeystore_password() default "";

    @AttributeDefinition(name = "sslKey.password", type = AttributeType.PASSWORD,
            description = "TLS key password, blank when it is the store's (private)")
    String sslKey_password() default "";

    @AttributeDefinition(description = "SASL mechanism: PLAIN, SCRAM-SHA-256, SCRAM-SHA-512...")
    String saslMechanism() default "";

    @AttributeDefinition(name = "saslJaasConfig.password", type = AttributeType.PASSWORD,
            description = "The sasl.jaas.config line, which holds the SASL password (private)")
    String saslJaasConfig_password() default "";
}
