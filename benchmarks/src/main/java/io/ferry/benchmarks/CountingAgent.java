package io.ferry.benchmarks;

import io.ferry.api.AgentContext;
import io.ferry.api.MigrationAgent;
import io.ferry.api.model.MigrationDecision;
import io.ferry.api.model.MigrationOutcome;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A {@link MigrationAgent} decorator that writes down every list of decisions its agent returns, with the time of
 * the call, so that a run can check that every one of them reached the audit log exactly once. Decides nothing: the
 * decisions, the name and the learning are the wrapped agent's.
 *
 * <p>Cost: one list copy per cycle. Thread-safe.
 */
final class CountingAgent implements MigrationAgent {

    /** What the agent returned at one call (its null elements left out, as the controller skips them). */
    record Proposal(Instant at, List<MigrationDecision> decisions) {
    }

    private final MigrationAgent delegate;
    private final Clock clock;
    private final List<Proposal> proposals = new ArrayList<>();

    CountingAgent(MigrationAgent delegate, Clock clock) {
        this.delegate = delegate;
        this.clock = clock;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public List<MigrationDecision> decide(AgentContext context) {
        Instant at = clock.instant();
        List<MigrationDecision> decisions = delegate.decide(context);
        List<MigrationDecision> kept = decisions == null ? List.of()
                : decisions.stream().filter(Objects::nonNull).toList();
        synchronized (this) {
            proposals.add(new Proposal(at, kept));
        }
        return decisions;
    }

    @Override
    public void learn(MigrationDecision decision, MigrationOutcome outcome) {
        delegate.learn(decision, outcome);
    }

    /** @return every call so far, oldest first */
    synchronized List<Proposal> proposals() {
        return List.copyOf(proposals);
    }

    /** @return the decisions returned so far */
    synchronized long decisions() {
        return proposals.stream().mapToLong(p -> p.decisions().size()).sum();
    }
}
