package io.ferry.controller;

import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.MetricWindow;
import java.time.Instant;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told what each control cycle read: register one as an OSGi service (whiteboard) and the controller calls it
 * after every cycle of every attached pool that reached its hypervisor, with that cycle's snapshot and the metric
 * windows the cycle's predictors and agent read. Telemetry publishers (Kafka's {@code vm-metrics}) are built on
 * it.
 *
 * <p>Threading and cost to the cycle: none. The controller hands each cycle's telemetry to one listener thread of
 * its own through a bounded queue; when the queue is full (a listener slower than the cycles) the cycle's
 * telemetry is dropped for every listener and counted, never waited for. A listener that throws is counted and
 * called again next cycle.
 *
 * @since 2.2
 */
@ConsumerType
public interface TelemetryListener {

    /**
     * One cycle's telemetry, called on the controller's listener thread, cycles of one pool in order.
     *
     * @param snapshot the snapshot the cycle read (its pool is {@link ClusterSnapshot#pool()})
     * @param windows  per subject and metric, the longest window the cycle read (newest sample last)
     * @param readAt   when the cycle read it, by the controller's clock
     */
    void cycleRead(ClusterSnapshot snapshot, List<MetricWindow> windows, Instant readAt);

    /**
     * @return what an operator must know about this listener now, one line each (e.g. a broker that has been
     *         unreachable for a while, with the samples dropped since), shown by {@code migration:status}; empty
     *         when all is well. Called on the status caller's thread: must not block.
     */
    default List<String> problems() {
        return List.of();
    }
}
