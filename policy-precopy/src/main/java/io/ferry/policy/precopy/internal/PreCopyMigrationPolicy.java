package io.ferry.policy.precopy.internal;

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
import io.ferry.policy.support.ConfigurationChecks;
import io.ferry.policy.support.CostModel;
import io.ferry.policy.support.PredictedRound;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.util.converter.Converters;

/**
 * Pre-copy: copy all memory while the VM runs, re-send what it dirtied, and stop-and-copy when the rest is
 * small enough.
 *
 * <p>Decides, after every round, to stop when the dirty pages are at most {@code targetDirtyPages}, or fit in
 * the SLA downtime budget, or {@code maxRounds} rounds have run (upstream Xen's rule; XenServer applies its own
 * equivalent internally). Cost of a decision: O(1). Predictions come from {@link CostModel}'s round recursion
 * with the same rule.
 *
 * <p>When not to use it: on a VM that dirties memory faster than the link sends it, pre-copy cannot converge;
 * it hits the round limit and pauses the VM for as long as the whole dirty set takes to send. Post-copy or
 * hybrid bound the pause there. It is the only technique XenServer can execute.
 */
@Component(service = MigrationPolicy.class, configurationPid = PreCopyMigrationPolicy.PID,
        property = MigrationPolicy.NAME_PROPERTY + "=" + PreCopyMigrationPolicy.NAME)
@Designate(ocd = PreCopyConfiguration.class)
public final class PreCopyMigrationPolicy implements MigrationPolicy {

    static final String NAME = "precopy";
    static final String PID = "io.ferry.policy.precopy";

    private final int maxRounds;
    private final int targetDirtyPages;
    private final boolean stopWithinBudget;

    @Activate
    public PreCopyMigrationPolicy(PreCopyConfiguration config) {
        this.maxRounds = ConfigurationChecks.inRange("maxRounds", config.maxRounds(), 1, 1000);
        this.targetDirtyPages = ConfigurationChecks.inRange("targetDirtyPages", config.targetDirtyPages(), 0, Integer.MAX_VALUE);
        this.stopWithinBudget = config.stopWithinBudget();
    }

    /**
     * For use outside OSGi (the command line, tests, benchmarks): configuration from a property map, missing
     * keys taking their defaults.
     */
    public PreCopyMigrationPolicy(Map<String, ?> properties) {
        this(Converters.standardConverter().convert(properties).to(PreCopyConfiguration.class));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<Capability> requiredCapabilities() {
        return Set.of(Capability.PRE_COPY);
    }

    @Override
    public Set<Capability> optionalCapabilities() {
        return Set.of(Capability.ROUND_CONTROL, Capability.DOWNTIME_LIMIT);
    }

    @Override
    public MigrationPlan plan(MigrationRequest request) {
        CostModel model = new CostModel(request);
        List<PredictedRound> rounds = model.rounds(r -> !stopAfter(model, r.round(), r.pendingAfter()));
        MigrationCost cost = model.preCopyCost(rounds);
        PredictedRound last = rounds.get(rounds.size() - 1);
        String why = model.fitsBudget(last.pendingAfter())
                ? String.format("converges in %d round(s), %.0f pages left for stop-and-copy", rounds.size(),
                        last.pendingAfter())
                : String.format("does not converge: %.0f pages still dirty after %d round(s)", last.pendingAfter(),
                        rounds.size());
        return new MigrationPlan(NAME, Technique.PRE_COPY, cost, Optional.of(request.downtimeBudget()), why);
    }

    @Override
    public MigrationSteering steer(MigrationRequest request, Set<Capability> available) {
        CostModel model = new CostModel(request);
        return new MigrationSteering() {
            @Override
            public RoundDecision begin(Optional<PageView> pages) {
                return new RoundDecision.PreCopyRound(Optional.empty());
            }

            @Override
            public RoundDecision afterRound(RoundReport report, Optional<PageView> pages) {
                return stopAfter(model, report.round(), report.pendingPages())
                        ? new RoundDecision.StopAndCopy()
                        : new RoundDecision.PreCopyRound(Optional.empty());
            }
        };
    }

    private boolean stopAfter(CostModel model, int round, double pending) {
        return pending <= targetDirtyPages || round >= maxRounds || (stopWithinBudget && model.fitsBudget(pending));
    }
}
