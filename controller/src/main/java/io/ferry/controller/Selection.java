package io.ferry.controller;

import java.util.Optional;

/**
 * What a pool runs with.
 *
 * @param policy    the active policy's name
 * @param agent     the active agent's name
 * @param predictor the active predictor's name, if any
 * @param dryRun    whether decisions are only recorded
 */
public record Selection(String policy, String agent, Optional<String> predictor, boolean dryRun) {
}
