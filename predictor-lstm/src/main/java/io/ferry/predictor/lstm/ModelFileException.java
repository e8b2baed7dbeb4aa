package io.ferry.predictor.lstm;

/**
 * A model file that cannot be used: missing, truncated or corrupt, or for another metric. The message is one line
 * naming the file (or the model) and what is wrong with it.
 */
public final class ModelFileException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private ModelFileException(String message, Throwable cause) {
        super(message, cause);
    }

    static ModelFileException missing(String source) {
        return new ModelFileException("model file " + source + ": no such file", null);
    }

    static ModelFileException corrupt(String source, String what, Throwable cause) {
        return new ModelFileException("model file " + source + ": truncated or corrupt (" + what + ")", cause);
    }

    static ModelFileException otherMetric(String model, Object has, Object wanted) {
        return new ModelFileException("model " + model + " forecasts " + has + ", not " + wanted, null);
    }
}
