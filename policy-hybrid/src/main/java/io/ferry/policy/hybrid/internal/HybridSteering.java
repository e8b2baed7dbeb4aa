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
 */
final class HybridSteering implements MigrationSteering {

    private final HybridMigrationPolicy policy;
    private final MigrationRequest request;
    private final CostModel model;
    private final PageClusterer clusterer;
    private final boolean deferHigh;
    private final int prepageWindow;

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
        if (policy.converged(model, report.pendingPages())) {
            return new RoundDecision.StopAndCopy();
        }
        double rate = dirtyRate(report);
        Optional<PageClusters> clusters = pages.flatMap(clusterer::cluster);
        if (rate >= policy.theta(request) || policy.roundsExhausted(report.round())) {
            return new RoundDecision.SwitchToPostCopy(clusters.map(c -> new PageOrder(c.highToLow())), prepageWindow);
        }
        if (deferHigh && clusters.isPresent() && clusters.get().low().length + clusters.get().medium().length > 0) {
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
