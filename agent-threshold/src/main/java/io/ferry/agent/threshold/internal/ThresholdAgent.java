package io.ferry.agent.threshold.internal;

import io.ferry.api.AgentContext;
import io.ferry.api.MigrationAgent;
import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.Forecast;
import io.ferry.api.model.HostId;
import io.ferry.api.model.HostState;
import io.ferry.api.model.Metric;
import io.ferry.api.model.MetricWindow;
import io.ferry.api.model.MigrationDecision;
import io.ferry.api.model.MigrationPlan;
import io.ferry.api.model.VmId;
import io.ferry.policy.support.ConfigurationChecks;
import io.ferry.api.model.VmState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.util.converter.Converters;

/**
 * The seed papers' trigger rule as an agent. A host is <em>hot</em> when its CPU use (or, with a CPU predictor
 * active, the larger of now and the forecast) reaches {@code cpuThreshold}; a VM is <em>heavy</em> when its
 * dirty-page rate (measured, or forecast) reaches {@code dirtyRateThreshold}. From each hot host, hottest
 * first, it moves the VM whose migration the active policy predicts shortest; each heavy VM on a host busier
 * than the target is moved too. The target is the least-loaded host that accepts VMs, has the memory, and
 * stays below the threshold with the VM added. Loads are projected as decisions accumulate within a cycle, so
 * one cycle does not pile every VM onto the same host.
 *
 * <p>Cost per cycle: O(hosts log hosts + Σ VMs on hot hosts × (plan + hosts)). Stateless between cycles
 * (the controller's guard provides hysteresis and cooldown). Not a consolidation policy: it never empties
 * lightly loaded hosts to save energy.
 */
@Component(service = MigrationAgent.class, configurationPid = ThresholdAgent.PID,
        property = MigrationAgent.NAME_PROPERTY + "=" + ThresholdAgent.NAME)
@Designate(ocd = ThresholdConfiguration.class)
public final class ThresholdAgent implements MigrationAgent {

    static final String NAME = "threshold";
    static final String PID = "io.ferry.agent.threshold";

    private final double cpuThreshold;
    private final double dirtyRateThreshold;
    private final int maxDecisions;

    @Activate
    public ThresholdAgent(ThresholdConfiguration config) {
        this.cpuThreshold = ConfigurationChecks.inRange("cpuThreshold", config.cpuThreshold(), 0.05, 1);
        this.dirtyRateThreshold = ConfigurationChecks.inRange("dirtyRateThreshold", config.dirtyRateThreshold(), 0, 1e8);
        this.maxDecisions = ConfigurationChecks.inRange("maxDecisionsPerCycle", config.maxDecisionsPerCycle(), 1, 1000);
    }

