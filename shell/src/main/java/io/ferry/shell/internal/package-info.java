/**
 * The Karaf shell commands of scope {@code migration}, one {@code Action} per verb on top of
 * {@link io.ferry.shell.internal.MigrationCommandSupport}. Private to the shell bundle: Karaf finds the
 * commands through the bundle's {@code Karaf-Commands} header.
 */
package io.ferry.shell.internal;
