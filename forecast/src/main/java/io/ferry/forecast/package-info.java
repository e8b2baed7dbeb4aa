/**
 * Metric series read from disk for training and judging predictors: {@link io.ferry.forecast.SeriesReaders}
 * reads a PlanetLab day (one VM per file, a CPU percentage per line, 300 s apart) or a directory of dirty-rate
 * recordings (the CSV format of {@code data/dirty-rates/}) into immutable {@link io.ferry.forecast.Series}, and
 * fingerprints what it read so that a model's provenance names its exact data; {@link io.ferry.forecast.ForecastEvaluation}
 * judges predictors side by side on such series (the compare bundle's
 * {@code io.ferry.compare.ForecastReports} writes the results).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.0.0")
package io.ferry.forecast;
