package io.ferry.predictor.lstm;

import java.util.List;

/**
 * What an LSTM is trained with: the architecture, the inputs and scaling, the optimiser, and the limits that bound
 * training time. Immutable; {@link #defaults()} are the seed papers' (2 LSTM layers of 64 units and a dense output,
 * a window of 20, MinMax scaling, Adam at 0.001, batch 64, at most 50 epochs, 20 % validation, patience 5) except
 * the loss, which is the mean absolute error: a squared-error model lost to EWMA on held-out MAE in an earlier
 * attempt, where the L1 loss did not.
 *
 * @param window              samples per input window, &gt;= 2
 * @param lstmLayers          stacked LSTM layers, &gt;= 1
 * @param units               units per LSTM layer, &gt;= 1
 * @param inputs              what the network reads at each step, derived from the scaled window; at least one,
 *                            no repeats
 * @param inputEwmaAlpha      the smoothing factor of the {@link Input#EWMA} input, in (0, 1]
 * @param scaling             how samples are mapped to [0, 1], fitted on the training series only
 * @param loss                the training loss
 * @param learningRate        Adam's learning rate, &gt; 0
 * @param batchSize           windows per minibatch, &gt;= 1
 * @param maxEpochs           the most passes over the training windows, &gt;= 1
 * @param validationFraction  the share of series (not windows: no leakage) held out for validation, in (0, 1)
 * @param patience            epochs without a better validation loss before training stops, &gt;= 1
 * @param maxTrainingWindows  the most training windows sampled (the validation windows are capped in proportion,
 *                            {@link #maxValidationWindows()}): the bound on the cost of an epoch, &gt;= 1
 * @param maxTrainingSeconds  a time budget, or 0 for none (the default): no epoch is started that would, at the
 *                            mean epoch time so far, end after it, and the best epoch's weights are kept as with
 *                            early stopping; a budget makes the number of epochs, hence the model, depend on the
 *                            machine's speed, so that the same seed no longer gives the same model, &gt;= 0
 */
