package io.ferry.datacenter;

import java.util.List;

/**
 * One candidate's day.
 *
 * @param candidate      the label of the candidate
 * @param migrationModel the migration model's name
 * @param day            the metrics of the whole day
 * @param intervals      the metrics of each interval, in order
 * @param wallSeconds    how long the run took
 */
public record DatacenterResult(String candidate, String migrationModel, DayMetrics day,
        List<IntervalMetrics> intervals, double wallSeconds) {

    public DatacenterResult {
        intervals = List.copyOf(intervals);
    }
}
