package io.ferry.agent.dqn.stream;

import io.ferry.agent.dqn.HostAction;
import io.ferry.agent.dqn.HostFeatures;
import io.ferry.agent.dqn.PoolView;
import io.ferry.agent.dqn.RewardWeights;
import io.ferry.agent.dqn.rl.Transition;
import io.ferry.api.model.HostId;
import io.ferry.api.model.PoolId;
import io.ferry.api.model.VmId;
import io.ferry.api.model.VmState;
import io.ferry.cluster.kafka.Decision;
import io.ferry.cluster.kafka.Outcome;
import io.ferry.stream.PoolSample;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Turns streamed samples, decisions and outcomes into DQN {@link Transition}s, one per <em>cycle of one source
 * host</em>: the decisions an agent named {@code agent} (normally {@code dqn}) made for the VMs of one host on one
 * sample. Inputs may arrive in any order across the three topics; samples of one pool must arrive in time order (they
 * do: one pool is one key of {@code vm-metrics}, so one partition).
 *
 * <p>What it decides, and what is inferred rather than known:
 * <ul>
 * <li><b>Cycle</b>: decisions of the same pool, source host, owner and generation whose {@code decidedAt} has the
 * same newest sample at or before it. A controller decides on its newest sample, so this is its cycle — <em>an
 * inference</em>: it merges two cycles that ran between the same two samples (a decision interval shorter than the
 * sample interval), splits one cycle that a sample overtook, and compares the controller's clock with the
 * publisher's sample times (skew between the two machines shifts the match).</li>
 * <li><b>State</b>: the source host's {@link HostFeatures} in that sample (without forecasts, guard blocks or host
 * capacities, which the sample does not carry; see {@link SampleContext}).</li>
 * <li><b>Next</b>: the source host's features in the first sample strictly after the last final outcome of the
 * cycle; <b>terminal</b> when the host has no VM there (it emptied) or is gone from the pool.</li>
 * <li><b>Action</b>: the agent's action is not on the wire, so it is <em>inferred</em> from what its decisions amount
 * to: every running VM of the source in the state sample decided away → {@link HostAction#EVACUATE}, or
 * {@link HostAction#EVACUATE_TIGHT} when a target's utilisation in the next sample is above
 * {@link HostAction#EVACUATE}'s cap 0.7; otherwise {@link HostAction#OFFLOAD}. Wrong when an evacuation lost a VM to
 * the guard before it was published (it reads as OFFLOAD), when a VM started on the source after the sample (an
 * EVACUATE reads as one), when a target rose above 0.7 through its own load rather than the moves (EVACUATE reads as
 * EVACUATE_TIGHT), and for KEEP, which makes no decision and so is never seen.</li>
 * <li><b>Reward</b>: minus the weighted costs ({@link RewardWeights}): {@code migration} per decision the executor
 * started (not REFUSED); {@code downtime} per outcome whose downtime was over its budget: the executor's
 * {@link Outcome#slaViolated()} verdict, else the outcome's measured downtime against the decision's
 * {@code downtimeBudget}, else (a version 1 outcome, or a hypervisor that does not measure downtime, such as XAPI)
 * whether the detail line says {@value #DOWNTIME_OVER_BUDGET}; {@code slatah} per sample after the state sample up to and including the next one in which the source host's
 * CPU share is at or over 1.0. <b>Energy is not in {@code PoolSample}</b> (no power readings, no host curves), so its
 * term is always 0; neither is PDM.</li>
 * </ul>
 * A cycle all of whose decisions were REFUSED did nothing and yields no transition ({@link #refused()}). A cycle is
 * complete when every decision read for it has its final outcome and no outcome read before its decision names the
 * same source host (it may be the cycle's decision still unread, the outcomes' partition being ahead of the
 * decisions'; such an outcome holds the host back for at most {@code sampleHistory} samples, and one of another
 * agent's decision is dropped once that decision is read). Still inferred: a decision of the cycle that is read
 * after the others' outcomes and the next sample, while no outcome of its own was read yet, makes a cycle of its own.
 *
 * <p>Cost and bounds: per pool it keeps the newest {@code sampleHistory} samples; a decision whose state sample has
 * already been dropped, or that has waited for its outcome over {@code sampleHistory} samples, is dropped and counted
 * ({@link #expired()}); at most {@code maxPending} decisions and outcomes wait (the oldest go first, counted). Each
 * finished cycle costs two feature encodings, O(hosts + VMs). Not thread-safe: one consumer thread feeds it.
 */
public final class TransitionBuilder {

    /**
     * The detail fragment that marks a migration whose downtime exceeded its budget, in outcomes that carry neither
     * {@link Outcome#slaViolated()} nor a measured downtime (the fallback for version 1 outcomes).
     */
    public static final String DOWNTIME_OVER_BUDGET = "downtime over budget";

    /** The target utilisation above which an evacuation is read as {@link HostAction#EVACUATE_TIGHT}. */
    public static final double TIGHT_ABOVE = HostAction.EVACUATE.targetCap();

    private final String agent;
    private final RewardWeights weights;
    private final int sampleHistory;
    private final int maxPending;

    private final Map<PoolId, Deque<PoolSample>> samples = new HashMap<>();
    private final Map<String, Waiting> decisions = new LinkedHashMap<>();
    private final Map<String, Orphan> orphanOutcomes = new LinkedHashMap<>();
    /** Ids of other agents' decisions, so that their outcomes are dropped rather than wait (at most maxPending). */
    private final Set<String> ignoredIds = java.util.Collections.newSetFromMap(new LinkedHashMap<>());
    private long ignored;
    private long expired;
    private long refused;
    private long built;

    private static final class Waiting {
        final Decision decision;
        Outcome outcome;
        int samplesSeen;

        Waiting(Decision decision) {
            this.decision = decision;
        }
    }

    /** An outcome read before its decision, and the samples of its pool seen since. */
    private static final class Orphan {
        final Outcome outcome;
        int samplesSeen;

        Orphan(Outcome outcome) {
            this.outcome = outcome;
        }
    }

    private record CycleKey(PoolId pool, HostId source, String owner, int generation, long stateSequence,
            Instant stateTime) {
    }

    /**
     * @param agent         the agent whose decisions count, e.g. {@code dqn}
     * @param weights       the reward weights
     * @param sampleHistory samples kept per pool, &gt;= 2
     * @param maxPending    decisions (and outcomes without their decision) that may wait, &gt;= 1
     */
    public TransitionBuilder(String agent, RewardWeights weights, int sampleHistory, int maxPending) {
        this.agent = Objects.requireNonNull(agent, "agent");
        this.weights = Objects.requireNonNull(weights, "weights");
        if (sampleHistory < 2) {
            throw new IllegalArgumentException("sampleHistory = " + sampleHistory + ": must be >= 2");
        }
        if (maxPending < 1) {
            throw new IllegalArgumentException("maxPending = " + maxPending + ": must be >= 1");
        }
        this.sampleHistory = sampleHistory;
        this.maxPending = maxPending;
    }

    /** @return the transitions this sample completes (usually none) */
    public List<Transition> sample(PoolSample s) {
        Deque<PoolSample> q = samples.computeIfAbsent(s.pool(), p -> new ArrayDeque<>());
        if (!q.isEmpty() && !s.time().isAfter(q.peekLast().time())) {
            return List.of(); // a re-published or out-of-order sample adds nothing
        }
        q.addLast(s);
        while (q.size() > sampleHistory) {
            q.removeFirst();
        }
        for (Iterator<Waiting> it = decisions.values().iterator(); it.hasNext();) {
            Waiting w = it.next();
            if (w.decision.pool().equals(s.pool()) && w.outcome == null && ++w.samplesSeen > sampleHistory) {
                it.remove();
                expired++;
            }
        }
        for (Iterator<Orphan> it = orphanOutcomes.values().iterator(); it.hasNext();) {
            Orphan o = it.next();
            if (o.outcome.pool().equals(s.pool()) && ++o.samplesSeen > sampleHistory) {
                it.remove(); // its decision never came (or was aborted): it holds its host's cycles back no longer
                expired++;
            }
        }
        return build(s.pool());
    }

    /** @return the transitions this decision completes; decisions of other agents are counted and ignored */
    public List<Transition> decision(Decision d) {
        if (!d.agent().equals(agent)) {
            ignored++;
            ignoredIds.add(d.id());
            for (Iterator<String> it = ignoredIds.iterator(); ignoredIds.size() > maxPending && it.hasNext();) {
                it.next();
                it.remove();
            }
            // its outcome, read first, no longer holds back the cycles of its source host
            return orphanOutcomes.remove(d.id()) != null ? build(d.pool()) : List.of();
        }
        if (decisions.containsKey(d.id())) {
            return List.of();
        }
        Waiting w = new Waiting(d);
        Orphan o = orphanOutcomes.remove(d.id());
        if (o != null) {
            w.outcome = o.outcome;
        }
        decisions.put(d.id(), w);
        trim(decisions);
        return build(d.pool());
    }

    /** @return the transitions this outcome completes; ACCEPTED outcomes only wait for the final one */
    public List<Transition> outcome(Outcome o) {
        if (!o.status().isFinal() || ignoredIds.contains(o.decisionId())) {
            return List.of();
        }
        Waiting w = decisions.get(o.decisionId());
        if (w == null) {
            orphanOutcomes.put(o.decisionId(), new Orphan(o));
            trim(orphanOutcomes);
            return List.of();
        }
        w.outcome = o;
        return build(o.pool());
    }

    private void trim(Map<String, ?> m) {
        for (Iterator<String> it = m.keySet().iterator(); m.size() > maxPending && it.hasNext();) {
            it.next();
            it.remove();
            expired++;
        }
    }

    private List<Transition> build(PoolId pool) {
        Deque<PoolSample> q = samples.get(pool);
        if (q == null || q.isEmpty()) {
            return List.of();
        }
        Map<CycleKey, List<Waiting>> cycles = new LinkedHashMap<>();
        Set<CycleKey> open = new HashSet<>();
        // an outcome whose decision is not read yet may belong to a cycle of its source host: those wait for it
        Set<HostId> held = new HashSet<>();
        for (Orphan o : orphanOutcomes.values()) {
            if (o.outcome.pool().equals(pool)) {
                held.add(o.outcome.source());
            }
        }
        for (Iterator<Waiting> it = decisions.values().iterator(); it.hasNext();) {
            Waiting w = it.next();
            Decision d = w.decision;
            if (!d.pool().equals(pool)) {
                continue;
            }
            if (d.decidedAt().isBefore(q.peekFirst().time())) {
                it.remove(); // its state sample is gone
                expired++;
                continue;
            }
            if (!d.decidedAt().isBefore(q.peekLast().time())) {
                continue; // the sample it decided on may still be the newest: its cycle may grow
            }
            PoolSample state = atOrBefore(q, d.decidedAt());
            CycleKey k = new CycleKey(pool, d.request().source(), d.owner(), d.generation(), state.sequence(),
                    state.time());
            cycles.computeIfAbsent(k, x -> new ArrayList<>()).add(w);
            if (w.outcome == null || held.contains(k.source())) {
                open.add(k);
            }
        }
        List<Transition> out = new ArrayList<>();
        for (Map.Entry<CycleKey, List<Waiting>> e : cycles.entrySet()) {
            if (open.contains(e.getKey())) {
                continue;
            }
            Instant last = Instant.MIN;
            for (Waiting w : e.getValue()) {
                last = w.outcome.at().isAfter(last) ? w.outcome.at() : last;
            }
            Optional<PoolSample> next = firstAfter(q, last);
            if (next.isEmpty()) {
                continue;
            }
            for (Waiting w : e.getValue()) {
                decisions.remove(w.decision.id());
            }
            Optional<Transition> t = transition(e.getKey(), e.getValue(), q, next.get());
            if (t.isPresent()) {
                out.add(t.get());
                built++;
            } else {
                refused++;
            }
        }
        return out;
    }

    private Optional<Transition> transition(CycleKey k, List<Waiting> cycle, Deque<PoolSample> q,
            PoolSample next) {
        PoolSample state = null;
        for (PoolSample s : q) {
            if (s.time().equals(k.stateTime())) {
                state = s;
            }
        }
        int started = 0;
        int overBudget = 0;
        Set<VmId> leaving = new HashSet<>();
        Set<HostId> targets = new HashSet<>();
        for (Waiting w : cycle) {
            if (w.outcome.status() == Outcome.Status.REFUSED) {
                continue;
            }
            started++;
            leaving.add(w.decision.request().vm());
            targets.add(w.decision.request().target());
            if (overBudget(w.decision, w.outcome)) {
                overBudget++;
            }
        }
        if (started == 0 || state == null) {
            return Optional.empty();
        }
        PoolView before = PoolView.of(new SampleContext(state));
        Optional<PoolView.Host> src = before.host(k.source());
        if (src.isEmpty()) {
            return Optional.empty();
        }
        double[] stateFeatures = HostFeatures.encodeAll(before)[src.get().index()];
        boolean all = true;
        for (VmState v : state.snapshot().vmsOn(k.source())) {
            if (v.migratable() && !leaving.contains(v.id())) {
                all = false;
            }
        }
        PoolView after = PoolView.of(new SampleContext(next));
        HostAction action = HostAction.OFFLOAD;
        if (all) {
            action = HostAction.EVACUATE;
            for (HostId t : targets) {
                Optional<PoolView.Host> h = after.host(t);
                if (h.isPresent() && h.get().utilisation() > TIGHT_ABOVE) {
                    action = HostAction.EVACUATE_TIGHT;
                }
            }
        }
        int overloaded = 0;
        for (PoolSample s : q) {
            if (s.time().isAfter(state.time()) && !s.time().isAfter(next.time())) {
                PoolView v = s == next ? after : PoolView.of(new SampleContext(s));
                Optional<PoolView.Host> h = v.host(k.source());
                if (h.isPresent() && h.get().utilisation() >= PoolView.OVERLOADED) {
                    overloaded++;
                }
            }
        }
        double cost = weights.migration() * started + weights.downtime() * overBudget
                + weights.slatah() * overloaded;
        Optional<PoolView.Host> dst = after.host(k.source());
        if (dst.isEmpty() || !dst.get().active()) {
            return Optional.of(new Transition(stateFeatures, action.ordinal(), -cost, null, true));
        }
        return Optional.of(new Transition(stateFeatures, action.ordinal(), -cost,
                HostFeatures.encodeAll(after)[dst.get().index()], false));
    }

    /**
     * Whether the migration's downtime exceeded its budget, from the best evidence the outcome carries: the
     * executor's verdict ({@link Outcome#slaViolated()}, outcome schema version 2); else the measured downtime against
     * the decision's budget, when the metrics report it; else, for version 1 outcomes that carry neither, whether the
     * detail line says {@value #DOWNTIME_OVER_BUDGET}.
     */
    static boolean overBudget(Decision d, Outcome o) {
        if (o.slaViolated().isPresent()) {
            return o.slaViolated().get();
        }
        Optional<Boolean> measured = Outcome.slaViolated(o.metrics(), d.request().downtimeBudget());
        if (measured.isPresent()) {
            return measured.get();
        }
        return o.detail().toLowerCase(java.util.Locale.ROOT).contains(DOWNTIME_OVER_BUDGET);
    }

    private static PoolSample atOrBefore(Deque<PoolSample> q, Instant t) {
        PoolSample best = null;
        for (PoolSample s : q) {
            if (!s.time().isAfter(t)) {
                best = s;
            }
        }
        return best;
    }

    private static Optional<PoolSample> firstAfter(Deque<PoolSample> q, Instant t) {
        for (PoolSample s : q) {
            if (s.time().isAfter(t)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** @return transitions built so far */
    public long built() {
        return built;
    }

    /** @return decisions of other agents, ignored */
    public long ignored() {
        return ignored;
    }

    /** @return decisions and outcomes dropped: state sample gone, no outcome in time, or over {@code maxPending} */
    public long expired() {
        return expired;
    }

    /** @return finished cycles that yielded no transition: every decision REFUSED, or the source not in the sample */
    public long refused() {
        return refused;
    }

    /** @return decisions waiting for their outcome or for the sample after it */
    public int pending() {
        return decisions.size();
    }
}
