package io.ferry.api;

import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.Forecast;
import io.ferry.api.model.HostCapacity;
import io.ferry.api.model.HostId;
import io.ferry.api.model.Metric;
import io.ferry.api.model.MetricWindow;
import io.ferry.api.model.MigrationPlan;
import io.ferry.api.model.VmId;
import io.ferry.api.model.VmState;
import java.util.Optional;
import java.util.OptionalDouble;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What the controller hands an agent for one decision: the snapshot, forecasts from the pool's active
 * predictor, and cost predictions from the pool's active policy. Valid for the duration of one
 * {@link MigrationAgent#decide} call.
 */
@ProviderType
public interface AgentContext {

    /** @return the pool as the adapter last saw it */
    ClusterSnapshot snapshot();

    /**
     * @param subject a VM or host id
     * @param metric  the metric
     * @param samples how many of the newest samples, &gt;= 1
     * @return the recent series, empty when the hypervisor does not provide it (XenServer never provides
     *         {@link Metric#DIRTY_PAGES_PER_SECOND}) or cannot be reached
     */
    Optional<MetricWindow> metrics(String subject, Metric metric, int samples);

    /**
     * @param subject a VM or host id
     * @param metric  the metric
     * @return the active predictor's one-interval-ahead forecast, empty when no predictor for that metric is
     *         active or the history is too short
     */
    Optional<Forecast> forecast(String subject, Metric metric);

    /**
     * @param vm     a running VM of the snapshot
     * @param target a host of the snapshot
     * @return the active policy's plan for moving {@code vm} to {@code target}, empty when the VM or host is
     *         unknown or the policy cannot plan it. The controller plans each (VM, target) once per cycle: a
     *         decision the agent returns runs with the plan it was shown here.
     */
    Optional<MigrationPlan> plan(VmId vm, HostId target);

    /**
     * What the guard will refuse whatever the target, so that an agent can propose the next-best VM instead of
     * one that cannot move now.
     *
     * @param vm a VM of the snapshot
     * @return why no move of {@code vm} is allowed now (already migrating, cooling down after a move, backing off
     *         after a failure), empty when the guard has no such objection (the other rules still apply)
     */
    default Optional<String> blocked(VmId vm) {
        return Optional.empty();
    }

    /**
     * @param host a host of the snapshot
     * @return its CPU speed, migration link and power curve, empty when the hypervisor does not say (then an
     *         agent that weighs in MIPS counts one CPU as one unit)
     */
    default Optional<HostCapacity> capacity(HostId host) {
        return Optional.empty();
    }

    /**
     * The most one of the VM's virtual CPUs can use, in the unit of {@link HostCapacity#mipsPerCpu()}: the VM
     * demands {@code cpuUtilisation × vcpus × vcpuMips}. A host gives one vCPU at most one of its CPUs, so
     * a VM whose vCPU is faster than a host's CPU gets less than it asks there.
     *
     * @param vm a VM of the snapshot
     * @return its vCPU capacity; by default the CPU speed of the host it runs on, empty when that is unknown
     */
    default OptionalDouble vcpuMips(VmId vm) {
        Optional<HostId> host = snapshot().vm(vm).flatMap(VmState::residentOn);
        if (host.isEmpty()) {
            return OptionalDouble.empty();
        }
        Optional<HostCapacity> c = capacity(host.get());
        return c.isPresent() ? OptionalDouble.of(c.get().mipsPerCpu()) : OptionalDouble.empty();
    }
}
