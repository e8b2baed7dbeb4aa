/** The threshold agent: private to its bundle. */
package io.ferry.agent.threshold.internal;
