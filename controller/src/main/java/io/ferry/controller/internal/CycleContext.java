package io.ferry.controller.internal;

import io.ferry.api.AgentContext;
import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.Forecast;
import io.ferry.api.model.HostId;
import io.ferry.api.model.Metric;
import io.ferry.api.model.MetricWindow;
import io.ferry.api.model.MigrationPlan;
import io.ferry.api.model.VmId;
import io.ferry.api.model.VmState;
import io.ferry.guard.Guard;
import java.time.Instant;
import java.util.Optional;

/**
 * What one control cycle hands its agent (the decide step): the telemetry step's snapshot and windows, the
 * forecast step's forecasts, the plan step's plans, and what the guard will refuse whatever the target. Every
 * answer is computed once per cycle and shared with the later steps. A predictor or policy that throws yields an
 * empty answer, never a failed cycle.
 */
final class CycleContext implements AgentContext {

    private final TelemetryStep.Reading telemetry;
    private final ForecastStep forecasts;
    private final PlanStep plans;
    private final Guard guard;
    private final Instant now;

    CycleContext(TelemetryStep.Reading telemetry, ForecastStep forecasts, PlanStep plans, Guard guard,
            Instant now) {
        this.telemetry = telemetry;
        this.forecasts = forecasts;
        this.plans = plans;
        this.guard = guard;
        this.now = now;
    }

    @Override
    public ClusterSnapshot snapshot() {
        return telemetry.snapshot();
    }

    @Override
    public Optional<MetricWindow> metrics(String subject, Metric metric, int samples) {
        return telemetry.metrics(subject, metric, samples);
    }

    @Override
    public Optional<Forecast> forecast(String subject, Metric metric) {
        return forecasts.forecast(subject, metric);
    }

    @Override
    public Optional<MigrationPlan> plan(VmId vm, HostId target) {
        ClusterSnapshot snapshot = telemetry.snapshot();
        Optional<VmState> v = snapshot.vm(vm);
        if (v.isEmpty() || v.get().residentOn().isEmpty() || snapshot.host(target).isEmpty()
                || v.get().residentOn().get().equals(target)) {
            return Optional.empty();
        }
        return plans.plan(v.get(), v.get().residentOn().get(), target).plan();
    }

    @Override
    public Optional<String> blocked(VmId vm) {
        return guard.blocked(vm, now);
    }
}
