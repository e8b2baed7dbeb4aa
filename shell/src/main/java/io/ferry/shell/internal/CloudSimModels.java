package io.ferry.shell.internal;

import io.ferry.datacenter.MigrationModel;

/** The CloudSim migration model of the data-centre engine, one per candidate (models are single-threaded). */
final class CloudSimModels {

    private CloudSimModels() {
    }

    static MigrationModel create() {
        throw new UnsupportedOperationException("the data-centre engine's CloudSim model is not merged yet");
    }
}
