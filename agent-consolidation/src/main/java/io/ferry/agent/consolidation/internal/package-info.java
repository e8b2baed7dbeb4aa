/**
 * The consolidation agents: overload detectors, VM selectors, placement and underload consolidation, composed by
 * {@link io.ferry.agent.consolidation.internal.ConsolidationAgent}. Private to its bundle.
 */
package io.ferry.agent.consolidation.internal;
