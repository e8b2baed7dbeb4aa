/**
 * Side-by-side comparison of migration policies: named scenario suites, scenario files, the runner and the
 * reports (table, JSON, CSV, HTML); and of agents on a data centre: {@link io.ferry.compare.DatacenterRunner}, its
 * reports ({@link io.ferry.compare.DatacenterReports}) and a pool's recording as a data-centre day
 * ({@link io.ferry.compare.RecordingDatacenter}); and the reports of a forecast evaluation
 * ({@link io.ferry.compare.ForecastReports}). Used by {@code ./ferry compare}, {@code ./ferry datacenter},
 * {@code ./ferry forecast} and by the Karaf shell.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.5.0")
package io.ferry.compare;
