package io.ferry.cluster.kafka;

import io.ferry.guard.GuardRules;
import io.ferry.kafka.support.KafkaConnection;
import java.time.Duration;
import java.util.Objects;

/**
 * How one Ferry instance joins the controllers' group and where the topics are: the plain-Java form of the
 * {@code io.ferry.cluster.kafka} configuration. Immutable; {@link #defaults} gives the documented defaults.
 *
 * @param connection         how to reach the Kafka cluster (bootstrap servers, TLS, SASL)
 * @param groupId            the controllers' consumer group
 * @param instanceId         this instance, unique in the group: its static membership id
 *                           ({@code group.instance.id}) and its transactional id's suffix
 * @param metricsTopic       the samples, keyed by pool (written by the instances attached to the hypervisors)
 * @param decisionsTopic     the decisions, keyed by pool, written in transactions by the owners
 * @param outcomesTopic      what the executors did, keyed by pool
 * @param stateTopic         the pools' guard state, compacted, keyed by pool
 * @param partitions         partitions of each topic when this instance creates them; the owner of a
 *                           {@code vm-metrics} partition owns every pool hashing to it, so fix it up front
 * @param pollTimeout        the longest one poll of the group consumer waits
 * @param transactionTimeout {@code transaction.timeout.ms}: how long a dead owner's open transaction blocks its
 *                           pools' new owner at most
 * @param staleAfter         a pool whose newest sample is older than this decides nothing
 * @param handoverTimeout    how long a new owner waits for the outcomes of the decisions the old owner committed
 *                           before it decides; VMs still without an outcome then are held in back-off
 * @param handoverCooldown   cooldown given to a VM whose move completed while the pool changed owner
 * @param handoverBackoff    back-off given to a VM whose move failed, or has no outcome yet, at a handover
 * @param commitInterval     how often an owner commits its consumed offsets when it has no decision to send
 * @param sampleInterval     how often a {@link SamplePublisher} publishes each local pool
 * @param windowSamples      samples per series a {@link SamplePublisher} publishes
 */
public record ClusterSettings(KafkaConnection connection, String groupId, String instanceId, String metricsTopic,
        String decisionsTopic, String outcomesTopic, String stateTopic, int partitions, Duration pollTimeout,
        Duration transactionTimeout, Duration staleAfter, Duration handoverTimeout, Duration handoverCooldown,
        Duration handoverBackoff, Duration commitInterval, Duration sampleInterval, int windowSamples) {

    /** The controllers' group by default. */
    public static final String DEFAULT_GROUP = "ferry-controllers";
    /** Partitions per topic by default. */
    public static final int DEFAULT_PARTITIONS = 6;

    public ClusterSettings {
        Objects.requireNonNull(connection, "connection");
        nonBlank("groupId", groupId);
        nonBlank("instanceId", instanceId);
        if (!instanceId.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("instanceId = " + instanceId
                    + ": must be letters, digits, '.', '_' or '-'");
        }
        nonBlank("metricsTopic", metricsTopic);
        nonBlank("decisionsTopic", decisionsTopic);
        nonBlank("outcomesTopic", outcomesTopic);
        nonBlank("stateTopic", stateTopic);
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions = " + partitions + ": must be at least 1");
        }
        positive("pollTimeout", pollTimeout);
        positive("transactionTimeout", transactionTimeout);
        positive("staleAfter", staleAfter);
        positive("handoverTimeout", handoverTimeout);
        positive("handoverCooldown", handoverCooldown);
        positive("handoverBackoff", handoverBackoff);
        positive("commitInterval", commitInterval);
        positive("sampleInterval", sampleInterval);
        if (windowSamples < 1) {
            throw new IllegalArgumentException("windowSamples = " + windowSamples + ": must be at least 1");
        }
    }

    /** @return the defaults: group {@value #DEFAULT_GROUP}, the four topics by their names, 6 partitions, … */
    public static ClusterSettings defaults(KafkaConnection connection, String instanceId) {
        return new ClusterSettings(connection, DEFAULT_GROUP, instanceId, "vm-metrics", "migration-decisions",
                "migration-outcomes", "pool-state", DEFAULT_PARTITIONS, Duration.ofMillis(200),
                Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(120),
                Duration.ofSeconds(GuardRules.DEFAULT_COOLDOWN_SECONDS),
                Duration.ofSeconds(GuardRules.DEFAULT_FAILURE_BACKOFF_SECONDS), Duration.ofSeconds(1),
                Duration.ofSeconds(5), 12);
    }

    /** @return these settings for another instance */
    public ClusterSettings withInstanceId(String id) {
        return new ClusterSettings(connection, groupId, id, metricsTopic, decisionsTopic, outcomesTopic, stateTopic,
                partitions, pollTimeout, transactionTimeout, staleAfter, handoverTimeout, handoverCooldown,
                handoverBackoff, commitInterval, sampleInterval, windowSamples);
    }

    /** @return these settings with other timings (tests, demos) */
    public ClusterSettings withTimings(Duration transaction, Duration stale, Duration handover, Duration sample) {
        return new ClusterSettings(connection, groupId, instanceId, metricsTopic, decisionsTopic, outcomesTopic,
                stateTopic, partitions, pollTimeout, transaction, stale, handover, handoverCooldown, handoverBackoff,
                commitInterval, sample, windowSamples);
    }

    /** @return these settings with another cooldown and back-off for moves that ended during a handover */
    public ClusterSettings withHandoverGuard(Duration cooldown, Duration backoff) {
        return new ClusterSettings(connection, groupId, instanceId, metricsTopic, decisionsTopic, outcomesTopic,
                stateTopic, partitions, pollTimeout, transactionTimeout, staleAfter, handoverTimeout, cooldown,
                backoff, commitInterval, sampleInterval, windowSamples);
    }

    /** @return the transactional id of this instance's owner producer */
    public String transactionalId() {
        return groupId + "-" + instanceId;
    }

    private static void nonBlank(String name, String v) {
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(name + " = " + v + ": must not be blank");
        }
    }

    private static void positive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " = " + d + ": must be a positive duration");
        }
    }
}
