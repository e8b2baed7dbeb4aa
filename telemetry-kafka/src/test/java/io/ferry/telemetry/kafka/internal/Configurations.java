package io.ferry.telemetry.kafka.internal;

import java.util.Map;
import org.osgi.util.converter.Converters;

/** The component's configuration from a map, as Configuration Admin would hand it over. */
final class Configurations {

    private Configurations() {
    }

    static KafkaTelemetryConfiguration of(Map<String, Object> properties) {
        return Converters.standardConverter().convert(properties).to(KafkaTelemetryConfiguration.class);
    }
}
