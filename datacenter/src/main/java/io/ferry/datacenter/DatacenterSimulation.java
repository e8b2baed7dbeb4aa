package io.ferry.datacenter;

import io.ferry.datacenter.internal.DatacenterEngine;
import java.util.Objects;
import java.util.function.IntConsumer;

/**
 * Runs one candidate over one day, stepped as CloudSim 3.0.3 steps its power-aware data centre (the engine's
 * javadoc says exactly how), so that energy, migrations, SLATAH and PDM compare with the literature.
 * Deterministic: the same set-up, workload and candidate (with a deterministic agent) give the same result.
 * Cost: O((hosts + VMs) × intervals) plus the agent's own work; a PlanetLab day (800 hosts, 1052 VMs) takes well
 * under a second without an agent.
 */
public final class DatacenterSimulation {

    private DatacenterSimulation() {
    }

    /**
     * @param setup     the data centre
     * @param workload  the day's load
     * @param candidate the agent (or reference) under test
     * @param progress  told the number of intervals done after each
     * @return the day's metrics
     * @throws IllegalArgumentException when the hosts cannot hold the workload's VMs at the start of the day
     */
    public static DatacenterResult run(DatacenterSetup setup, DatacenterWorkload workload, Candidate candidate,
            IntConsumer progress) {
        Objects.requireNonNull(setup, "setup");
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(candidate, "candidate");
        Objects.requireNonNull(progress, "progress");
        return new DatacenterEngine(setup, workload, candidate, progress, false).run();
    }

    /**
     * Starts a stepped run: the VMs are placed and the episode stands at the first decision time.
     *
     * @param setup     the data centre
     * @param workload  the day's load
     * @param candidate the label, accounting and placement; its agent, if any, is told how migrations ended
     *                  but never asked to decide (the caller decides through {@link DatacenterEpisode#act})
     * @return the episode
     * @throws IllegalArgumentException when the hosts cannot hold the workload's VMs at the start of the day
     */
    public static DatacenterEpisode start(DatacenterSetup setup, DatacenterWorkload workload, Candidate candidate) {
        Objects.requireNonNull(setup, "setup");
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(candidate, "candidate");
        return new DatacenterEpisode(new DatacenterEngine(setup, workload, candidate, k -> { }, false));
    }
}
