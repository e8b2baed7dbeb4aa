package io.ferry.policy.hybrid.internal;

import io.ferry.api.MigrationSteering;
import io.ferry.api.PageView;
import io.ferry.api.model.MigrationRequest;
import io.ferry.api.model.PageOrder;
import io.ferry.api.model.RoundDecision;
import io.ferry.api.model.RoundReport;
import io.ferry.policy.support.CostModel;
import java.util.Optional;

/**
 * The hybrid policy's decisions for one migration. DP_t is the request's dirty-rate forecast at the round's
 * time when it carries one, else the rate the round report observed; everything else it reads from the round
 * report and the page view.
 *
 * <p>Every round but the last one before the round cap sends every pending page, exactly as pre-copy does, so
 * that a migration this steering ends with stop-and-copy has run pre-copy's rounds and stops with pre-copy's
 * rest. Only round {@code N_max + 1}, after which the switch is due anyway, leaves the high-write cluster out;
 * a round that left pages out is always followed by the switch, never by stop-and-copy, since the pause would
 * then carry the pages it deferred. State: whether the last round deferred pages; one instance per migration.
 */
final class HybridSteering implements MigrationSteering {

    private final HybridMigrationPolicy policy;
    private final MigrationRequest request;
    private final CostModel model;
    private final PageClusterer clusterer;
    private final boolean deferHigh;
    private final int prepageWindow;
    /** Whether the round that just ended left the high-write cluster out (the switch is then committed). */
    private boolean deferred;

    HybridSteering(HybridMigrationPolicy policy, MigrationRequest request, CostModel model,
            PageClusterer clusterer, boolean deferHigh, int prepageWindow) {
        this.policy = policy;
        this.request = request;
        this.model = model;
        this.clusterer = clusterer;
        this.deferHigh = deferHigh;
        this.prepageWindow = prepageWindow;
    }

    @Override
    public RoundDecision begin(Optional<PageView> pages) {
        return new RoundDecision.PreCopyRound(Optional.empty());
    }

    @Override
    public RoundDecision afterRound(RoundReport report, Optional<PageView> pages) {
        boolean committed = deferred;
        deferred = false;
        if (report.pendingPages() == 0 || (!committed && policy.converged(model, report.pendingPages()))) {
            return new RoundDecision.StopAndCopy();
        }
        double rate = dirtyRate(report);
        Optional<PageClusters> clusters = pages.flatMap(clusterer::cluster);
        if (committed || rate >= policy.theta(request) || policy.roundsExhausted(report.round())) {
            return new RoundDecision.SwitchToPostCopy(clusters.map(c -> new PageOrder(c.highToLow())), prepageWindow);
        }
        if (deferHigh && policy.lastRoundBeforeSwitch(report.round() + 1) && clusters.isPresent()
                && clusters.get().high().length > 0
                && clusters.get().low().length + clusters.get().medium().length > 0) {
            deferred = true;
            return new RoundDecision.PreCopyRound(Optional.of(new PageOrder(clusters.get().withoutHigh())));
        }
        return new RoundDecision.PreCopyRound(clusters.map(c -> new PageOrder(c.lowToHigh())));
    }

    /**
     * @return DP_t: the request's forecast of the dirty rate at the time this round ended when it carries one
     *         (the predictor selected for the pool made it), otherwise the rate observed in the round that ended
     */
    private double dirtyRate(RoundReport report) {
        double observed = report.dirtyPagesPerSecond();
        return request.forecastDirtyPagesPerSecond(report.elapsed())
                .orElse(Double.isFinite(observed) ? observed : 0);
    }
}
