package io.ferry.predictor.baseline.internal;

import io.ferry.api.model.Metric;
import io.ferry.api.model.MetricWindow;
import java.time.Duration;
import java.time.Instant;

/** Windows for the tests: a CPU series 300 s apart. */
final class TestWindows {

    private TestWindows() {
    }

    static MetricWindow cpu(double... values) {
        return of(Metric.CPU_UTILISATION, values);
    }

    static MetricWindow of(Metric metric, double... values) {
        return new MetricWindow("vm-1", metric, Instant.EPOCH, Duration.ofSeconds(300), values);
    }
}
