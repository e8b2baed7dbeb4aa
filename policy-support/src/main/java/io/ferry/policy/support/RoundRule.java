package io.ferry.policy.support;

/** Decides, after a predicted round, whether pre-copy goes on: the policy's own rule, fed predicted rounds. */
@FunctionalInterface
public interface RoundRule {

    /**
     * @param round the round that just ended
     * @return true to run another round, false to stop (and copy, or switch to post-copy)
     */
    boolean continueAfter(PredictedRound round);
}
