/**
 * TAB completion for the {@code migration:*} commands: pools, installed strategies by kind, scenario suites,
 * running VMs and hosts that accept VMs. Private to the shell bundle.
 */
package io.ferry.shell.internal.completers;
