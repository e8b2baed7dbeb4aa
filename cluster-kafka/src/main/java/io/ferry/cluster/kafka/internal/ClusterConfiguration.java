package io.ferry.cluster.kafka.internal;

import io.ferry.cluster.kafka.ClusterSettings;
import io.ferry.guard.GuardRules;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The {@code io.ferry.cluster.kafka} configuration: see {@link ClusterSettings} for what each value decides. */
@ObjectClassDefinition(name = "Ferry cluster on Kafka",
        description = "Controller instances sharing pools through a Kafka consumer group (etc/io.ferry.cluster.kafka.cfg).")
@interface ClusterConfiguration {

    @AttributeDefinition(name = "Bootstrap servers", description = "host:port,... of the Kafka cluster (required).")
    String bootstrapServers();

    @AttributeDefinition(name = "Instance id",
            description = "This instance, unique in the group: its static membership id and transactional id "
                    + "suffix (required; letters, digits, '.', '_', '-').")
    String instanceId();

    @AttributeDefinition(name = "Group id", description = "The controllers' consumer group.")
    String groupId() default ClusterSettings.DEFAULT_GROUP;

    @AttributeDefinition(name = "Decide", description = "Join the group and decide the pools it assigns.")
    boolean decide() default true;

    @AttributeDefinition(name = "Metrics topic") String metricsTopic() default "vm-metrics";

    @AttributeDefinition(name = "Decisions topic") String decisionsTopic() default "migration-decisions";

    @AttributeDefinition(name = "Outcomes topic") String outcomesTopic() default "migration-outcomes";

    @AttributeDefinition(name = "Pool state topic (compacted)") String stateTopic() default "pool-state";

    @AttributeDefinition(name = "Partitions",
            description = "Partitions of each topic when this instance creates it (fix it up front: adding "
                    + "partitions moves pools).")
    int partitions() default ClusterSettings.DEFAULT_PARTITIONS;

    @AttributeDefinition(name = "Transaction timeout (s)",
            description = "How long a dead owner's open transaction blocks its pools' next owner at most.")
    int transactionTimeoutSeconds() default 10;

    @AttributeDefinition(name = "Stale after (s)", description = "A pool whose newest sample is older decides nothing.")
    int staleAfterSeconds() default 30;

    @AttributeDefinition(name = "Handover timeout (s)",
            description = "How long a new owner waits for the outcomes of the previous owner's decisions.")
    int handoverTimeoutSeconds() default 120;

    @AttributeDefinition(name = "Handover cooldown (s)",
            description = "Cooldown of a VM whose move completed while its pool changed owner.")
    long handoverCooldownSeconds() default GuardRules.DEFAULT_COOLDOWN_SECONDS;

    @AttributeDefinition(name = "Handover back-off (s)",
            description = "Back-off of a VM whose move failed, or has no outcome, at a handover.")
    long handoverBackoffSeconds() default GuardRules.DEFAULT_FAILURE_BACKOFF_SECONDS;

    @AttributeDefinition(name = "Sample interval (s)", description = "How often shared local pools are published.")
    int sampleIntervalSeconds() default 5;

    @AttributeDefinition(name = "Window samples", description = "Samples per series published.")
    int windowSamples() default 12;

    @AttributeDefinition(name = "Security protocol", description = "PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL.")
    String securityProtocol() default "PLAINTEXT";

    @AttributeDefinition(name = "SSL truststore", description = "Path of the truststore; empty: none.")
    String ssl_truststore_location() default "";

    @AttributeDefinition(name = "SSL truststore password", type = AttributeType.PASSWORD,
            description = "Private (the key starts with a dot): never shown nor logged.")
    String _ssl_truststore_password() default "";

    @AttributeDefinition(name = "SASL mechanism", description = "e.g. PLAIN, SCRAM-SHA-512; empty: no SASL.")
    String sasl_mechanism() default "";

    @AttributeDefinition(name = "SASL JAAS config", type = AttributeType.PASSWORD,
            description = "Private (the key starts with a dot): never shown nor logged.")
    String _sasl_jaas_config() default "";
}
