package io.ferry.telemetry.kafka.internal;

import io.ferry.telemetry.kafka.KafkaTelemetry;
import java.time.Clock;
import java.util.Map;
import org.apache.kafka.common.KafkaException;
import org.osgi.util.converter.Converters;

/**
 * {@link KafkaTelemetry#open}: the component's configuration from a plain map, then its publisher. Without OSGi it
 * sees no adapter services, so its samples carry no hypervisor ({@code null}; readers take a pre-copy-only pool).
 */
public final class Publishers {

    private Publishers() {
    }

    public static KafkaTelemetry.Publisher open(Map<String, ?> properties) {
        KafkaTelemetryConfiguration c = Converters.standardConverter().convert(properties)
                .to(KafkaTelemetryConfiguration.class);
        if (c.bootstrapServers().isBlank()) {
            throw new IllegalArgumentException("bootstrapServers is blank: nothing to publish to");
        }
        String id = c.instanceId().isBlank() ? "ferry-embedded" : c.instanceId().strip();
        try {
            return new TelemetryPublisher(KafkaTelemetryComponent.connection(c),
                    TelemetryPublisher.producerSettings(c), c.topic(), id, Clock.systemUTC(),
                    pool -> java.util.Optional.empty()); // no adapter services here: samples without hypervisor
        } catch (KafkaException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
