/**
 * Side-by-side comparison of migration policies: named scenario suites, scenario files, the runner and the
 * reports (table, JSON, CSV, HTML); the data-centre comparison's reports ({@link io.ferry.compare.DatacenterReports}). Used by {@code ./ferry compare} and by the Karaf shell.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.3.0")
package io.ferry.compare;
