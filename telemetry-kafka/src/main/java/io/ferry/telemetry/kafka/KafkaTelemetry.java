package io.ferry.telemetry.kafka;

import io.ferry.controller.TelemetryListener;
import io.ferry.telemetry.kafka.internal.Publishers;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The publisher of Ferry's telemetry to Kafka, for use without OSGi: add it to an embedded controller
 * ({@code EmbeddedController.addTelemetryListener}) and every cycle's sample of every pool goes to the topic, as
 * the Karaf component ({@code etc/io.ferry.telemetry.kafka.cfg}) does it.
 */
public final class KafkaTelemetry {

    /** The configuration PID of the Karaf component; {@link #open} takes the same keys. */
    public static final String PID = "io.ferry.telemetry.kafka";

    private KafkaTelemetry() {
    }

    /** A running publisher: a {@link TelemetryListener} with its counters, closed by its owner. */
    @ProviderType
    public interface Publisher extends TelemetryListener, AutoCloseable {

        /** @return samples the broker acknowledged */
        long sent();

        /** @return samples dropped (not sent within {@code maxBlockMs}, or not acknowledged in time) */
        long dropped();

        /** Flushes what is buffered (at most 5 s) and closes the producer. */
        @Override
        void close();
    }

    /**
     * @param properties the keys of PID {@value #PID} ({@code bootstrapServers}, {@code topic}, {@code instanceId},
     *                   {@code compression}...); missing keys take their documented defaults
     * @return a publisher connected (lazily, as Kafka's producer is) to {@code bootstrapServers}
     * @throws IllegalArgumentException when {@code bootstrapServers} is blank or Kafka rejects a setting
     */
    public static Publisher open(Map<String, ?> properties) {
        return Publishers.open(properties);
    }
}
