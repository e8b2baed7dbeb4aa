package io.ferry.datacenter;

import java.util.Objects;

/**
 * What one step of a {@link DatacenterEpisode} produced: the interval that followed the decisions (from their
 * processing time to the next one, or the day's end) and each host's accounting over it.
 *
 * @param interval the interval's metrics, as {@link DatacenterResult#intervals()} lists them
 * @param seconds  its length (the set-up's interval, shorter for the day's last)
 * @param hosts    each host's share of the interval
 */
public record StepReport(IntervalMetrics interval, double seconds, HostAccounting hosts) {

    public StepReport {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(hosts, "hosts");
    }
}
