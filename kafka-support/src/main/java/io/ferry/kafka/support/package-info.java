/**
 * Kafka clients for Ferry's bundles: {@link io.ferry.kafka.support.KafkaConnection} (typed connection settings,
 * secrets kept private) and {@link io.ferry.kafka.support.KafkaClients} (producers, consumers and admin clients
 * built under Kafka's own class loader). Uses Kafka's types; not part of the SPI.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.ferry.kafka.support;
