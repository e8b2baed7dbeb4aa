package io.ferry.agent.dqn.training;

import io.ferry.agent.dqn.DqnAgent;
import io.ferry.agent.dqn.PoolView;
import io.ferry.agent.dqn.RewardWeights;
import io.ferry.api.model.HostId;
import io.ferry.api.model.MigrationDecision;
import io.ferry.api.model.VmId;
import io.ferry.datacenter.HostAccounting;
import io.ferry.datacenter.StepReport;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The reward of each host's decision over one interval, from the engine's per-host accounting of that interval
 * ({@link HostAccounting}) and the decisions the host's action made. For host h with interval length Δt, the
 * largest host maximum power P (the set-up's), h's core speed c, and the weights w of {@link RewardWeights}:
 *
 * <pre>
 * r_h = −( w.energy    · (E_h + Σ_t share_ht · E_t) / (P · Δt)
 *        + w.slatah    · (S_h + Σ_t moved_ht / moved_t · S_t) / Δt
 *        + w.pdm       · L_h / (c · Δt)
 *        + w.downtime  · D_h / B
 *        + w.migration · M_h )
 * </pre>
 *
 * where E is energy (J), S SLA violation time (s: active and given less CPU than asked, SLATAH's numerator), L CPU
 * demand lost by VMs migrating out of h (MIPS·s, PDM's numerator), D pause over the SLA budget B of h's migrations
 * (page-level only), M the migrations started from h; t runs over the targets of h's moves: moved_ht is how many of
 * h's VMs moved to t, moved_t how many moved to t in all, share_ht the CPU demand h moved to t over t's demand before
 * plus all demand moved to it (so a host woken by h's moves is charged to h whole, and a busy target's own load is
 * not). A host is charged the SLA violation and the marginal energy its moves cause on their targets; the targets
 * are also charged their own. Each term is "host-intervals": 1 is one host at full power (or violating its SLA) for
 * one interval. A host that went empty is terminal (no future cost), which is what makes consolidation pay. Cost:
 * O(active hosts + decisions). Stateless.
 */
public final class HostRewards {

    private HostRewards() {
    }

    /**
     * @param cycle          what the hosts decided at the interval's start
     * @param report         the interval's accounting
     * @param weights        the reward weights
     * @param maxPowerWatts  the largest host maximum power, &gt; 0
     * @param budgetSeconds  the downtime budget; ≤ 0 when the migration model has none (the term is then 0)
     * @return one reward per {@code cycle.steps()} entry, same order
     */
    public static double[] of(DqnAgent.Cycle cycle, StepReport report, RewardWeights weights, double maxPowerWatts,
            double budgetSeconds) {
        Objects.requireNonNull(cycle, "cycle");
        HostAccounting acc = report.hosts();
        PoolView view = cycle.view();
        double dt = Math.max(1e-9, report.seconds());
        Map<HostId, Integer> index = new HashMap<>();
        List<HostId> ids = acc.hosts();
        for (int i = 0; i < ids.size(); i++) {
            index.put(ids.get(i), i);
        }
        Map<VmId, Double> demand = new HashMap<>();
        for (PoolView.Vm v : view.vms()) {
            demand.put(v.id(), v.demandMips());
        }
        // per target: moves and demand moved in
        Map<HostId, Integer> movedTo = new HashMap<>();
        Map<HostId, Double> demandTo = new HashMap<>();
        for (MigrationDecision d : cycle.decisions()) {
            movedTo.merge(d.target(), 1, Integer::sum);
            demandTo.merge(d.target(), demand.getOrDefault(d.vm(), 0.0), Double::sum);
        }
        Map<HostId, Map<HostId, double[]>> bySource = new HashMap<>();
        for (MigrationDecision d : cycle.decisions()) {
            double[] m = bySource.computeIfAbsent(d.source(), k -> new HashMap<>())
                    .computeIfAbsent(d.target(), k -> new double[2]);
            m[0]++;
            m[1] += demand.getOrDefault(d.vm(), 0.0);
        }
        List<DqnAgent.HostStep> steps = cycle.steps();
        double[] rewards = new double[steps.size()];
        for (int i = 0; i < steps.size(); i++) {
            DqnAgent.HostStep s = steps.get(i);
            int h = index.get(s.host());
            double energy = acc.energyJoules(h);
            double sla = acc.slaViolationSeconds(h);
            for (Map.Entry<HostId, double[]> e : bySource.getOrDefault(s.host(), Map.of()).entrySet()) {
                int t = index.get(e.getKey());
                double before = view.host(e.getKey()).map(PoolView.Host::demandMips).orElse(0.0);
                double all = before + demandTo.get(e.getKey());
                double share = all > 0 ? e.getValue()[1] / all : e.getValue()[0] / movedTo.get(e.getKey());
                energy += share * acc.energyJoules(t);
                sla += e.getValue()[0] / movedTo.get(e.getKey()) * acc.slaViolationSeconds(t);
            }
            double core = view.host(s.host()).map(PoolView.Host::coreMips).orElse(1000.0);
            double cost = weights.energy() * energy / (maxPowerWatts * dt)
                    + weights.slatah() * sla / dt
                    + weights.pdm() * acc.migrationLostMipsSeconds(h) / (core * dt)
                    + (budgetSeconds > 0 ? weights.downtime() * acc.downtimeOverBudgetSeconds(h) / budgetSeconds : 0)
                    + weights.migration() * acc.migrationsStarted(h);
            rewards[i] = -cost;
        }
        return rewards;
    }
}
