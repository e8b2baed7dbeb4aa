/**
 * The messages Ferry instances exchange through a stream (Kafka topic {@code vm-metrics}, DESIGN.md §8), free of
 * Kafka types: {@link io.ferry.stream.PoolSample} (one pool's snapshot and metric windows at one control cycle),
 * its JSON codec {@link io.ferry.stream.PoolSampleCodec}, and {@link io.ferry.stream.SampleDecoder}, which a
 * consumer uses to skip and count what it cannot read.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.ferry.stream;
