package io.ferry.controller.internal;

import io.ferry.api.model.Capability;
import io.ferry.api.model.DirtyBehaviour;
import io.ferry.api.model.HostId;
import io.ferry.api.model.LinkSpec;
import io.ferry.api.model.Metric;
import io.ferry.api.model.MetricWindow;
import io.ferry.api.model.MigrationRequest;
import io.ferry.api.model.VmState;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the {@link MigrationRequest}s a pool's policy plans and steers: the VM's memory, the pool's link
 * (the adapter's, else the configured one), the SLA budget, and the best dirty-rate figure available — a
 * forecast by the pool's selected predictor ({@code PREDICTED}, carried whole in the request), else
 * {@code MEASURED} when the hypervisor measures it (QEMU, the simulator), otherwise {@code INFERRED} from the
 * VM's CPU use (XenServer exposes no dirty-page rate: DESIGN.md §3).
 *
 * <p>One instance per control cycle: dirty behaviour is looked up once per VM and cached. Cost: one metrics
 * call per VM asked about, and one forecast when a dirty-rate predictor is selected.
 */
final class Requests {

    private final TelemetryStep.Reading telemetry;
    private final ForecastStep forecasts;
    private final PoolSettings settings;
    private final LinkSpec link;
    private final Map<String, DirtyBehaviour> dirty = new HashMap<>();

    Requests(TelemetryStep.Reading telemetry, ForecastStep forecasts, PoolSettings settings) {
        this.telemetry = telemetry;
        this.forecasts = forecasts;
        this.settings = settings;
        this.link = telemetry.adapter().migrationLink().orElse(settings.link());
    }

    LinkSpec link() {
        return link;
    }

    MigrationRequest request(VmState vm, HostId source, HostId target) {
        MigrationRequest r = new MigrationRequest(vm.id(), source, target,
                Math.max(vm.memoryBytes(), settings.pageSizeBytes()), settings.pageSizeBytes(),
                settings.executionStateBytes(), link, dirtyBehaviour(vm), settings.downtimeBudget());
        return forecasts.dirtyRate(vm.id()).map(r::withDirtyForecast).orElse(r);
    }

    /** @return what is measured or inferred of the VM's dirtying now (a forecast, if any, is not included) */
    synchronized DirtyBehaviour dirtyBehaviour(VmState vm) {
        return dirty.computeIfAbsent(vm.id().value(), k -> {
            Optional<MetricWindow> measured = telemetry.adapter().capabilities().contains(Capability.DIRTY_RATE_METRIC)
                    ? telemetry.metrics(k, Metric.DIRTY_PAGES_PER_SECOND, 1) : Optional.empty();
            if (measured.isPresent() && measured.get().size() > 0) {
                return new DirtyBehaviour(measured.get().latest(), 0, DirtyBehaviour.Source.MEASURED);
            }
            double inferred = vm.cpuUtilisation() * vm.vcpus() * settings.inferredDirtyPagesPerCpuSecond();
            return new DirtyBehaviour(inferred, 0, DirtyBehaviour.Source.INFERRED);
        });
    }
}
