package io.ferry.agent.dqn;

import io.ferry.agent.dqn.rl.GreedyPolicy;
import io.ferry.agent.dqn.rl.Policy;
import io.ferry.agent.dqn.rl.QFunction;
import io.ferry.agent.dqn.rl.ReplayBuffer;
import io.ferry.agent.dqn.rl.Transition;
import io.ferry.api.AgentContext;
import io.ferry.api.MigrationAgent;
import io.ferry.api.model.HostId;
import io.ferry.api.model.MigrationDecision;
import io.ferry.api.model.MigrationOutcome;
import io.ferry.api.model.VmId;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The DQN migration agent ({@value #NAME}): each cycle it builds a {@link PoolView}, encodes every active host with
 * {@link HostFeatures}, lets a {@link Policy} pick one {@link HostAction} per host (by default greedy over the model's
 * {@link QNetwork}: one network with shared weights for every host, so one model serves pools of any size), and has
 * the {@link ActionExecutor} turn the actions into decisions, which the controller's guard then judges like any
 * agent's. Source: Mnih et al., "Human-level control through deep reinforcement learning", Nature 518 (2015), with
 * van Hasselt et al.'s Double DQN (AAAI 2016) in training; the per-host decomposition follows the shared-policy
 * idea of multi-agent RL for consolidation.
 *
 * <p>A model that is missing or does not fit this agent makes every {@link #decide} throw the same one-line
 * {@link ModelFileException} (the pool then stops deciding and its status shows why); a model that answers NaN or
 * infinity throws an {@link IllegalStateException} with one line naming the host and the model. {@link #learn}
 * never blocks: it records the outcome's cost (the migration toll, and the downtime weight when the outcome says
 * the SLA budget was exceeded) and, at the next cycle, appends a {@link Transition} from the source host's features
 * at decision time to its features then into a bounded {@link ReplayBuffer}, which online fine-tuning may read.
 * Energy and SLATAH are not in outcomes: training in the engine adds them. {@link #replaceModel} swaps other
 * weights in (online fine-tuning) atomically, between two cycles.
 *
 * <p>Cost per cycle: O(hosts + VMs) for the view and features, one forward pass per active host (≈2 µs each for
 * 16→64→64→4), O(moved VMs × hosts) for the executor: one decision on 100 hosts (57 active, 132 VMs) took 0.50 ms
 * median in {@code DqnDecisionBenchmark}. {@code decide} is called by one thread at a time per agent (the
 * controller's cycle); {@code learn} may come from any thread.
 */
public final class DqnAgent implements MigrationAgent {

    /** The agent's name. */
    public static final String NAME = "dqn";

    /**
     * The agent's settings.
     *
     * @param checkMemory    whether a target needs the VM's memory free (default true; false reproduces CloudSim's
     *                       runs, whose VMs hold no memory)
     * @param replayCapacity transitions the replay buffer keeps (default {@value #DEFAULT_REPLAY_CAPACITY}), &gt;= 1
     * @param forecasts      whether features read the context's CPU forecasts (default false: the shipped model is
     *                       trained on extrapolated history)
     * @param reward         the reward weights of {@link #learn}
     */
    public record Settings(boolean checkMemory, int replayCapacity, boolean forecasts, RewardWeights reward) {

        /** The default replay capacity. */
        public static final int DEFAULT_REPLAY_CAPACITY = 50_000;

        /** The documented defaults. */
        public static final Settings DEFAULTS = new Settings(true, DEFAULT_REPLAY_CAPACITY, false,
                RewardWeights.DEFAULTS);

        public Settings {
            if (replayCapacity < 1) {
                throw new IllegalArgumentException("replayCapacity = " + replayCapacity + ": must be >= 1");
            }
            Objects.requireNonNull(reward, "reward");
        }
    }

    /**
     * What the agent saw and chose for one active host in one cycle.
     *
     * @param host     the host
     * @param index    its index in the cycle's view
     * @param features its features
     * @param action   the action chosen (an index into {@link HostAction})
     * @param q        the action values it was chosen on
     */
    public record HostStep(HostId host, int index, double[] features, int action, double[] q) {

        public HostStep {
            features = features.clone();
            q = q.clone();
        }

        @Override
        public double[] features() {
            return features.clone();
        }

        @Override
        public double[] q() {
            return q.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof HostStep s && host.equals(s.host) && index == s.index && action == s.action
                    && Arrays.equals(features, s.features) && Arrays.equals(q, s.q);
        }

        @Override
        public int hashCode() {
            return Objects.hash(host, index, action, Arrays.hashCode(features), Arrays.hashCode(q));
        }

        @Override
        public String toString() {
            return host + " " + HostAction.of(action) + " q" + Arrays.toString(q);
        }
    }

    /**
     * One cycle as decided: per active host its features, action and values; and the decisions.
     *
     * @param view      the pool as seen
     * @param steps     one per active host, snapshot order
     * @param decisions what the executor made of the actions
     */
    public record Cycle(PoolView view, List<HostStep> steps, List<MigrationDecision> decisions) {

        public Cycle {
            steps = List.copyOf(steps);
            decisions = List.copyOf(decisions);
        }
    }

    private record Pending(HostId host, double[] features, int action, long cycle) {
    }

    /**
     * Cycles a decision waits for its outcome before it is forgotten (a refused decision never gets one): 12, an
     * hour at the engine's 300 s interval, longer than any migration of the CloudSim or page-level models.
     */
    public static final int OUTCOME_WAIT_CYCLES = 12;

    private record Awaiting(HostId host, double[] features, int action, double reward) {
    }

    /** The model and the policy over it that decide now: read once per cycle, replaced as one. */
    private record Held(DqnModel model, Policy policy, boolean greedyOverModel) {
    }

    private final AtomicReference<Held> held;
    private final ModelFileException problem;
    private final Settings settings;
    private final ActionExecutor executor;
    private final ReplayBuffer replay;
    private final Map<VmId, Pending> pending = new ConcurrentHashMap<>();
    private final Queue<Awaiting> awaiting = new ConcurrentLinkedQueue<>();
    private long cycles;

    /**
     * @param model    the model, checked to fit this agent's features and actions
     * @param settings the settings
     */
    public DqnAgent(DqnModel model, Settings settings) {
        this(Objects.requireNonNull(model, "model"), null, settings, null);
    }

    /**
     * @param model    the model, checked to fit this agent's features and actions
     * @param settings the settings
     * @param policy   how actions are chosen (e.g. epsilon-greedy while training); Q values are still the model's
     */
    public DqnAgent(DqnModel model, Settings settings, Policy policy) {
        this(Objects.requireNonNull(model, "model"), null, settings, Objects.requireNonNull(policy, "policy"));
    }

    private DqnAgent(DqnModel model, ModelFileException problem, Settings settings, Policy policy) {
        DqnModel checked = model == null ? null : model.requireCompatible(model.provenance().name());
        this.problem = problem;
        this.settings = Objects.requireNonNull(settings, "settings");
        this.held = new AtomicReference<>(checked == null ? null : policy != null
                ? new Held(checked, policy, false) : new Held(checked, new GreedyPolicy(checked.network()), true));
        this.executor = new ActionExecutor(settings.checkMemory());
        this.replay = new ReplayBuffer(settings.replayCapacity());
    }

    /**
     * @param problem  why there is no model
     * @param settings the settings
     * @return an agent whose every {@link #decide} throws {@code problem}
     */
    public static DqnAgent withoutModel(ModelFileException problem, Settings settings) {
        return new DqnAgent(null, Objects.requireNonNull(problem, "problem"), settings, null);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** @return the model deciding now; empty when the agent has none (see {@link #problem()}) */
    public Optional<DqnModel> model() {
        Held h = held.get();
        return h == null ? Optional.empty() : Optional.of(h.model());
    }

    /**
     * Swaps in another model, e.g. fine-tuned weights, atomically: the next {@link #decide} uses it, a decide in
     * progress finishes with the one it started with; the replay buffer and the decisions awaiting their outcome
     * are kept. A greedy agent becomes greedy over the new model; a policy given at construction is kept.
     *
     * @param next a model of this agent's features and actions
     * @throws ModelFileException    when it does not fit this agent
     * @throws IllegalStateException when the agent has no model to replace (one built {@link #withoutModel})
     */
    public void replaceModel(DqnModel next) {
        DqnModel checked = Objects.requireNonNull(next, "next").requireCompatible(next.provenance().name());
        held.updateAndGet(h -> {
            if (h == null) {
                throw new IllegalStateException("agent " + NAME + " has no model to replace: " + problem.getMessage());
            }
            return h.greedyOverModel() ? new Held(checked, new GreedyPolicy(checked.network()), true)
                    : new Held(checked, h.policy(), false);
        });
    }

    /** @return why the agent has no model; empty when it has one */
    public Optional<ModelFileException> problem() {
        return Optional.ofNullable(problem);
    }

    public Settings settings() {
        return settings;
    }

    /** @return the replay buffer {@link #learn} fills: for online fine-tuning */
    public ReplayBuffer replayBuffer() {
        return replay;
    }

    /**
     * @throws ModelFileException   when the agent has no usable model
     * @throws IllegalStateException when the model's values are not finite
     */
    @Override
    public List<MigrationDecision> decide(AgentContext context) {
        Held deciding = requireModel();
        Cycle cycle = decideRecorded(context, deciding.model().network(), deciding.policy());
        long now = ++cycles;
        pending.values().removeIf(p -> p.cycle() < now - OUTCOME_WAIT_CYCLES);
        for (MigrationDecision d : cycle.decisions()) {
            PoolView.Host h = cycle.view().host(d.source()).orElseThrow();
            for (HostStep s : cycle.steps()) {
                if (s.index() == h.index()) {
                    pending.put(d.vm(), new Pending(s.host(), s.features, s.action(), now));
                    break;
                }
            }
        }
        return cycle.decisions();
    }

    /**
     * Decides with another policy and returns what was seen: what training uses to build transitions. Q values are
     * the model's.
     *
     * @throws ModelFileException   when the agent has no usable model
     * @throws IllegalStateException when the model's values are not finite
     */
    public Cycle decideRecorded(AgentContext context, Policy policy) {
        return decideRecorded(context, requireModel().model().network(), policy);
    }

    /**
     * Decides with any Q-function and policy (e.g. a learner's online network and its epsilon-greedy policy); works
     * without a model.
     *
     * @param context the cycle's context
     * @param q       the values recorded and shown in reasons; must read {@link HostFeatures#COUNT} features
     * @param policy  the policy choosing each host's action
     * @return the cycle
     * @throws IllegalStateException when a value is not finite or the policy answers an unknown action
     */
    public Cycle decideRecorded(AgentContext context, QFunction q, Policy policy) {
        Objects.requireNonNull(q, "q");
        Objects.requireNonNull(policy, "policy");
        PoolView view = PoolView.of(context, settings.forecasts());
        flushAwaiting(view);
        double[][] features = HostFeatures.encodeAll(view);
        int n = view.hosts().size();
        int[] actions = new int[n];
        double[][] values = new double[n][];
        List<HostStep> steps = new ArrayList<>();
        for (PoolView.Host h : view.hosts()) {
            if (!h.active()) {
                continue;
            }
            double[] f = features[h.index()];
            double[] v = q.q(f);
            for (int a = 0; a < v.length; a++) {
                if (!Double.isFinite(v[a])) {
                    throw new IllegalStateException(String.format(Locale.ROOT,
                            "model %s gave Q = %s for host %s's action %s: not deciding with a broken model",
                            modelLabel(), v[a], h.id().value(), a < HostAction.COUNT ? HostAction.of(a) : "#" + a));
                }
            }
            // the greedy policy over the recorded values needs no second forward pass
            int action = policy instanceof GreedyPolicy g && g.values() == q ? GreedyPolicy.argmax(v) : policy.act(f);
            if (action < 0 || action >= HostAction.COUNT) {
                throw new IllegalStateException("policy " + policy + " chose action " + action + " for host "
                        + h.id().value() + ": there are " + HostAction.COUNT);
            }
            actions[h.index()] = action;
            values[h.index()] = v;
            steps.add(new HostStep(h.id(), h.index(), f, action, v));
        }
        List<MigrationDecision> decisions = executor.execute(view, actions, values, NAME);
        return new Cycle(view, steps, decisions);
    }

    /**
     * Records the outcome's cost against the decision's state and action; the transition enters the replay buffer
     * at the next cycle, with the source host's features then as its next state (terminal when the host is empty
     * or gone). Never blocks; outcomes of decisions this agent did not make are ignored.
     */
    @Override
    public void learn(MigrationDecision decision, MigrationOutcome outcome) {
        if (decision == null || outcome == null) {
            return;
        }
        Pending p = pending.remove(decision.vm());
        if (p == null) {
            return;
        }
        RewardWeights w = settings.reward();
        double cost = w.migration();
        if (outcome.metrics().isPresent() && outcome.metrics().get().slaViolated()) {
            cost += w.downtime();
        }
        awaiting.add(new Awaiting(p.host(), p.features(), p.action(), -cost));
    }

    private void flushAwaiting(PoolView view) {
        if (awaiting.isEmpty()) {
            return;
        }
        double[][] features = null;
        for (Iterator<Awaiting> it = awaiting.iterator(); it.hasNext();) {
            Awaiting a = it.next();
            it.remove();
            Optional<PoolView.Host> h = view.host(a.host());
            if (h.isPresent() && h.get().active()) {
                if (features == null) {
                    features = HostFeatures.encodeAll(view);
                }
                replay.add(new Transition(a.features(), a.action(), a.reward(), features[h.get().index()], false));
            } else {
                replay.add(new Transition(a.features(), a.action(), a.reward(), null, true));
            }
        }
    }

    private Held requireModel() {
        Held h = held.get();
        if (h == null) {
            throw problem;
        }
        return h;
    }

    private String modelLabel() {
        Held h = held.get();
        return h == null ? "(none)" : h.model().provenance().name() + " (" + h.model().fingerprint() + ")";
    }

    @Override
    public String toString() {
        Held h = held.get();
        return NAME + (h != null ? "[" + h.model().info() + "]" : "[no model: " + problem.getMessage() + "]");
    }
}
