/** The LSTM predictor's DS component: loads the configured models and registers them. Private to the bundle. */
package io.ferry.predictor.lstm.internal.service;
