/**
 * Controller instances that share pools through a Kafka consumer group (DESIGN.md §8): a {@link
 * io.ferry.cluster.kafka.ClusterMember} per deciding instance, owning the pools keyed to its {@code vm-metrics}
 * partitions and driving each through its controller as a {@link io.ferry.cluster.kafka.StreamedPool}; on the
 * instance attached to the hypervisors, a {@link io.ferry.cluster.kafka.SamplePublisher} and a
 * {@link io.ferry.cluster.kafka.DecisionExecutor}. Messages: {@link io.ferry.cluster.kafka.Messages}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.ferry.cluster.kafka;
