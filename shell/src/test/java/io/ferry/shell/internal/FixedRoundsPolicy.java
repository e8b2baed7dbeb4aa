package io.ferry.shell.internal;

import io.ferry.api.MigrationPolicy;
import io.ferry.api.MigrationSteering;
import io.ferry.api.PageView;
import io.ferry.api.model.Capability;
import io.ferry.api.model.MigrationCost;
import io.ferry.api.model.MigrationPlan;
import io.ferry.api.model.MigrationRequest;
import io.ferry.api.model.RoundDecision;
import io.ferry.api.model.RoundReport;
import io.ferry.api.model.Technique;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * A test policy: a fixed number of pre-copy rounds, then stop-and-copy; predicts one pass over memory. Enough to
 * give the comparison two policies that really differ.
 */
final class FixedRoundsPolicy implements MigrationPolicy {

    private final String name;
    private final int rounds;

    FixedRoundsPolicy(String name, int rounds) {
        this.name = name;
        this.rounds = rounds;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Set<Capability> requiredCapabilities() {
        return Set.of(Capability.PRE_COPY, Capability.ROUND_CONTROL);
    }

    @Override
    public MigrationPlan plan(MigrationRequest request) {
        double seconds = request.link().secondsToSend(request.memoryBytes());
        return new MigrationPlan(name, Technique.PRE_COPY, new MigrationCost(Duration.ofNanos((long) (seconds * 1e9)),
                Duration.ofMillis(50), request.memoryBytes()), Optional.empty(), rounds + " rounds then stop");
    }

    @Override
    public MigrationSteering steer(MigrationRequest request, Set<Capability> available) {
        return new MigrationSteering() {
            @Override
            public RoundDecision begin(Optional<PageView> pages) {
                return new RoundDecision.PreCopyRound(Optional.empty());
            }

            @Override
            public RoundDecision afterRound(RoundReport report, Optional<PageView> pages) {
                return report.round() < rounds ? new RoundDecision.PreCopyRound(Optional.empty())
                        : new RoundDecision.StopAndCopy();
            }
        };
    }
}
