package io.ferry.telemetry.kafka.internal;

import io.ferry.api.HypervisorAdapter;
import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.MetricWindow;
import io.ferry.api.model.PoolId;
import io.ferry.controller.TelemetryListener;
import io.ferry.kafka.support.KafkaConnection;
import io.ferry.kafka.support.SecurityProtocol;
import io.ferry.stream.PoolSample;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.KafkaException;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ferry's telemetry to Kafka as a DS component: registered as a {@link TelemetryListener} (the controller's
 * whiteboard) once {@code etc/io.ferry.telemetry.kafka.cfg} exists, it publishes every cycle's sample of every
 * attached pool through a {@link TelemetryPublisher}. Blank {@code bootstrapServers}: registered, publishes
 * nothing. A configuration Kafka rejects leaves it registered and idle with one line in {@code migration:status}
 * instead of a failed activation. A new configuration replaces the component (and its producer).
 *
 * <p>Each sample carries its pool's hypervisor (kind, capabilities, migration link, {@code PoolSample} schema
 * version 2), asked of the pool's {@link HypervisorAdapter} service (bound dynamically, never waited for; a pool
 * whose adapter service is not there, or that throws, goes without: readers then see a pre-copy-only pool).
 *
 * <p>The producer is built under Kafka's own context class loader ({@code KafkaClients}), so activation from the
 * Karaf shell ({@code config:property-set} / {@code config:update}) works.
 */
@Component(service = TelemetryListener.class, configurationPid = KafkaTelemetryComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = KafkaTelemetryConfiguration.class)
public final class KafkaTelemetryComponent implements TelemetryListener {

    /** The configuration PID. */
    public static final String PID = "io.ferry.telemetry.kafka";

    private static final Logger LOG = LoggerFactory.getLogger(KafkaTelemetryComponent.class);

    private final Optional<TelemetryPublisher> publisher;
    private final Optional<String> problem;

    /** The adapters registered now (DS replaces the list on every change); read per sample. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<HypervisorAdapter> adapters = List.of();

    @Activate
    public KafkaTelemetryComponent(KafkaTelemetryConfiguration config, BundleContext context) {
        TelemetryPublisher p = null;
        String rejected = null;
        if (!config.bootstrapServers().isBlank()) {
            String id = config.instanceId().isBlank() ? defaultInstanceId(context) : config.instanceId().strip();
            try {
                p = new TelemetryPublisher(connection(config), TelemetryPublisher.producerSettings(config),
                        config.topic(), id, Clock.systemUTC(), this::hypervisor);
                LOG.info("telemetry: publishing every cycle's sample to {} topic {} as {}", config.bootstrapServers(),
                        config.topic(), id);
            } catch (KafkaException | IllegalArgumentException e) {
                rejected = "telemetry: configuration " + PID + " rejected, nothing is published: " + e.getMessage();
                LOG.error(rejected);
            }
        } else {
            LOG.info("telemetry: {} has no bootstrapServers; nothing is published", PID);
        }
        this.publisher = Optional.ofNullable(p);
        this.problem = Optional.ofNullable(rejected);
    }

    /** @return what the adapter of {@code pool} says of its hypervisor; empty when no adapter of it is bound */
    Optional<PoolSample.Hypervisor> hypervisor(PoolId pool) {
        List<HypervisorAdapter> now = adapters;
        if (now == null) {
            return Optional.empty();
        }
        for (HypervisorAdapter a : now) {
            if (a.pool().equals(pool)) {
                String kind = a.kind();
                return Optional.of(new PoolSample.Hypervisor(kind == null || kind.isBlank() ? "unknown" : kind,
                        a.capabilities(), a.migrationLink()));
            }
        }
        return Optional.empty();
    }

    /** Binds the adapters as DS would (tests without a framework). */
    void adapters(List<HypervisorAdapter> bound) {
        adapters = List.copyOf(bound);
    }

    /** @return the connection the configuration describes; its secrets stay in it */
    static KafkaConnection connection(KafkaTelemetryConfiguration c) {
        SecurityProtocol protocol = SecurityProtocol.parse(c.securityProtocol());
        KafkaConnection k = KafkaConnection.plaintext(c.bootstrapServers()).withProtocol(protocol)
                .withTruststore(c.sslTruststoreLocation(), c.sslTruststore_password())
                .withKeystore(c.sslKeystoreLocation(), c.sslKeystore_password(), c.sslKey_password())
                .withSasl(c.saslMechanism(), c.saslJaasConfig_password());
        k.clientProperties(); // a SASL protocol without mechanism or JAAS fails here, with one line
        return k;
    }

    private static String defaultInstanceId(BundleContext context) {
        String name = context == null ? null : context.getProperty("karaf.name");
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return (name == null ? "ferry" : name) + "@" + host;
    }

    @Override
    public void cycleRead(ClusterSnapshot snapshot, List<MetricWindow> windows, Instant readAt) {
        publisher.ifPresent(p -> p.cycleRead(snapshot, windows, readAt));
    }

    @Override
    public List<String> problems() {
        return problem.map(List::of).orElseGet(() -> publisher.map(TelemetryPublisher::problems).orElse(List.of()));
    }

    @Deactivate
    void deactivate() {
        publisher.ifPresent(TelemetryPublisher::close);
    }

    @Override
    public String toString() {
        return publisher.map(Object::toString).orElse("KafkaTelemetryComponent[off]");
    }
}
