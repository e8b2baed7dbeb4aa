/**
 * The data-centre engine: a whole data centre over a day of real load, one agent at a time, judged by the
 * consolidation literature's metrics. {@link io.ferry.datacenter.DatacenterSimulation} runs a
 * {@link io.ferry.datacenter.DatacenterSetup} over a {@link io.ferry.datacenter.DatacenterWorkload} for one
 * {@link io.ferry.datacenter.Candidate} and returns a {@link io.ferry.datacenter.DatacenterResult}; a
 * {@link io.ferry.datacenter.MigrationModel} says what each migration costs.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package io.ferry.datacenter;
