package io.ferry.api.model;

/**
 * Which trained model a learned predictor forecasts with: what the audit log records beside every decision a
 * forecast informed, so that a decision can be traced to the exact weights that made it.
 *
 * @param name        the model's name, e.g. {@code lstm-cpu}, never blank
 * @param version     the model's version, e.g. the training date or a release, never blank
 * @param fingerprint a digest of what determines the model's answers (weights, scaling, window), never blank;
 *                    two models with the same fingerprint forecast the same numbers
 */
public record ModelInfo(String name, String version, String fingerprint) {

    public ModelInfo {
        Require.nonBlank(name, "model name");
        Require.nonBlank(version, "model version");
        Require.nonBlank(fingerprint, "model fingerprint");
    }

    @Override
    public String toString() {
        return name + " " + version + " (" + fingerprint + ")";
    }
}
