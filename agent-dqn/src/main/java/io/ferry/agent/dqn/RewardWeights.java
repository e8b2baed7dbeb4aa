package io.ferry.agent.dqn;

/**
 * How the DQN's reward weighs the data-centre costs of one interval; the reward is minus their weighted sum. Each
 * term is normalised so that a weight of 1 means "as bad as one host running at full power for one interval":
 *
 * @param energy    per host-interval at maximum power (the interval's energy divided by the largest host's maximum
 *                  power × the interval), default {@value #DEFAULT_ENERGY}
 * @param slatah    per host-interval of SLA violation (an active host at 100 % CPU for the interval), default
 *                  {@value #DEFAULT_SLATAH}: ten times the energy, as the literature's ESV puts SLA first
 * @param pdm       per VM-interval of CPU lost to migration (a migrating VM loses about 10 % of its CPU for the
 *                  migration's duration, Beloglazov and Buyya's PDM), default {@value #DEFAULT_PDM}
 * @param downtime  per SLA downtime budget of pause over the budget, page-level migrations only (the CloudSim cost
 *                  model has no downtime), default {@value #DEFAULT_DOWNTIME}
 * @param migration per migration started, default {@value #DEFAULT_MIGRATION}: a toll against needless moves of
 *                  the order of a host's energy for one interval (ESV multiplies SLATAH and PDM, and under CloudSim's
 *                  accounting every migration adds to both); the shipped model was trained with it
 */
public record RewardWeights(double energy, double slatah, double pdm, double downtime, double migration) {

    public static final double DEFAULT_ENERGY = 1.0;
    public static final double DEFAULT_SLATAH = 10.0;
    public static final double DEFAULT_PDM = 10.0;
    public static final double DEFAULT_DOWNTIME = 1.0;
    public static final double DEFAULT_MIGRATION = 1.0;

    /** The documented defaults. */
    public static final RewardWeights DEFAULTS = new RewardWeights(DEFAULT_ENERGY, DEFAULT_SLATAH, DEFAULT_PDM,
            DEFAULT_DOWNTIME, DEFAULT_MIGRATION);

    /** @throws IllegalArgumentException "NAME = X: must be finite and >= 0" for any weight that is not */
    public RewardWeights {
        check("energy", energy);
        check("slatah", slatah);
        check("pdm", pdm);
        check("downtime", downtime);
        check("migration", migration);
    }

    private static void check(String name, double v) {
        if (!Double.isFinite(v) || v < 0) {
            throw new IllegalArgumentException(name + " = " + v + ": must be finite and >= 0");
        }
    }
}
