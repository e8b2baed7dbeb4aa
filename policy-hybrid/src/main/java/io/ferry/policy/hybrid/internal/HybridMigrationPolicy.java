package io.ferry.policy.hybrid.internal;

import io.ferry.api.MigrationPolicy;
import io.ferry.api.MigrationSteering;
import io.ferry.api.Predictor;
import io.ferry.api.model.Capability;
import io.ferry.api.model.MigrationCost;
import io.ferry.api.model.MigrationPlan;
import io.ferry.api.model.MigrationRequest;
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
 * Hybrid pre/post-copy with dirty-page clustering: pre-copy while it converges, then switch to post-copy
 * when {@code DP_t >= θ ∨ i > N_max} (the seed paper's rule), where DP_t is the dirty-page rate of round i,
 * read from the request's dirty-rate forecast ({@link MigrationRequest#dirtyForecast()}, made by the
 * predictor selected for the pool) when it carries one and observed otherwise, and θ is
 * configured or derived from the link's page rate. If the dirty set fits the downtime budget first, it stops
 * and copies like pre-copy and never runs degraded.
 *
 * <p><b>The outcome it exists for</b> is the SLA's downtime budget, then no degraded period where none is needed:
 * <ul>
 * <li>it never stops and copies a rest that does not fit the budget (it switches instead, and its switch pause is
 * post-copy's: the execution state and the dirty bitmap), so it meets the budget wherever pre-copy or post-copy
 * meets it, as far as the hypervisor pauses as the request says (the link's bandwidth, nothing after the
 * switch). On QEMU neither holds: the stop-and-copy runs uncapped and, after a switch, the guest waits for its
 * kernel's pages; on the {@code qemu-tcg} heavy writer the hybrid switches after round 1 and that wait breaks the
 * budget (302.5 ms simulated, 308 ms real) where pre-copy's uncapped pause meets it (83 ms). The request carries
 * neither, so the policy cannot weigh them;</li>
 * <li>where it ends with stop-and-copy its pause is no longer than pre-copy's on the same guest writes: until then
 * it has sent exactly pre-copy's rounds (every pending page each round) and it stops after the first round whose
 * rest fits the budget, where pre-copy stops too (pre-copy's round cap can only stop it earlier with a rest that
 * does not fit, a longer pause; with the default N_max of 3 the hybrid has switched before that cap);</li>
 * <li>only then total time and bytes: where it switches, it saves pre-copy's further rounds and the re-sends in
 * them, and sends fewer bytes than pre-copy where that cannot converge.</li>
 * </ul>
 *
 * <p>Between rounds, k-means (K = 3, k-means++) groups the pending pages by write frequency, locality and
 * recency ({@link PageClusterer}). Rounds send the low- then the medium- then the high-write pages. The last round
 * before the switch (round {@code N_max + 1}) defers the high-write cluster, which the guest would only dirty
 * again, and the switch follows it whatever its rest, so the deferred pages never land in a stop-and-copy pause
 * (deferring in earlier rounds did: a round that converged then left the hot pages for the pause, 174.5 ms against
 * pre-copy's 32.3 ms on the standard suite's shared link). After the switch the push sends the high-write cluster
 * first, since the guest will touch it soonest. Without a page-level view (QEMU) the policy keeps the switch rule
 * and lets the hypervisor order pages.
 *
 * <p>Cost per decision: one clustering, O(P) for P pending pages plus the k-means fit on a bounded sample.
 * When not to use it: where post-copy cannot run (XenServer), or where any degraded period on the target is
 * unacceptable (use pre-copy and accept the pause).
 */
@Component(service = MigrationPolicy.class, configurationPid = HybridMigrationPolicy.PID,
        property = MigrationPolicy.NAME_PROPERTY + "=" + HybridMigrationPolicy.NAME)
@Designate(ocd = HybridConfiguration.class)
public final class HybridMigrationPolicy implements MigrationPolicy {

    static final String NAME = "hybrid";
    static final String PID = "io.ferry.policy.hybrid";

    private final double thetaPagesPerSecond;
    private final double thetaLinkFraction;
    private final int maxPreCopyRounds;
    private final int targetDirtyPages;
    private final boolean deferHighWriteCluster;
    private final int prepageWindow;
    private final PageClusterer clusterer;

    @Activate
    public HybridMigrationPolicy(HybridConfiguration config) {
        this.thetaPagesPerSecond = ConfigurationChecks.inRange("thetaPagesPerSecond", config.thetaPagesPerSecond(),
                0, 1e8);
        this.thetaLinkFraction = ConfigurationChecks.inRange("thetaLinkFraction", config.thetaLinkFraction(), 0.01,
                10);
        this.maxPreCopyRounds = ConfigurationChecks.inRange("maxPreCopyRounds", config.maxPreCopyRounds(), 1, 1000);
        this.targetDirtyPages = ConfigurationChecks.inRange("targetDirtyPages", config.targetDirtyPages(), 0,
                Integer.MAX_VALUE);
        this.deferHighWriteCluster = config.deferHighWriteCluster();
        this.prepageWindow = ConfigurationChecks.inRange("prepageWindow", config.prepageWindow(), 0, 65536);
        this.clusterer = new PageClusterer(
                ConfigurationChecks.inRange("localityWindow", config.localityWindow(), 1, 4096),
                ConfigurationChecks.inRange("kmeansSampleSize", config.kmeansSampleSize(), 16, 1 << 20),
                ConfigurationChecks.inRange("kmeansMaxIterations", config.kmeansMaxIterations(), 1, 10000),
                config.kmeansSeed());
    }

    /**
     * For use outside OSGi (the command line, tests, benchmarks): configuration from a property map, missing
     * keys taking their defaults.
     */
    public HybridMigrationPolicy(Map<String, ?> properties) {
        this(Converters.standardConverter().convert(properties).to(HybridConfiguration.class));
    }

    /**
     * The former form, kept for callers that pass no predictor.
     *
     * @param predictor must be null: the policy binds no predictor of its own, the forecast comes with each request
     * @throws IllegalArgumentException when a predictor is given
     * @deprecated use {@link #HybridMigrationPolicy(Map)}, and select the predictor for the pool instead
     */
    @Deprecated
    public HybridMigrationPolicy(Map<String, ?> properties, Predictor predictor) {
        this(properties);
        if (predictor != null) {
            throw new IllegalArgumentException("predictor " + predictor.name() + ": the hybrid policy binds no "
                    + "predictor; it reads the dirty-rate forecast from the request (migration:use --predictor)");
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<Capability> requiredCapabilities() {
        return Set.of(Capability.PRE_COPY, Capability.POST_COPY, Capability.POSTCOPY_SWITCH,
                Capability.ROUND_CONTROL);
    }

    @Override
    public Set<Capability> optionalCapabilities() {
        return Set.of(Capability.PAGE_ORDER);
    }

    /** @return θ for this request, pages per second */
    double theta(MigrationRequest request) {
        return thetaPagesPerSecond > 0 ? thetaPagesPerSecond : thetaLinkFraction * request.linkPagesPerSecond();
    }

    /** @return whether the round count alone calls for the switch */
    boolean roundsExhausted(int round) {
        return round > maxPreCopyRounds;
    }

    /**
     * @param round a round not yet started
     * @return whether the switch is due after {@code round} whatever its rest (it is round {@code N_max + 1}), so
     *         that deferring pages in it cannot lengthen a stop-and-copy
     */
    boolean lastRoundBeforeSwitch(int round) {
        return roundsExhausted(round) && !roundsExhausted(round - 1);
    }

    /** @return whether stopping now keeps the downtime within budget (no post-copy needed) */
    boolean converged(CostModel model, double pendingPages) {
        return pendingPages <= targetDirtyPages || model.fitsBudget(pendingPages);
    }

    @Override
    public MigrationPlan plan(MigrationRequest request) {
        CostModel model = new CostModel(request);
        double theta = theta(request);
        List<PredictedRound> rounds = model.rounds(r -> !converged(model, r.pendingAfter())
                && !(r.dirtyPagesPerSecond() >= theta || roundsExhausted(r.round())));
        PredictedRound last = rounds.get(rounds.size() - 1);
        if (converged(model, last.pendingAfter())) {
            MigrationCost cost = model.preCopyCost(rounds);
            return new MigrationPlan(NAME, Technique.PRE_COPY, cost, Optional.of(request.downtimeBudget()),
                    String.format("pre-copy converges in %d round(s); no switch needed", rounds.size()));
        }
        MigrationCost cost = model.postCopyCost(rounds);
        String why = last.dirtyPagesPerSecond() >= theta
                ? String.format("switches after round %d: DP = %.0f pages/s >= theta = %.0f", last.round(),
                        last.dirtyPagesPerSecond(), theta)
                : String.format("switches after round %d: i > N_max = %d", last.round(), maxPreCopyRounds);
        return new MigrationPlan(NAME, Technique.HYBRID, cost, Optional.empty(), why);
    }

    @Override
    public MigrationSteering steer(MigrationRequest request, Set<Capability> available) {
        return new HybridSteering(this, request, new CostModel(request), clusterer, deferHighWriteCluster,
                prepageWindow);
    }
}
