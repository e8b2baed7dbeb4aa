package io.ferry.agent.dqn.stream;

import io.ferry.api.AgentContext;
import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.Forecast;
import io.ferry.api.model.HostId;
import io.ferry.api.model.Metric;
import io.ferry.api.model.MetricWindow;
import io.ferry.api.model.MigrationPlan;
import io.ferry.api.model.VmId;
import io.ferry.stream.PoolSample;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One streamed {@link PoolSample} seen as an agent's context, so that {@code PoolView.of} and
 * {@code HostFeatures.encodeAll} compute the same features the deciding agent computed: the snapshot and the
 * sample's metric windows; no forecasts, no plans, no guard blocks (the guard's state is not in the sample, so the
 * {@code blocked} feature is 0), no host capacities (one MIPS per core, as a streamed pool without a configured
 * capacity is seen by its controller). O(windows) to build, stateless afterwards.
 */
final class SampleContext implements AgentContext {

    private final PoolSample sample;
    private final Map<String, MetricWindow> windows = new HashMap<>();

    SampleContext(PoolSample sample) {
        this.sample = sample;
        for (MetricWindow w : sample.windows()) {
            windows.put(w.subject() + "|" + w.metric(), w);
        }
    }

    @Override
    public ClusterSnapshot snapshot() {
        return sample.snapshot();
    }

    @Override
    public Optional<MetricWindow> metrics(String subject, Metric metric, int samples) {
        return Optional.ofNullable(windows.get(subject + "|" + metric));
    }

    @Override
    public Optional<Forecast> forecast(String subject, Metric metric) {
        return Optional.empty();
    }

    @Override
    public Optional<MigrationPlan> plan(VmId vm, HostId target) {
        return Optional.empty();
    }
}
