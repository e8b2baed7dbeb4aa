package io.ferry.policy.support;

/**
 * One pre-copy round as the analytic model predicts it.
 *
 * @param round               the round number, from 1
 * @param pagesSent           pages the round sends
 * @param seconds             how long it lasts
 * @param pendingAfter        pages dirty when it ends (distinct pages written during it)
 * @param dirtyPagesPerSecond {@code pendingAfter / seconds}, the rate an engine would report for it
 */
public record PredictedRound(int round, double pagesSent, double seconds, double pendingAfter,
        double dirtyPagesPerSecond) {
}
