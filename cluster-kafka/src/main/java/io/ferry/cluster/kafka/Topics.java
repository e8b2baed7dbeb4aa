package io.ferry.cluster.kafka;

import io.ferry.kafka.support.KafkaClients;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the cluster's four topics when they are missing (replication factor: the broker's default), with
 * {@link ClusterSettings#partitions()} partitions each, {@code pool-state} compacted. A topic that exists is left
 * as it is. Bounded: about 5 s to look, 30 s to create; when the broker cannot be reached it logs one line and leaves creation to the operator.
 */
final class Topics {

    private static final Logger LOG = LoggerFactory.getLogger(Topics.class);

    private Topics() {
    }

    static void ensure(ClusterSettings s) {
        try (Admin admin = KafkaClients.admin(s.connection(), Map.of("request.timeout.ms", 5_000,
                "default.api.timeout.ms", 5_000))) {
            Set<String> existing = admin.listTopics().names().get(5, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String t : List.of(s.metricsTopic(), s.decisionsTopic(), s.outcomesTopic(), s.stateTopic())) {
                if (!existing.contains(t)) {
                    NewTopic n = new NewTopic(t, java.util.Optional.of(s.partitions()), java.util.Optional.empty());
                    if (t.equals(s.stateTopic())) {
                        n.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
                    }
                    missing.add(n);
                }
            }
            if (!missing.isEmpty()) {
                try {
                    admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.warn("could not check or create the cluster topics at {}: {}", s.connection().bootstrapServers(),
                    e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
