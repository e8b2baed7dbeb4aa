/**
 * Ferry's telemetry to Kafka outside OSGi (benchmarks, tools, an embedded controller):
 * {@link io.ferry.telemetry.kafka.KafkaTelemetry#open(java.util.Map)} gives the publisher the Karaf component runs,
 * configured with the same keys as PID {@code io.ferry.telemetry.kafka}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.ferry.telemetry.kafka;
