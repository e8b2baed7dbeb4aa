package io.ferry.datacenter;

import io.ferry.api.AgentContext;
import io.ferry.api.model.MigrationDecision;
import io.ferry.datacenter.internal.DatacenterEngine;
import java.util.List;
import java.util.Objects;

/**
 * One candidate's day, stepped from outside: {@link #observe()} gives the decision context at the current
 * processing time, {@link #act} executes decisions exactly as the engine's decide step does (validity, guard,
 * migrations) and runs to the next processing time, {@link #finish()} gives the day's result. A run of
 * {@link DatacenterSimulation#run} is this loop with the candidate's agent deciding, so an episode driven by the
 * same decisions gives the same figures. The candidate's agent, if any, is still told how its migrations ended
 * ({@code learn}); it is not asked to decide. Cost per step: the engine's interval, O(hosts + VMs), plus O(hosts)
 * for the per-host accounting. One thread; not reusable.
 */
public final class DatacenterEpisode {

    private final DatacenterEngine engine;

    DatacenterEpisode(DatacenterEngine engine) {
        this.engine = engine;
        engine.start();
    }

    /** @return whether the day is over (then only {@link #finish()} remains) */
    public boolean done() {
        return engine.done();
    }

    /** @return the current processing time, seconds from the day's start */
    public double nowSeconds() {
        return engine.now();
    }

    /** @return the number of the current processing time, 1 for the first */
    public int step() {
        return engine.step();
    }

    /**
     * @return the decision context at the current processing time; the same instance until {@link #act}
     * @throws IllegalStateException when the day is over
     */
    public AgentContext observe() {
        return engine.observe();
    }

    /**
     * @param decisions what to migrate now (invalid or refused ones are counted as refused, as in a run)
     * @return the interval that followed and its per-host accounting
     * @throws IllegalStateException when the day is over
     */
    public StepReport act(List<MigrationDecision> decisions) {
        return engine.act(Objects.requireNonNull(decisions, "decisions"));
    }

    /**
     * @return the day's metrics
     * @throws IllegalStateException before the day is over, or when called twice
     */
    public DatacenterResult finish() {
        return engine.finish();
    }

    /** @return the last exception the candidate's agent threw while learning, or "" */
    public String lastAgentFailure() {
        return engine.lastAgentFailure();
    }
}
