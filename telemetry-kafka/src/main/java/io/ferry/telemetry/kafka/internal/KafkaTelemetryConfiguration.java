package io.ferry.telemetry.kafka.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@value KafkaTelemetryComponent#PID}: where and how each cycle's telemetry is published. */
@ObjectClassDefinition(name = "Ferry telemetry to Kafka",
        description = "Publishes each control cycle's snapshot and metric windows of every attached pool to a Kafka "
                + "topic, keyed by pool (PoolSample schema version 2, with the pool's hypervisor when its adapter "
                + "service is there). Blank bootstrapServers: off.")
@interface KafkaTelemetryConfiguration {

    @AttributeDefinition(description = "host:port[,host:port...] of the Kafka cluster; blank publishes nothing")
    String bootstrapServers() default "";

    @AttributeDefinition(description = "The topic every pool's samples go to, keyed by pool")
    String topic() default "vm-metrics";

    @AttributeDefinition(description = "Id of this Ferry instance in every sample; blank: karaf.name@host name")
    String instanceId() default "";

    @AttributeDefinition(description = "Producer compression.type: none, gzip, snappy, lz4, zstd (lz4: 52.7 k "
            + "msgs/s here against 36.7 k uncompressed)")
    String compression() default "lz4";

    @AttributeDefinition(description = "Producer acks: all (every in-sync replica), 1 or 0")
    String acks() default "all";

    @AttributeDefinition(description = "Idempotent producer: no duplicate of a retried send (needs acks = all)")
    boolean enableIdempotence() default true;

    @AttributeDefinition(description = "Producer linger.ms: how long a batch waits for more samples")
    int lingerMs() default 5;

    @AttributeDefinition(description = "Producer max.block.ms: the longest a send waits for metadata or buffer "
            + "space (on the controller's telemetry thread, never the cycle's) before the sample is dropped")
    int maxBlockMs() default 2000;

    @AttributeDefinition(description = "Producer delivery.timeout.ms: how long a sample is retried before it "
            + "counts as dropped; at least lingerMs + requestTimeoutMs")
    int deliveryTimeoutMs() default 60000;

    @AttributeDefinition(description = "Producer request.timeout.ms")
    int requestTimeoutMs() default 15000;

    @AttributeDefinition(description = "Producer max.request.size in bytes: a pool of 3,000 VMs with their "
            + "windows is about 1 MB before compression; the topic's max.message.bytes must allow the compressed "
            + "batch")
    int maxRequestSize() default 8 * 1024 * 1024;

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
