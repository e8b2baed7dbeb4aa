package io.ferry.datacenter;

/**
 * One scheduling interval of a run.
 *
 * @param index           0 for the first interval
 * @param startSeconds    when it starts
 * @param activeHosts     hosts carrying at least one VM during it
 * @param meanPowerWatts  the data centre's mean power over it
 * @param energyKWh       the energy it used
 * @param migrations      migrations started at its beginning
 * @param refused         decisions the guard refused at its beginning
 * @param overloadedHosts active hosts asked for more CPU than they have at its beginning
 * @param downtimeSeconds the pauses of the migrations it started (page-level; 0 under cloudsim)
 * @param bytesMoved      bytes its migrations moved
 */
public record IntervalMetrics(int index, double startSeconds, int activeHosts, double meanPowerWatts,
        double energyKWh, int migrations, int refused, int overloadedHosts, double downtimeSeconds, long bytesMoved) {
}