    /** For use outside OSGi: configuration from a property map, missing keys taking their defaults. */
    public ThresholdAgent(Map<String, ?> properties) {
        this(Converters.standardConverter().convert(properties).to(ThresholdConfiguration.class));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<MigrationDecision> decide(AgentContext context) {
        ClusterSnapshot snapshot = context.snapshot();
        Map<HostId, Double> load = new HashMap<>();
        Map<HostId, Long> free = new HashMap<>();
        for (HostState h : snapshot.hosts()) {
            load.put(h.id(), expectedCpu(context, h));
            free.put(h.id(), h.memoryFreeBytes());
        }
        List<MigrationDecision> out = new ArrayList<>();
        Set<VmId> moved = new HashSet<>();
        List<HostState> hot = snapshot.hosts().stream().filter(h -> load.get(h.id()) >= cpuThreshold)
                .sorted(Comparator.comparingDouble((HostState h) -> load.get(h.id())).reversed()
                        .thenComparing(HostState::id))
                .toList();
        for (HostState source : hot) {
            if (out.size() >= maxDecisions) {
                return out;
            }
            bestMove(context, source, snapshot.vmsOn(source.id()), load, free, moved).ifPresent(m -> {
                out.add(new MigrationDecision(m.vm().id(), source.id(), m.target(), NAME, String.format(
                        "host %s at %.0f%% CPU >= %.0f%%; %s has the shortest predicted migration (%s)", source.id(),
                        load.get(source.id()) * 100, cpuThreshold * 100, m.vm().id(), seconds(m.time()))));
                apply(m, source, snapshot, load, free, moved);
            });
        }
        if (dirtyRateThreshold > 0) {
            for (VmState vm : heavyVms(context, snapshot)) {
                if (out.size() >= maxDecisions) {
                    break;
                }
                if (moved.contains(vm.id())) {
                    continue;
                }
                HostState source = snapshot.host(vm.residentOn().orElseThrow()).orElseThrow();
                bestMove(context, source, List.of(vm), load, free, moved)
                        .filter(m -> load.get(m.target()) < load.get(source.id()))
                        .ifPresent(m -> {
                            out.add(new MigrationDecision(vm.id(), source.id(), m.target(), NAME, String.format(
                                    "%s dirties %.0f pages/s >= %.0f; moving it to the least-loaded host",
                                    vm.id(), dirtyRate(context, vm).orElse(0.0), dirtyRateThreshold)));
                            apply(m, source, snapshot, load, free, moved);
                        });
            }
        }
        return out;
    }

    /** A candidate move and its predicted duration. */
    private record Move(VmState vm, HostId target, Duration time) {
    }

    private Optional<Move> bestMove(AgentContext context, HostState source, List<VmState> vms,
            Map<HostId, Double> load, Map<HostId, Long> free, Set<VmId> moved) {
        ClusterSnapshot snapshot = context.snapshot();
        Move best = null;
        for (VmState vm : vms) {
            if (!vm.migratable() || moved.contains(vm.id()) || context.blocked(vm.id()).isPresent()) {
                continue; // the guard would refuse it whatever the target (cooling down, in flight, backing off)
            }
            Optional<HostState> target = snapshot.hosts().stream()
                    .filter(h -> !h.id().equals(source.id()) && h.acceptsVms())
                    .filter(h -> free.get(h.id()) >= vm.memoryBytes())
                    .filter(h -> load.get(h.id()) + share(vm, h) < cpuThreshold)
                    .min(Comparator.comparingDouble((HostState h) -> load.get(h.id())).thenComparing(HostState::id));
            if (target.isEmpty()) {
                continue;
            }
            Optional<MigrationPlan> plan = context.plan(vm.id(), target.get().id());
            if (plan.isEmpty()) {
                continue;
            }
            Duration time = plan.get().predicted().totalTime();
            if (best == null || time.compareTo(best.time()) < 0
                    || (time.equals(best.time()) && vm.memoryBytes() < best.vm().memoryBytes())) {
                best = new Move(vm, target.get().id(), time);
            }
        }
        return Optional.ofNullable(best);
    }

    private static void apply(Move m, HostState source, ClusterSnapshot snapshot, Map<HostId, Double> load,
            Map<HostId, Long> free, Set<VmId> moved) {
        HostState target = snapshot.host(m.target()).orElseThrow();
        load.merge(source.id(), -share(m.vm(), source), Double::sum);
        load.merge(m.target(), share(m.vm(), target), Double::sum);
        free.merge(m.target(), -m.vm().memoryBytes(), Long::sum);
        moved.add(m.vm().id());
    }

    /** @return the VM's CPU demand as a fraction of {@code host}'s CPUs */
    private static double share(VmState vm, HostState host) {
        return vm.cpuUtilisation() * vm.vcpus() / host.cpuCount();
    }

    private static double expectedCpu(AgentContext context, HostState h) {
        double now = h.cpuUtilisation();
        return context.forecast(h.id().value(), Metric.CPU_UTILISATION).map(f -> Math.max(now, f.mean(1)))
                .orElse(now);
    }

    private List<VmState> heavyVms(AgentContext context, ClusterSnapshot snapshot) {
        return snapshot.vms().stream().filter(VmState::migratable)
                .filter(v -> dirtyRate(context, v).filter(r -> r >= dirtyRateThreshold).isPresent())
                .sorted(Comparator.comparingDouble((VmState v) -> dirtyRate(context, v).orElse(0.0)).reversed()
                        .thenComparing(VmState::id))
                .toList();
    }

    /** @return the VM's dirty-page rate: the forecast if a dirty-rate predictor is active, else the newest sample */
    private static Optional<Double> dirtyRate(AgentContext context, VmState vm) {
        Optional<Forecast> f = context.forecast(vm.id().value(), Metric.DIRTY_PAGES_PER_SECOND);
        if (f.isPresent()) {
            return Optional.of(f.get().mean(1));
        }
        return context.metrics(vm.id().value(), Metric.DIRTY_PAGES_PER_SECOND, 1).filter(w -> w.size() > 0)
                .map(MetricWindow::latest);
    }

    private static String seconds(Duration d) {
        return String.format("%.1f s", d.toNanos() / 1e9);
    }
}
