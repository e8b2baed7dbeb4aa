package io.ferry.cluster.kafka;

import io.ferry.api.HypervisorAdapter;
import io.ferry.api.MigrationPolicy;
import io.ferry.api.model.PoolId;
import io.ferry.api.spi.HypervisorAdapterFactory;
import io.ferry.api.spi.MigrationAgentFactory;
import io.ferry.api.spi.MigrationPolicyFactory;
import io.ferry.api.spi.PluginFactory;
import io.ferry.kafka.broker.BrokerOptions;
import io.ferry.kafka.support.KafkaConnection;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.BooleanSupplier;

/**
 * What the cluster tests share: a broker whose group and transaction timings are short (2 s sessions, 1 s
 * heartbeats, timed-out transactions aborted within a second), cluster settings to match, the simulated pools and
 * the real pre-copy policy and threshold agent, found through their factories as the command line finds them.
 */
final class Fixture {

    /** Pools the tests share out. */
    static final int POOLS = 6;

    private Fixture() {
    }

    /** @return broker settings with short group sessions and a quick abort of timed-out transactions */
    static BrokerOptions broker() {
        return BrokerOptions.defaults()
                .with("group.consumer.min.session.timeout.ms", "1000")
                .with("group.consumer.session.timeout.ms", "2000")
                .with("group.consumer.min.heartbeat.interval.ms", "500")
                .with("group.consumer.heartbeat.interval.ms", "500")
                .with("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000");
    }

    /** @return cluster settings for a broker at {@code bootstrap}, timings scaled down for tests */
    static ClusterSettings settings(String bootstrap, String instance) {
        return ClusterSettings.defaults(KafkaConnection.plaintext(bootstrap), instance)
                .withTimings(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(20),
                        Duration.ofMillis(500))
                .withHandoverGuard(Duration.ofSeconds(5), Duration.ofSeconds(3));
    }

    /** @return the pool settings a deciding controller gives each pool: cycles every second, short cooldowns */
    static Map<String, Object> poolSettings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("policy", "precopy");
        s.put("agent", "threshold");
        s.put("intervalSeconds", 1);
        s.put("holdSeconds", 0);
        s.put("minImprovement", 0);
        s.put("cooldownSeconds", 5);
        s.put("failureBackoffSeconds", 3);
        return s;
    }

    /**
     * @return simulated pool {@code sim-N}: 6 hosts, 24 VMs, ten simulated seconds per second, half the hosts
     *         overloaded at the start and a workload that cycles within a minute of simulated time
     */
    static HypervisorAdapter pool(int n) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("pool.name", name(n).value());
        p.put("hosts", 6);
        p.put("vms", 24);
        p.put("seed", 100 + n);
        p.put("timeScale", 10.0);
        p.put("overloadedHostFraction", 0.5);
        p.put("antiAffinityTags", new String[0]);
        // a restless workload, so that hosts keep crossing the agent's threshold and migrations keep running
        p.put("sinePeriodSeconds", 60.0);
        p.put("sineAmplitude", 0.4);
        p.put("burstProbability", 0.3);
        p.put("burstHeight", 0.5);
        p.put("burstSeconds", 20.0);
        return find(HypervisorAdapterFactory.class, "simulator").create(p);
    }

    static PoolId name(int n) {
        return new PoolId("sim-" + n);
    }

    /** @return the pools {@code sim-0} … {@code sim-(POOLS-1)} */
    static Map<PoolId, HypervisorAdapter> pools() {
        Map<PoolId, HypervisorAdapter> m = new LinkedHashMap<>();
        for (int i = 0; i < POOLS; i++) {
            HypervisorAdapter a = pool(i);
            m.put(a.pool(), a);
        }
        return m;
    }

    static MigrationPolicy precopy() {
        return find(MigrationPolicyFactory.class, "precopy").create(Map.of());
    }

    static io.ferry.api.MigrationAgent threshold() {
        return find(MigrationAgentFactory.class, "threshold").create(Map.of());
    }

    static <F extends PluginFactory<?>> F find(Class<F> type, String name) {
        return ServiceLoader.load(type).stream().map(ServiceLoader.Provider::get).filter(f -> f.name().equals(name))
                .findFirst().orElseThrow(() -> new IllegalStateException(type.getSimpleName() + " " + name));
    }

    static void close(Object o) {
        if (o instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * Waits until {@code condition} holds, at most {@code timeout}.
     *
     * @return whether it held in time
     */
    static boolean await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(100);
        }
        return condition.getAsBoolean();
    }
}
