package io.ferry.cli;

import io.ferry.api.MigrationPolicy;
import io.ferry.datacenter.Candidate;
import io.ferry.datacenter.CloudSimMigrationModel;
import io.ferry.datacenter.DatacenterResult;
import io.ferry.datacenter.DatacenterSetup;
import io.ferry.datacenter.DatacenterSimulation;
import io.ferry.datacenter.DatacenterWorkload;
import io.ferry.datacenter.DatacenterWorkloads;
import io.ferry.datacenter.MigrationModel;
import io.ferry.datacenter.PageLevelMigrationModel;
import java.nio.file.Path;
import java.util.function.IntConsumer;

/**
 * What {@code ferry datacenter} needs of the data-centre engine, in one seam so that the command's own logic
 * (options, candidates, parallel runs, reports) is tested against a fake day in milliseconds. {@link #STANDARD}
 * is the {@code datacenter} module itself.
 */
interface DatacenterEngine {

    /**
     * @param dir a directory of trace files, one per VM
     * @return the day's load
     * @throws IllegalArgumentException with one line (the file and line of a malformed trace) on bad input
     */
    DatacenterWorkload planetLab(Path dir);

    /** @return a CloudSim 3.0.3 migration model (RAM / bandwidth, 10 % CPU lost meanwhile) for one candidate */
    MigrationModel cloudSim();

    /**
     * @param policy the migration policy every migration runs
     * @param seed   the run's seed, mixed into every engine run's
     * @return a new page-level migration model, thread-safe: the candidates share it and its cache
     */
    MigrationModel pageLevel(MigrationPolicy policy, long seed);

    /** @see DatacenterSimulation#run */
    DatacenterResult run(DatacenterSetup setup, DatacenterWorkload workload, Candidate candidate,
            IntConsumer progress);

    /** The data-centre module's engine. */
    DatacenterEngine STANDARD = new DatacenterEngine() {
        @Override
        public DatacenterWorkload planetLab(Path dir) {
            return DatacenterWorkloads.planetLab(dir);
        }

        @Override
        public MigrationModel cloudSim() {
            return CloudSimMigrationModel.INSTANCE;
        }

        @Override
        public MigrationModel pageLevel(MigrationPolicy policy, long seed) {
            return new PageLevelMigrationModel(policy, PageLevelMigrationModel.Settings.DEFAULTS.withSeed(seed));
        }

        @Override
        public DatacenterResult run(DatacenterSetup setup, DatacenterWorkload workload, Candidate candidate,
                IntConsumer progress) {
            return DatacenterSimulation.run(setup, workload, candidate, progress);
        }
    };
}
