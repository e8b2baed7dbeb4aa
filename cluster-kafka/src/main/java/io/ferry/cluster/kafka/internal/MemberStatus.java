package io.ferry.cluster.kafka.internal;

import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.MetricWindow;
import io.ferry.controller.TelemetryListener;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The deciding member's own problem line (e.g. {@code kafka: broker 127.0.0.1:9092 unreachable since …}) in
 * {@code migration:status}, through the controller's status hook for telemetry listeners: shown even when the
 * member owns no pool, so no owned pool's status carries it. Reads nothing from the cycles.
 *
 * <p>Cost: a no-op per cycle on the controller's listener thread; {@link #problems()} reads one volatile field.
 */
final class MemberStatus implements TelemetryListener {

    private final String instanceId;
    private final Supplier<Optional<String>> problem;

    MemberStatus(String instanceId, Supplier<Optional<String>> problem) {
        this.instanceId = Objects.requireNonNull(instanceId, "instanceId");
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    @Override
    public void cycleRead(ClusterSnapshot snapshot, List<MetricWindow> windows, Instant readAt) {
        // the member reads its pools from the stream, not from this instance's cycles
    }

    @Override
    public List<String> problems() {
        return problem.get().map(p -> "cluster member " + instanceId + ": " + p).stream().toList();
    }
}
