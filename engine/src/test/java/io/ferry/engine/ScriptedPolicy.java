package io.ferry.engine;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/** A test policy whose decisions are given as functions; records what the engine showed it. */
final class ScriptedPolicy implements MigrationPolicy {

    final List<RoundReport> reports = new ArrayList<>();
    final List<Boolean> viewOffered = new ArrayList<>();
    private final Function<Optional<PageView>, RoundDecision> begin;
    private final BiFunction<RoundReport, Optional<PageView>, RoundDecision> after;
    private final Set<Capability> optional;

    ScriptedPolicy(Function<Optional<PageView>, RoundDecision> begin,
            BiFunction<RoundReport, Optional<PageView>, RoundDecision> after, Set<Capability> optional) {
        this.begin = begin;
        this.after = after;
        this.optional = optional;
    }

    @Override
    public String name() {
        return "scripted";
    }

    @Override
    public Set<Capability> requiredCapabilities() {
        return Set.of(Capability.PRE_COPY);
    }

    @Override
    public Set<Capability> optionalCapabilities() {
        return optional;
    }

    @Override
    public MigrationPlan plan(MigrationRequest request) {
        return new MigrationPlan(name(), Technique.PRE_COPY, new MigrationCost(Duration.ZERO, Duration.ZERO, 0),
                Optional.empty(), "scripted");
    }

    @Override
    public MigrationSteering steer(MigrationRequest request, Set<Capability> available) {
        return new MigrationSteering() {
            @Override
            public RoundDecision begin(Optional<PageView> pages) {
                viewOffered.add(pages.isPresent());
                return begin.apply(pages);
            }

            @Override
            public RoundDecision afterRound(RoundReport report, Optional<PageView> pages) {
                reports.add(report);
                viewOffered.add(pages.isPresent());
                return after.apply(report, pages);
            }
        };
    }
}
