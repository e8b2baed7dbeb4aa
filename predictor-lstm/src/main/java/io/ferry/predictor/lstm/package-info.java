/**
 * An LSTM forecaster of one metric series (CPU utilisation, the dirty-page rate), after the seed papers: two LSTM
 * layers of 64 units and a dense output over a window of 20 MinMax-scaled samples, trained with Adam.
 *
 * <p>Training is separate from inference, as in Tribuo: {@link io.ferry.predictor.lstm.LstmTrainer} trains with
 * Deeplearning4j and returns an immutable {@link io.ferry.predictor.lstm.LstmModel} with its
 * {@link io.ferry.predictor.lstm.Provenance}; the model forecasts with a plain-Java forward pass over the trained
 * weights (≈0.3 ms instead of DL4J's ≈9 ms per sample), so that loading a model file and forecasting need no DL4J.
 * DL4J is touched only by the trainer and by {@link io.ferry.predictor.lstm.LstmModel#toDl4j()}.
 * {@link io.ferry.predictor.lstm.LstmPredictor} is the {@link io.ferry.api.Predictor} over a model;
 * {@link io.ferry.predictor.lstm.ShippedModels} holds the models inside the jar.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.ferry.predictor.lstm;
