package io.ferry.cluster.kafka.internal;

import io.ferry.api.HypervisorAdapter;
import io.ferry.api.MigrationPolicy;
import io.ferry.api.model.PoolId;
import io.ferry.cluster.kafka.ClusterMember;
import io.ferry.cluster.kafka.ClusterSettings;
import io.ferry.cluster.kafka.DecisionExecutor;
import io.ferry.cluster.kafka.PoolSink;
import io.ferry.cluster.kafka.SamplePublisher;
import io.ferry.controller.FerryController;
import io.ferry.controller.GuardStateStore;
import io.ferry.controller.StatusSource;
import io.ferry.kafka.support.KafkaConnection;
import io.ferry.kafka.support.SecurityProtocol;
import java.time.Clock;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster in Karaf (PID {@code io.ferry.cluster.kafka}, required): with {@code decide}, a
 * {@link ClusterMember} whose pools are registered as {@link HypervisorAdapter} services (property
 * {@code pool.name}), so that this instance's controller drives them like any pool; for every adapter service
 * marked {@value GuardStateStore#SHARED_PROPERTY}{@code =true} (which the controller does not bind), a
 * {@link SamplePublisher} and a {@link DecisionExecutor} steering with the installed policies. The member's group,
 * generation, owned pools and own problem are in {@code migration:status} through a {@link MemberStatus}
 * ({@link StatusSource} service).
 *
 * <p>The shared adapters and the policies are static, greedy references: a change restarts the component (its
 * member rejoins under the same instance id, so within the session timeout its pools stay). Cost: the member's,
 * publisher's and executor's threads and clients.
 */
@Component(configurationPid = "io.ferry.cluster.kafka", configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true, service = {})
@Designate(ocd = ClusterConfiguration.class)
public final class ClusterComponent {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterComponent.class);

    private final Optional<ClusterMember> member;
    private final Optional<SamplePublisher> publisher;
    private final Optional<DecisionExecutor> executor;
    private final Map<PoolId, ServiceRegistration<HypervisorAdapter>> registered = new ConcurrentHashMap<>();
    private final Optional<ServiceRegistration<StatusSource>> memberStatus;

    @Activate
    public ClusterComponent(BundleContext context, ClusterConfiguration config,
            @Reference FerryController controller,
            @Reference(cardinality = ReferenceCardinality.MULTIPLE, policyOption = ReferencePolicyOption.GREEDY,
                    target = "(" + GuardStateStore.SHARED_PROPERTY + "=true)") List<HypervisorAdapter> shared,
            @Reference(cardinality = ReferenceCardinality.MULTIPLE, policyOption = ReferencePolicyOption.GREEDY)
            List<MigrationPolicy> policies) {
        ClusterSettings settings = settings(config);
        if (config.decide()) {
            ClusterMember m = new ClusterMember(settings, new PoolSink() {
                @Override
                public void attach(HypervisorAdapter pool) {
                    Dictionary<String, Object> p = new Hashtable<>();
                    p.put(HypervisorAdapter.POOL_PROPERTY, pool.pool().value());
                    p.put("ferry.cluster.owner", settings.instanceId());
                    registered.put(pool.pool(), context.registerService(HypervisorAdapter.class, pool, p));
                }

                @Override
                public void detach(HypervisorAdapter pool) {
                    ServiceRegistration<HypervisorAdapter> r = registered.remove(pool.pool());
                    if (r != null) {
                        try {
                            r.unregister();
                        } catch (IllegalStateException e) {
                            // already gone with the bundle
                        }
                    }
                }

                @Override
                public FerryController controller() {
                    return controller;
                }
            }, Clock.systemUTC(), line -> LOG.info("cluster {}: {}", settings.instanceId(), line));
            m.start();
            member = Optional.of(m);
            // the member's group, generation, pools and own problem (e.g. the broker unreachable while it owns no
            // pool) in migration:status
            memberStatus = Optional.of(context.registerService(StatusSource.class, new MemberStatus(
                    settings.instanceId(), settings.groupId(), m::generation, m::owned, m::problem),
                    new Hashtable<>()));
        } else {
            member = Optional.empty();
            memberStatus = Optional.empty();
        }
        if (!shared.isEmpty()) {
            Map<PoolId, HypervisorAdapter> pools = new LinkedHashMap<>();
            shared.forEach(a -> pools.put(a.pool(), a));
            SamplePublisher s = new SamplePublisher(settings, pools, Clock.systemUTC());
            DecisionExecutor e = new DecisionExecutor(settings, pools,
                    name -> policies.stream().filter(p -> p.name().equals(name)).findFirst(), Clock.systemUTC());
            e.start();
            s.start();
            publisher = Optional.of(s);
            executor = Optional.of(e);
        } else {
            publisher = Optional.empty();
            executor = Optional.empty();
        }
        LOG.info("cluster {}: group {} at {}, deciding {}, executing for {}", settings.instanceId(),
                settings.groupId(), settings.connection(), config.decide(),
                shared.stream().map(a -> a.pool().value()).toList());
    }

    static ClusterSettings settings(ClusterConfiguration c) {
        if (c.bootstrapServers() == null || c.bootstrapServers().isBlank()) {
            throw new IllegalArgumentException("bootstrapServers = " + c.bootstrapServers() + ": must be host:port,...");
        }
        KafkaConnection k = KafkaConnection.plaintext(c.bootstrapServers())
                .withProtocol(SecurityProtocol.parse(c.securityProtocol()));
        if (!c.ssl_truststore_location().isBlank()) {
            k = k.withTruststore(c.ssl_truststore_location(), c._ssl_truststore_password());
        }
        if (!c.sasl_mechanism().isBlank()) {
            k = k.withSasl(c.sasl_mechanism(), c._sasl_jaas_config());
        }
        ClusterSettings d = ClusterSettings.defaults(k, c.instanceId());
        return new ClusterSettings(k, c.groupId(), c.instanceId(), c.metricsTopic(), c.decisionsTopic(),
                c.outcomesTopic(), c.stateTopic(), c.partitions(), d.pollTimeout(),
                Duration.ofSeconds(c.transactionTimeoutSeconds()), Duration.ofSeconds(c.staleAfterSeconds()),
                Duration.ofSeconds(c.handoverTimeoutSeconds()), Duration.ofSeconds(c.handoverCooldownSeconds()),
                Duration.ofSeconds(c.handoverBackoffSeconds()), d.commitInterval(),
                Duration.ofSeconds(c.sampleIntervalSeconds()), c.windowSamples());
    }

    @Deactivate
    void deactivate() {
        memberStatus.ifPresent(r -> {
            try {
                r.unregister();
            } catch (IllegalStateException e) {
                // already gone with the bundle
            }
        });
        member.ifPresent(ClusterMember::close);
        registered.values().forEach(r -> {
            try {
                r.unregister();
            } catch (IllegalStateException e) {
                // already gone
            }
        });
        publisher.ifPresent(SamplePublisher::close);
        executor.ifPresent(DecisionExecutor::close);
    }
}
