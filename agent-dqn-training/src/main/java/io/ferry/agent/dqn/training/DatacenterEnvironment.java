package io.ferry.agent.dqn.training;

import io.ferry.agent.dqn.DqnAgent;
import io.ferry.agent.dqn.RewardWeights;
import io.ferry.agent.dqn.rl.Environment;
import io.ferry.agent.dqn.rl.Step;
import io.ferry.api.AgentContext;
import io.ferry.datacenter.Candidate;
import io.ferry.datacenter.Candidates;
import io.ferry.datacenter.CloudSimMigrationModel;
import io.ferry.datacenter.DatacenterEpisode;
import io.ferry.datacenter.DatacenterResult;
import io.ferry.datacenter.DatacenterSetup;
import io.ferry.datacenter.DatacenterSimulation;
import io.ferry.datacenter.DatacenterWorkload;
import io.ferry.datacenter.HostType;
import io.ferry.datacenter.Placement;
import io.ferry.datacenter.PowerAccounting;
import io.ferry.datacenter.StepReport;
import io.ferry.engine.SeededHash;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The data-centre engine behind {@link Environment}: {@link #reset} starts a {@link DatacenterEpisode} on a window
 * of one training day, set up as {@code ./ferry datacenter} sets it up under {@code cloudsim} (CloudSim's 800 hosts
 * and VM types, 300 s intervals, PABFD placement at {@value Candidates#FALLBACK_PLACEMENT_THRESHOLD}, CloudSim's
 * accounting; the agent's {@code checkMemory=false} is the trainer's business); {@link #step} executes one
 * interval's decided cycle and rewards each deciding host by {@link HostRewards}. The observation is the next
 * decision context (absent once the episode is over) with the rewards of the cycle just executed.
 *
 * <p>Cost: per step the engine's interval, O(hosts + VMs), and the rewards, O(hosts + decisions); per reset the
 * engine's set-up, O(hosts + VMs × samples). One thread; one episode at a time.
 */
public final class DatacenterEnvironment implements Environment<DatacenterEnvironment.Observation, DqnAgent.Cycle> {

    /** CloudSim's data centre size. */
    public static final int HOSTS = 800;
    /** The seed stream of the reset's choices. */
    static final long RESET_STREAM = 0x72657365L;

    /**
     * What the trainer sees after a reset or a step.
     *
     * @param context     the decision context of the next interval; empty when the episode is over
     * @param rewards     the rewards of the cycle just executed, one per {@code cycle.steps()} entry; empty after a
     *                    reset
     * @param report      the interval just executed; empty after a reset
     */
    public record Observation(Optional<AgentContext> context, double[] rewards, Optional<StepReport> report) {

        public Observation {
            rewards = rewards.clone();
        }

        @Override
        public double[] rewards() {
            return rewards.clone();
        }
    }

    private final List<TrainingDay> days;
    private final RewardWeights weights;
    private final int windowSamples;
    private final double maxPowerWatts;
    private DatacenterEpisode episode;
    private String label = "";

    /**
     * @param days          the training days, at least one
     * @param weights       the reward weights
     * @param windowSeconds the length of an episode's window, a multiple of 300 s up to a day (86 400: whole days)
     */
    public DatacenterEnvironment(List<TrainingDay> days, RewardWeights weights, int windowSeconds) {
        if (days.isEmpty()) {
            throw new IllegalArgumentException("no training day");
        }
        if (windowSeconds < 600 || windowSeconds % 300 != 0 || windowSeconds > 86_400) {
            throw new IllegalArgumentException("window = " + windowSeconds
                    + " s: must be a multiple of 300 s in [600, 86400]");
        }
        this.days = List.copyOf(days);
        this.weights = Objects.requireNonNull(weights, "weights");
        this.windowSamples = windowSeconds / 300;
        double max = 0;
        for (HostType t : setup(0).hostTypes()) {
            max = Math.max(max, t.power().maxWatts());
        }
        this.maxPowerWatts = max;
    }

    /**
     * @param seed the run's seed (migration seeds; CloudSim's migration model draws none)
     * @return the set-up of training and validation runs: CloudSim's, 800 hosts, migration model {@code cloudsim}
     */
    public static DatacenterSetup setup(long seed) {
        return DatacenterSetup.cloudSim(HOSTS, CloudSimMigrationModel.INSTANCE, seed);
    }

    /**
     * @param label the candidate's label
     * @param agent the agent, when the engine is to ask it (validation runs); empty for stepped training
     * @return the candidate as {@code Candidates} makes an agent's under CloudSim: by utilisation, PABFD 0.7
     */
    public static Candidate candidate(String label, Optional<io.ferry.api.MigrationAgent> agent) {
        return new Candidate(label, agent, PowerAccounting.BY_UTILISATION,
                Placement.pabfd(Candidates.FALLBACK_PLACEMENT_THRESHOLD));
    }

    /** @return the largest host maximum power of the set-up, W: the energy term's unit */
    public double maxPowerWatts() {
        return maxPowerWatts;
    }

    /** @return the training days */
    public List<TrainingDay> days() {
        return days;
    }

    /** A day chosen by the seed, then {@link #reset(int, long)}. */
    @Override
    public Observation reset(long seed) {
        return reset((int) Math.floorMod(SeededHash.hash(seed, RESET_STREAM, 0, 0), (long) days.size()), seed);
    }

    /**
     * Starts an episode on day {@code day}, over a window that starts at a sample drawn from the seed (the whole day
     * when the window is a day).
     *
     * @param day  the index into {@link #days()}
     * @param seed the window's seed and the run's
     * @return the first observation
     */
    public Observation reset(int day, long seed) {
        TrainingDay d = days.get(day);
        DatacenterWorkload w = d.workload();
        int span = Math.min(windowSamples, w.samples());
        int from = (int) Math.floorMod(SeededHash.hash(seed, RESET_STREAM, 1, day), (long) (w.samples() - span + 1));
        DatacenterWorkload window = span == w.samples() ? w : new WindowedWorkload(w, from, span);
        DatacenterSetup setup = setup(seed).withLengthSeconds(span * 300.0);
        label = String.format(java.util.Locale.ROOT, "%s@%.2fh", d.name(), from * 300 / 3600.0);
        episode = DatacenterSimulation.start(setup, window, candidate("dqn-training", Optional.empty()));
        return new Observation(episode.done() ? Optional.empty() : Optional.of(episode.observe()), new double[0],
                Optional.empty());
    }

    /** @return the running episode's day and window start, e.g. {@code 20110303@6.25h} */
    public String label() {
        return label;
    }

    /**
     * @param cycle what the agent decided on the last observation's context
     * @return the next context, the hosts' rewards and their sum
     */
    @Override
    public Step<Observation> step(DqnAgent.Cycle cycle) {
        if (episode == null || episode.done()) {
            throw new IllegalStateException("no episode is running: reset first");
        }
        StepReport report = episode.act(cycle.decisions());
        double budget = setup(0).migrationModel().downtimeBudget().map(Duration::toNanos).orElse(0L) / 1e9;
        double[] rewards = HostRewards.of(cycle, report, weights, maxPowerWatts, budget);
        double sum = 0;
        for (double r : rewards) {
            sum += r;
        }
        boolean done = episode.done();
        Observation next = new Observation(done ? Optional.empty() : Optional.of(episode.observe()), rewards,
                Optional.of(report));
        return new Step<>(next, sum, done);
    }

    /** @return the finished episode's day metrics; call once the last step said done */
    public DatacenterResult finish() {
        return episode.finish();
    }
}
