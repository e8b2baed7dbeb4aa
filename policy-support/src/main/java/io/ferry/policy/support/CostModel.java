package io.ferry.policy.support;

import io.ferry.api.model.MigrationCost;
import io.ferry.api.model.MigrationRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The analytic model of one migration, for predictions made without running it.
 *
 * <p>Pre-copy follows the classic round recursion (Clark et al., NSDI 2005; Akoush et al., MASCOTS 2010):
 * round 1 sends all N pages in {@code t1 = N / L} seconds, where L is the link's page rate; round i+1 sends
 * the distinct pages dirtied during round i. With R page writes per second spread over a writable working set
 * of W pages (W = N unless a hot set is known), the distinct pages dirtied in t seconds are
 * {@code D(t) = W (1 - exp(-R t / W))} (occupancy of W bins by R·t uniform throws). Skewed writers dirty fewer
 * distinct pages than this, so the model errs on the pessimistic side for them.
 *
 * <p>Pauses: stop-and-copy sends the pending pages and the execution state, then one RTT for the hand-over;
 * a post-copy switch sends the execution state and a dirty bitmap of N/8 bytes, then one RTT. Post-copy then
 * pushes every pending page once; faults cost the guest time, not link time. These are the same physics as the
 * page-level engine, so predictions can be checked against it.
 *
 * <p>Cost: O(rounds); no allocation beyond the returned list. Not for workloads whose rate changes within a
 * migration (bursts): the model uses the mean rate of the request.
 */
public final class CostModel {

    private final MigrationRequest request;
    private final double pages;
    private final double linkPages;
    private final double bandwidth;
    private final double wire;
    private final double rtt;
    private final double rate;
    private final double workingSet;

    public CostModel(MigrationRequest request) {
        this.request = request;
        this.pages = request.pageCount();
        this.linkPages = request.linkPagesPerSecond();
        this.bandwidth = request.link().bandwidthBytesPerSec();
        this.wire = request.pageSizeBytes() * request.link().compressionRatio();
        this.rtt = request.link().rtt().toNanos() / 1e9;
        this.rate = request.dirtying().pagesPerSecond();
        long hot = request.dirtying().hotPages();
        this.workingSet = hot > 0 ? Math.min(hot, pages) : pages;
    }

    /** @return the link's page rate, pages per second */
    public double linkPagesPerSecond() {
        return linkPages;
    }

    /** @return seconds to send {@code n} pages at the full link rate */
    public double sendSeconds(double n) {
        return n / linkPages;
    }

    /** @return the expected distinct pages dirtied in {@code seconds} of guest time */
    public double distinctPagesDirtied(double seconds) {
        if (rate <= 0 || seconds <= 0) {
            return 0;
        }
        return workingSet * -Math.expm1(-rate * seconds / workingSet);
    }

    /** @return the downtime of a stop-and-copy with {@code pendingPages} left, seconds */
    public double stopAndCopySeconds(double pendingPages) {
        return pendingPages * wire / bandwidth + request.executionStateBytes() / bandwidth + rtt;
    }

    /** @return the downtime of a switch to post-copy, seconds */
    public double postcopySwitchSeconds() {
        return (request.executionStateBytes() + Math.ceil(pages / 8)) / bandwidth + rtt;
    }

    /** @return whether stopping with {@code pendingPages} left keeps downtime within the budget */
    public boolean fitsBudget(double pendingPages) {
        return stopAndCopySeconds(pendingPages) <= seconds(request.downtimeBudget());
    }

    /**
     * Predicts pre-copy rounds until {@code rule} stops them, nothing is left to send, or 1000 rounds have run
     * (a safety net).
     *
     * @return the predicted rounds, at least one
     */
    public List<PredictedRound> rounds(RoundRule rule) {
        List<PredictedRound> out = new ArrayList<>();
        double send = pages;
        for (int i = 1; i <= 1000; i++) {
            double t = sendSeconds(send);
            double dirty = distinctPagesDirtied(t);
            PredictedRound r = new PredictedRound(i, send, t, dirty, t > 0 ? dirty / t : 0);
            out.add(r);
            if (dirty <= 0 || !rule.continueAfter(r)) {
                break;
            }
            send = dirty;
        }
        return out;
    }

    /** @return the cost of pre-copy rounds followed by stop-and-copy of what the last round left */
    public MigrationCost preCopyCost(List<PredictedRound> rounds) {
        double time = 0;
        double sentPages = 0;
        for (PredictedRound r : rounds) {
            time += r.seconds();
            sentPages += r.pagesSent();
        }
        double left = rounds.get(rounds.size() - 1).pendingAfter();
        double down = stopAndCopySeconds(left);
        double bytes = (sentPages + left) * wire + request.executionStateBytes();
        return new MigrationCost(duration(time + down), duration(down), Math.round(bytes));
    }

    /**
     * @param rounds the pre-copy rounds before the switch, empty for pure post-copy
     * @return the cost of switching to post-copy after {@code rounds} and pushing what is pending
     */
    public MigrationCost postCopyCost(List<PredictedRound> rounds) {
        double time = 0;
        double sentPages = 0;
        for (PredictedRound r : rounds) {
            time += r.seconds();
            sentPages += r.pagesSent();
        }
        double left = rounds.isEmpty() ? pages : rounds.get(rounds.size() - 1).pendingAfter();
        double down = postcopySwitchSeconds();
        double bytes = (sentPages + left) * wire + request.executionStateBytes() + Math.ceil(pages / 8);
        return new MigrationCost(duration(time + down + sendSeconds(left)), duration(down), Math.round(bytes));
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    private static Duration duration(double seconds) {
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }
}
