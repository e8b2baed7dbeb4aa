package io.ferry.kafka.broker;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;

/** Bounded admin calls against one broker: readiness and topic creation. Package-private. */
final class Topics {

    private Topics() {
    }

    static Admin admin(String bootstrap, Duration timeout) {
        Properties p = new Properties();
        p.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(Math.min(timeout.toMillis(),
                Integer.MAX_VALUE)));
        p.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(Math.min(timeout.toMillis(),
                Integer.MAX_VALUE)));
        return Admin.create(p);
    }

    /**
     * Waits until the broker answers a metadata request with itself as a node.
     *
     * @return whether it did before {@code deadlineNanos}
     */
    static boolean awaitReady(String bootstrap, long deadlineNanos) throws InterruptedException {
        try (Admin admin = admin(bootstrap, Duration.ofSeconds(5))) {
            while (System.nanoTime() < deadlineNanos) {
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return true;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    // not yet
                }
                Thread.sleep(100);
            }
            return false;
        }
    }

    static void create(String bootstrap, String name, int partitions, boolean compacted, Duration timeout) {
        if (partitions <= 0) {
            throw new IllegalArgumentException("partitions = " + partitions + ": must be > 0");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = admin(bootstrap, timeout)) {
            NewTopic topic = new NewTopic(name, partitions, (short) 1);
            if (compacted) {
                topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            }
            admin.createTopics(List.of(topic)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            while (System.nanoTime() < deadline) {
                try {
                    TopicDescription d = admin.describeTopics(List.of(name)).allTopicNames()
                            .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(name);
                    if (d != null && d.partitions().size() == partitions
                            && d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                        return;
                    }
                } catch (ExecutionException e) {
                    // metadata not propagated yet
                }
                Thread.sleep(50);
            }
            throw new BrokerException("topic " + name + ": no leader for every partition after " + timeout);
        } catch (ExecutionException e) {
            throw new BrokerException("topic " + name + " not created: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new BrokerException("topic " + name + " not created within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerException("interrupted while creating topic " + name, e);
        }
    }
}
