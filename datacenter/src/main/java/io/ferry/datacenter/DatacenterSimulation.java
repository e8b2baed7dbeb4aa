package io.ferry.datacenter;

import java.util.function.IntConsumer;

/** Runs one candidate over one day. */
public final class DatacenterSimulation {

    private DatacenterSimulation() {
    }

    /**
     * @param setup     the data centre
     * @param workload  the day's load
     * @param candidate the agent (or reference) under test
     * @param progress  told the number of intervals done after each
     * @return the day's metrics
     */
    public static DatacenterResult run(DatacenterSetup setup, DatacenterWorkload workload, Candidate candidate,
            IntConsumer progress) {
        throw new UnsupportedOperationException("the data-centre engine is being built (issue 9)");
    }
}
