package io.ferry.predictor.lstm;

import java.time.Duration;

/**
 * Progress after one training epoch, for a progress line.
 *
 * @param epoch             the epoch just finished, from 1
 * @param maxEpochs         the most epochs training will run
 * @param trainingLoss      the mean training loss over the epoch's minibatches (scaled units)
 * @param validationLoss    the loss on the validation windows after the epoch (scaled units)
 * @param best              whether this epoch's validation loss is the best so far (its weights are kept)
 * @param elapsed           time since training started
 * @param estimatedTimeLeft the mean epoch time so far times the epochs left, at most the time budget left: an
 *                          upper bound, since early stopping may end training sooner
 */
public record EpochReport(int epoch, int maxEpochs, double trainingLoss, double validationLoss, boolean best,
        Duration elapsed, Duration estimatedTimeLeft) {
}
