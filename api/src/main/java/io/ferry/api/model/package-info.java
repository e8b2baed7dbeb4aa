/**
 * Immutable value types exchanged through Ferry's SPI: identities, cluster state, metric windows and
 * forecasts, migration requests, plans, round-by-round steering decisions and outcomes.
 *
 * <p>Every type validates its invariants when it is built and fails with an
 * {@link java.lang.IllegalArgumentException} whose message names the parameter, the value and what is
 * accepted, so that a malformed request never reaches a hypervisor.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.5.0")
package io.ferry.api.model;
