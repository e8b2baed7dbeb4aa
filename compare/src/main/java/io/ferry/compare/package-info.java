/**
 * Side-by-side comparison of migration policies: named scenario suites, scenario files, the runner and the
 * reports (table, JSON, CSV, HTML). Used by {@code ./ferry compare} and by the Karaf shell.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package io.ferry.compare;
