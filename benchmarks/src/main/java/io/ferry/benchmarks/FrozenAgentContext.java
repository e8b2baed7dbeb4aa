package io.ferry.benchmarks;

import io.ferry.api.AgentContext;
import io.ferry.api.MigrationAgent;
import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.Forecast;
import io.ferry.api.model.HostCapacity;
import io.ferry.api.model.HostId;
import io.ferry.api.model.Metric;
import io.ferry.api.model.MetricWindow;
import io.ferry.api.model.MigrationDecision;
import io.ferry.api.model.MigrationPlan;
import io.ferry.api.model.VmId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One agent decision's context taken out of a running data-centre simulation, so that the same decision can be
 * repeated outside it (the JMH benchmark of one decision): {@link #capturing} wraps an agent so that, on the
 * interval asked for, every question the agent puts to the engine's context is answered by the engine and written
 * down; the frozen context then answers the same questions from what was written down. A question that was never
 * asked gets the answer "unknown" (empty), and {@link #unanswered()} counts them, so that a benchmark can say
 * whether the repeated decision saw the context the original one saw. Cost: one map lookup per question; the
 * memory of every answer given (the snapshot is shared, windows are the engine's own immutable objects).
 * Not thread-safe.
 */
final class FrozenAgentContext implements AgentContext {

    private final ClusterSnapshot snapshot;
    private final Map<List<Object>, Object> answers;
    private final List<MigrationDecision> decisions;
    private long unanswered;

    private FrozenAgentContext(ClusterSnapshot snapshot, Map<List<Object>, Object> answers,
            List<MigrationDecision> decisions) {
        this.snapshot = snapshot;
        this.answers = Map.copyOf(answers);
        this.decisions = List.copyOf(decisions);
    }

    /** @return the snapshot the original decision saw */
    @Override
    public ClusterSnapshot snapshot() {
        return snapshot;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Optional<MetricWindow> metrics(String subject, Metric metric, int samples) {
        return (Optional<MetricWindow>) answer(List.of("metrics", subject, metric, samples), Optional.empty());
    }

    @Override
    @SuppressWarnings("unchecked")
    public Optional<Forecast> forecast(String subject, Metric metric) {
        return (Optional<Forecast>) answer(List.of("forecast", subject, metric), Optional.empty());
    }

    @Override
    @SuppressWarnings("unchecked")
    public Optional<MigrationPlan> plan(VmId vm, HostId target) {
        return (Optional<MigrationPlan>) answer(List.of("plan", vm, target), Optional.empty());
    }

    @Override
    @SuppressWarnings("unchecked")
    public Optional<String> blocked(VmId vm) {
        return (Optional<String>) answer(List.of("blocked", vm), Optional.empty());
    }

    @Override
    @SuppressWarnings("unchecked")
    public Optional<HostCapacity> capacity(HostId host) {
        return (Optional<HostCapacity>) answer(List.of("capacity", host), Optional.empty());
    }

    @Override
    public OptionalDouble vcpuMips(VmId vm) {
        return (OptionalDouble) answer(List.of("vcpuMips", vm), OptionalDouble.empty());
    }

    private Object answer(List<Object> question, Object unknown) {
        Object a = answers.get(question);
        if (a == null) {
            unanswered++;
            return unknown;
        }
        return a;
    }

    /** @return the decisions the agent returned in the original call */
    List<MigrationDecision> originalDecisions() {
        return decisions;
    }

    /** @return how many distinct questions the original decision asked */
    int questions() {
        return answers.size();
    }

    /** @return questions asked of this frozen context that the original decision never asked */
    long unanswered() {
        return unanswered;
    }

    /**
     * @param agent    the agent to run in the simulation
     * @param interval the (0-based) call of {@code decide} whose context to capture
     * @return the agent, wrapped so that its {@code interval}-th decision is captured
     */
    static Capturing capturing(MigrationAgent agent, int interval) {
        return new Capturing(agent, interval);
    }

    /** An agent that decides as the wrapped one and captures one of its contexts. */
    static final class Capturing implements MigrationAgent {

        private final MigrationAgent agent;
        private final int interval;
        private int calls;
        private FrozenAgentContext captured;

        private Capturing(MigrationAgent agent, int interval) {
            this.agent = Objects.requireNonNull(agent, "agent");
            this.interval = interval;
        }

        @Override
        public String name() {
            return agent.name();
        }

        @Override
        public List<MigrationDecision> decide(AgentContext context) {
            if (calls++ != interval) {
                return agent.decide(context);
            }
            Recording recording = new Recording(context);
            List<MigrationDecision> decisions = agent.decide(recording);
            captured = new FrozenAgentContext(context.snapshot(), recording.answers, decisions);
            return decisions;
        }

        @Override
        public void learn(MigrationDecision decision, io.ferry.api.model.MigrationOutcome outcome) {
            agent.learn(decision, outcome);
        }

        /** @return the captured context, empty when the simulation made fewer calls than asked for */
        Optional<FrozenAgentContext> captured() {
            return Optional.ofNullable(captured);
        }

        /** @return how many times the simulation called {@code decide} */
        int calls() {
            return calls;
        }
    }

    /** The engine's context, every answer written down. */
    private static final class Recording implements AgentContext {

        private final AgentContext context;
        private final Map<List<Object>, Object> answers = new HashMap<>();

        Recording(AgentContext context) {
            this.context = context;
        }

        @Override
        public ClusterSnapshot snapshot() {
            return context.snapshot();
        }

        @Override
        public Optional<MetricWindow> metrics(String subject, Metric metric, int samples) {
            return record(List.of("metrics", subject, metric, samples), context.metrics(subject, metric, samples));
        }

        @Override
        public Optional<Forecast> forecast(String subject, Metric metric) {
            return record(List.of("forecast", subject, metric), context.forecast(subject, metric));
        }

        @Override
        public Optional<MigrationPlan> plan(VmId vm, HostId target) {
            return record(List.of("plan", vm, target), context.plan(vm, target));
        }

        @Override
        public Optional<String> blocked(VmId vm) {
            return record(List.of("blocked", vm), context.blocked(vm));
        }

        @Override
        public Optional<HostCapacity> capacity(HostId host) {
            return record(List.of("capacity", host), context.capacity(host));
        }

        @Override
        public OptionalDouble vcpuMips(VmId vm) {
            return record(List.of("vcpuMips", vm), context.vcpuMips(vm));
        }

        private <T> T record(List<Object> question, T answer) {
            answers.put(question, answer);
            return answer;
        }
    }
}