public record LstmHyperParameters(int window, int lstmLayers, int units, List<Input> inputs, double inputEwmaAlpha,
        Scaling scaling, Loss loss, double learningRate, int batchSize, int maxEpochs, double validationFraction,
        int patience, int maxTrainingWindows, int maxTrainingSeconds) {

    /** The seed papers' window. */
    public static final int DEFAULT_WINDOW = 20;
    /** The seed papers' depth. */
    public static final int DEFAULT_LSTM_LAYERS = 2;
    /** The seed papers' width. */
    public static final int DEFAULT_UNITS = 64;
    /** The EWMA input's smoothing factor: the α of the EWMA baseline. */
    public static final double DEFAULT_INPUT_EWMA_ALPHA = 0.1;
    /** Adam's learning rate in the seed papers. */
    public static final double DEFAULT_LEARNING_RATE = 0.001;
    /** The seed papers' minibatch. */
    public static final int DEFAULT_BATCH_SIZE = 64;
    /** The seed papers' epoch limit. */
    public static final int DEFAULT_MAX_EPOCHS = 50;
    /** The seed papers' validation share. */
    public static final double DEFAULT_VALIDATION_FRACTION = 0.2;
    /** Early-stopping patience. */
    public static final int DEFAULT_PATIENCE = 5;
    /** Training windows sampled by default: the CPU model trains within about 10 minutes on 2 cores with this many. */
    public static final int DEFAULT_MAX_TRAINING_WINDOWS = 4_000;
    /** No time budget by default: training is reproducible. */
    public static final int DEFAULT_MAX_TRAINING_SECONDS = 0;

    /** An input the network reads at each time step of the window, computed from the scaled samples. */
    public enum Input {
        /** The scaled sample. */
        VALUE,
        /** The scaled sample minus the one before (0 at the window's first step). */
        DIFFERENCE,
        /** The exponentially weighted moving average of the scaled samples so far in the window. */
        EWMA
    }

    /** How samples are mapped into [0, 1]. */
    public enum Scaling {
        /** (x - min) / (max - min), min and max of the training series. */
        MINMAX,
        /** MinMax over log(1 + x): for rates spanning orders of magnitude (dirty pages per second); x &gt;= 0. */
        LOG1P_MINMAX
    }

    /** The training loss, on scaled values. */
    public enum Loss {
        /** Mean absolute error (L1). */
        MAE,
        /** Mean squared error (L2), the seed papers' loss. */
        MSE
    }

    /** @throws IllegalArgumentException one line naming the parameter out of range */
    public LstmHyperParameters {
        atLeast("window", window, 2);
        atLeast("lstmLayers", lstmLayers, 1);
        atLeast("units", units, 1);
        if (inputs == null || inputs.isEmpty() || inputs.stream().distinct().count() != inputs.size()) {
            throw new IllegalArgumentException("inputs = " + inputs + ": name at least one input, each once");
        }
        inputs = List.copyOf(inputs);
        if (!(inputEwmaAlpha > 0 && inputEwmaAlpha <= 1)) {
            throw new IllegalArgumentException("inputEwmaAlpha = " + inputEwmaAlpha + ": must be in (0, 1]");
        }
        if (scaling == null || loss == null) {
            throw new IllegalArgumentException("scaling = " + scaling + ", loss = " + loss + ": both are required");
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learningRate = " + learningRate + ": must be > 0");
        }
        atLeast("batchSize", batchSize, 1);
        atLeast("maxEpochs", maxEpochs, 1);
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validationFraction = " + validationFraction + ": must be in (0, 1)");
        }
        atLeast("patience", patience, 1);
        atLeast("maxTrainingWindows", maxTrainingWindows, 1);
        atLeast("maxTrainingSeconds", maxTrainingSeconds, 0);
    }

    /** @return the seed papers' hyper-parameters (with the L1 loss and the default window cap) */
    public static LstmHyperParameters defaults() {
        return new LstmHyperParameters(DEFAULT_WINDOW, DEFAULT_LSTM_LAYERS, DEFAULT_UNITS, List.of(Input.VALUE),
                DEFAULT_INPUT_EWMA_ALPHA, Scaling.MINMAX, Loss.MAE, DEFAULT_LEARNING_RATE, DEFAULT_BATCH_SIZE,
                DEFAULT_MAX_EPOCHS, DEFAULT_VALIDATION_FRACTION, DEFAULT_PATIENCE, DEFAULT_MAX_TRAINING_WINDOWS,
                DEFAULT_MAX_TRAINING_SECONDS);
    }

    /** @return the most validation windows sampled: the training cap in the proportion of the validation share */
    public int maxValidationWindows() {
        return Math.max(1, (int) Math.round(maxTrainingWindows * validationFraction / (1 - validationFraction)));
    }

    public LstmHyperParameters withWindow(int value) {
        return new LstmHyperParameters(value, lstmLayers, units, inputs, inputEwmaAlpha, scaling, loss, learningRate,
                batchSize, maxEpochs, validationFraction, patience, maxTrainingWindows, maxTrainingSeconds);
    }

    public LstmHyperParameters withArchitecture(int layers, int unitsPerLayer) {
        return new LstmHyperParameters(window, layers, unitsPerLayer, inputs, inputEwmaAlpha, scaling, loss,
                learningRate, batchSize, maxEpochs, validationFraction, patience, maxTrainingWindows,
                maxTrainingSeconds);
    }

    public LstmHyperParameters withInputs(List<Input> value) {
        return new LstmHyperParameters(window, lstmLayers, units, value, inputEwmaAlpha, scaling, loss, learningRate,
                batchSize, maxEpochs, validationFraction, patience, maxTrainingWindows, maxTrainingSeconds);
    }

    public LstmHyperParameters withScaling(Scaling value) {
        return new LstmHyperParameters(window, lstmLayers, units, inputs, inputEwmaAlpha, value, loss, learningRate,
                batchSize, maxEpochs, validationFraction, patience, maxTrainingWindows, maxTrainingSeconds);
    }

    public LstmHyperParameters withLoss(Loss value) {
        return new LstmHyperParameters(window, lstmLayers, units, inputs, inputEwmaAlpha, scaling, value,
                learningRate, batchSize, maxEpochs, validationFraction, patience, maxTrainingWindows,
                maxTrainingSeconds);
    }

    public LstmHyperParameters withLearningRate(double value) {
        return new LstmHyperParameters(window, lstmLayers, units, inputs, inputEwmaAlpha, scaling, loss, value,
                batchSize, maxEpochs, validationFraction, patience, maxTrainingWindows, maxTrainingSeconds);
    }

    public LstmHyperParameters withBatchSize(int value) {
        return new LstmHyperParameters(window, lstmLayers, units, inputs, inputEwmaAlpha, scaling, loss,
                learningRate, value, maxEpochs, validationFraction, patience, maxTrainingWindows, maxTrainingSeconds);
    }

    public LstmHyperParameters withMaxEpochs(int value) {
        return new LstmHyperParameters(window, lstmLayers, units, inputs, inputEwmaAlpha, scaling, loss,
                learningRate, batchSize, value, validationFraction, patience, maxTrainingWindows, maxTrainingSeconds);
    }

    public LstmHyperParameters withPatience(int value) {
        return new LstmHyperParameters(window, lstmLayers, units, inputs, inputEwmaAlpha, scaling, loss,
                learningRate, batchSize, maxEpochs, validationFraction, value, maxTrainingWindows,
                maxTrainingSeconds);
    }

    public LstmHyperParameters withMaxTrainingWindows(int value) {
        return new LstmHyperParameters(window, lstmLayers, units, inputs, inputEwmaAlpha, scaling, loss,
                learningRate, batchSize, maxEpochs, validationFraction, patience, value, maxTrainingSeconds);
    }

    public LstmHyperParameters withMaxTrainingSeconds(int value) {
        return new LstmHyperParameters(window, lstmLayers, units, inputs, inputEwmaAlpha, scaling, loss,
                learningRate, batchSize, maxEpochs, validationFraction, patience, maxTrainingWindows, value);
    }

    private static void atLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " = " + value + ": must be >= " + min);
        }
    }
}
