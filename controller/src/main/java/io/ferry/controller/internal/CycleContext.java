package io.ferry.controller.internal;

import io.ferry.api.AgentContext;
import io.ferry.api.HypervisorAdapter;
import io.ferry.api.HypervisorException;
import io.ferry.api.MigrationPolicy;
import io.ferry.api.Predictor;
import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.Forecast;
import io.ferry.api.model.HostId;
import io.ferry.api.model.Metric;
import io.ferry.api.model.MetricWindow;
import io.ferry.api.model.MigrationPlan;
import io.ferry.api.model.VmId;
import io.ferry.api.model.VmState;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What one control cycle hands its agent: the snapshot, forecasts from the pool's predictor, plans from the
 * pool's policy. Forecasts are cached per subject and metric for the cycle. A predictor or policy that throws
 * yields an empty answer, never a failed cycle.
 */
final class CycleContext implements AgentContext {

    /** Samples handed to a predictor at least (it may ask for more through minimumHistory). */
    static final int HISTORY_SAMPLES = 12;

    private final ClusterSnapshot snapshot;
    private final HypervisorAdapter adapter;
    private final MigrationPolicy policy;
    private final Optional<Predictor> predictor;
    private final Requests requests;
    private final Map<String, Optional<Forecast>> forecasts = new HashMap<>();

    CycleContext(ClusterSnapshot snapshot, HypervisorAdapter adapter, MigrationPolicy policy,
            Optional<Predictor> predictor, Requests requests) {
        this.snapshot = snapshot;
        this.adapter = adapter;
        this.policy = policy;
        this.predictor = predictor;
        this.requests = requests;
    }

    @Override
    public ClusterSnapshot snapshot() {
        return snapshot;
    }

    @Override
    public Optional<MetricWindow> metrics(String subject, Metric metric, int samples) {
        try {
            return adapter.metrics(subject, metric, Math.max(1, samples));
        } catch (HypervisorException | RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<Forecast> forecast(String subject, Metric metric) {
        if (predictor.isEmpty() || predictor.get().metric() != metric) {
            return Optional.empty();
        }
        return forecasts.computeIfAbsent(subject + "|" + metric, k -> {
            Predictor p = predictor.get();
            try {
                int samples = Math.max(HISTORY_SAMPLES, p.minimumHistory());
                Optional<MetricWindow> window = adapter.metrics(subject, metric, samples);
                if (window.isEmpty() || window.get().size() < p.minimumHistory()) {
                    return Optional.empty();
                }
                return Optional.ofNullable(p.forecast(window.get(), 1));
            } catch (HypervisorException | RuntimeException | LinkageError e) {
                return Optional.empty();
            }
        });
    }

    @Override
    public Optional<MigrationPlan> plan(VmId vm, HostId target) {
        Optional<VmState> v = snapshot.vm(vm);
        if (v.isEmpty() || v.get().residentOn().isEmpty() || snapshot.host(target).isEmpty()
                || v.get().residentOn().get().equals(target)) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(policy.plan(requests.request(v.get(), v.get().residentOn().get(), target)));
        } catch (RuntimeException | LinkageError e) {
            return Optional.empty();
        }
    }
}
