package io.ferry.policy.hybrid.internal;

import io.ferry.api.MigrationSteering;
import io.ferry.api.PageView;
import io.ferry.api.Predictor;
import io.ferry.api.model.Forecast;
import io.ferry.api.model.Metric;
import io.ferry.api.model.MetricWindow;
import io.ferry.api.model.MigrationRequest;
import io.ferry.api.model.PageOrder;
import io.ferry.api.model.RoundDecision;
import io.ferry.api.model.RoundReport;
import io.ferry.policy.support.CostModel;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The hybrid policy's decisions for one migration. Keeps the per-round dirty rates it has seen, for the
 * predictor's window; everything else it reads from the round report and the page view.
 */
final class HybridSteering implements MigrationSteering {

    private final HybridMigrationPolicy policy;
    private final MigrationRequest request;
    private final CostModel model;
    private final Supplier<Predictor> predictor;
    private final PageClusterer clusterer;
    private final boolean deferHigh;
    private final int prepageWindow;
    private double[] observedRates = new double[0];
    private double observedSeconds;

    HybridSteering(HybridMigrationPolicy policy, MigrationRequest request, CostModel model,
            Supplier<Predictor> predictor, PageClusterer clusterer, boolean deferHigh, int prepageWindow) {
        this.policy = policy;
        this.request = request;
        this.model = model;
        this.predictor = predictor;
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
        remember(report);
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

    private void remember(RoundReport report) {
        if (Double.isFinite(report.dirtyPagesPerSecond())) {
            observedRates = java.util.Arrays.copyOf(observedRates, observedRates.length + 1);
            observedRates[observedRates.length - 1] = report.dirtyPagesPerSecond();
            observedSeconds += report.roundDuration().toNanos() / 1e9;
        }
    }

    /**
     * @return DP_t: the bound predictor's forecast of the next round's rate when it has enough history and
     *         answers, otherwise the rate observed in the round that ended
     */
    private double dirtyRate(RoundReport report) {
        double observed = report.dirtyPagesPerSecond();
        Predictor p = predictor.get();
        if (p == null || observedRates.length < Math.max(1, p.minimumHistory()) || observedSeconds <= 0) {
            return Double.isFinite(observed) ? observed : 0;
        }
        try {
            Duration step = Duration.ofNanos(Math.max(1, Math.round(observedSeconds / observedRates.length * 1e9)));
            MetricWindow window = new MetricWindow(request.vm().value(), Metric.DIRTY_PAGES_PER_SECOND,
                    Instant.EPOCH.plus(report.elapsed()), step, observedRates);
            Forecast f = p.forecast(window, 1);
            double forecast = f.mean(1);
            return Double.isFinite(forecast) && forecast >= 0 ? forecast : observed;
        } catch (RuntimeException e) {
            // a failing predictor must not stop the migration: fall back to what was observed
            return Double.isFinite(observed) ? observed : 0;
        }
    }
}
