package io.ferry.agent.dqn.rl;

import io.ferry.agent.dqn.Dl4jQNetworks;
import io.ferry.agent.dqn.QNetwork;
import java.util.List;
import java.util.Objects;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Deep Q-learning (Mnih et al., Nature 518, 2015) with the Double DQN target (van Hasselt et al., AAAI 2016) on a
 * DL4J network: an online network trained by Adam on mean squared error, and a target network copied from it every
 * {@link Config#targetSync()} updates. For a batch of transitions (s, a, r, s'), the target is
 * {@code y = r} when s' is terminal, else {@code y = r + γ · Q_target(s', argmax_a' Q_online(s', a'))} (Double DQN)
 * or {@code y = r + γ · max_a' Q_target(s', a')} (plain DQN); the labels are the online network's current outputs
 * with the taken action's entry replaced by y, so only that output gets a gradient. {@link #update} returns the
 * batch's mean squared TD error before the step.
 *
 * <p>Cost per update: three forward passes of the batch and one backward pass, O(batch × parameters); for a 16-64-64-4
 * network and a batch of 64 about a millisecond on one core. Deterministic for a seed and the same batches when
 * ND4J runs on one thread ({@code OMP_NUM_THREADS=1}). Not thread-safe.
 */
public final class DqnLearner {

    /**
     * The learner's hyper-parameters.
     *
     * @param hidden       hidden layer widths, default {@code [64, 64]}
     * @param gamma        the discount, in [0, 1), default {@value #DEFAULT_GAMMA}
     * @param learningRate Adam's learning rate, default {@value #DEFAULT_LEARNING_RATE}
     * @param targetSync   updates between target-network copies, &gt;= 1, default {@value #DEFAULT_TARGET_SYNC}
     * @param doubleDqn    Double DQN's target (default) or plain DQN's
     * @param seed         the initial weights' seed
     */
    public record Config(int[] hidden, double gamma, double learningRate, int targetSync, boolean doubleDqn,
            long seed) {

        /** The discount by default: a horizon of about ten intervals (50 minutes at 300 s). */
        public static final double DEFAULT_GAMMA = 0.9;
        /** Adam's learning rate by default. */
        public static final double DEFAULT_LEARNING_RATE = 5e-4;
        /** Updates between target copies by default. */
        public static final int DEFAULT_TARGET_SYNC = 250;

        public Config {
            hidden = hidden.clone();
            if (!(gamma >= 0 && gamma < 1)) {
                throw new IllegalArgumentException("gamma = " + gamma + ": must be in [0, 1)");
            }
            if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
                throw new IllegalArgumentException("learningRate = " + learningRate + ": must be > 0 and finite");
            }
            if (targetSync < 1) {
                throw new IllegalArgumentException("targetSync = " + targetSync + ": must be >= 1");
            }
        }

        @Override
        public int[] hidden() {
            return hidden.clone();
        }

        /** @param seed the initial weights' seed @return the defaults with that seed */
        public static Config defaults(long seed) {
            return new Config(new int[] {64, 64}, DEFAULT_GAMMA, DEFAULT_LEARNING_RATE, DEFAULT_TARGET_SYNC, true,
                    seed);
        }
    }

    private final Config config;
    private final int inputs;
    private final int outputs;
    private final MultiLayerNetwork online;
    private final MultiLayerNetwork target;
    private long updates;

    /**
     * @param inputs  features per state
     * @param outputs actions
     * @param config  the hyper-parameters
     */
    public DqnLearner(int inputs, int outputs, Config config) {
        this.config = Objects.requireNonNull(config, "config");
        this.inputs = inputs;
        this.outputs = outputs;
        this.online = Dl4jQNetworks.build(inputs, config.hidden(), outputs, config.seed(), config.learningRate());
        this.target = online.clone();
    }

    /**
     * A learner that starts from trained weights (online fine-tuning): the online network is a DL4J copy of
     * {@code start} with a fresh Adam state, the target network a copy of that; {@code start} itself is never
     * changed. {@link Config#seed()} only seeds DL4J's configuration (the weights are copied).
     *
     * @param start  the weights to start from
     * @param config the hyper-parameters; its hidden widths must be those of {@code start}
     * @throws IllegalArgumentException when the hidden widths differ
     */
    public DqnLearner(QNetwork start, Config config) {
        this.config = Objects.requireNonNull(config, "config");
        int[] sizes = start.sizes();
        int[] hidden = java.util.Arrays.copyOfRange(sizes, 1, sizes.length - 1);
        if (!java.util.Arrays.equals(hidden, config.hidden())) {
            throw new IllegalArgumentException("the network's hidden layers are " + java.util.Arrays.toString(hidden)
                    + ", the configuration's " + java.util.Arrays.toString(config.hidden()));
        }
        this.inputs = sizes[0];
        this.outputs = sizes[sizes.length - 1];
        this.online = Dl4jQNetworks.toDl4j(start, config.seed(), config.learningRate());
        this.target = online.clone();
    }

    /** @return the hyper-parameters */
    public Config config() {
        return config;
    }

    /** @return how many updates ran */
    public long updates() {
        return updates;
    }

    /**
     * One gradient step of the online network on the batch; every {@link Config#targetSync()} updates the target
     * network becomes a copy of it.
     *
     * @param batch transitions with states of the learner's input width and actions below its output count
     * @return the batch's mean squared TD error before the step; 0 for an empty batch (nothing done)
     */
    public double update(List<Transition> batch) {
        int n = batch.size();
        if (n == 0) {
            return 0;
        }
        double[][] s = new double[n][];
        double[][] next = new double[n][];
        for (int i = 0; i < n; i++) {
            Transition t = batch.get(i);
            if (t.action() >= outputs) {
                throw new IllegalArgumentException("action " + t.action() + ": the network has " + outputs);
            }
            s[i] = t.state();
            if (s[i].length != inputs) {
                throw new IllegalArgumentException("state has " + s[i].length + " features, the network reads " + inputs);
            }
            next[i] = t.terminal() ? new double[inputs] : t.next();
        }
        INDArray in = Nd4j.create(s).castTo(DataType.FLOAT);
        INDArray nextIn = Nd4j.create(next).castTo(DataType.FLOAT);
        double[][] q = online.output(in, false).castTo(DataType.DOUBLE).toDoubleMatrix();
        double[][] nextTarget = target.output(nextIn, false).castTo(DataType.DOUBLE).toDoubleMatrix();
        double[][] nextOnline = config.doubleDqn()
                ? online.output(nextIn, false).castTo(DataType.DOUBLE).toDoubleMatrix() : null;
        double squared = 0;
        for (int i = 0; i < n; i++) {
            Transition t = batch.get(i);
            double y = t.reward();
            if (!t.terminal()) {
                double bootstrap;
                if (config.doubleDqn()) {
                    bootstrap = nextTarget[i][argmax(nextOnline[i])];
                } else {
                    bootstrap = nextTarget[i][argmax(nextTarget[i])];
                }
                y += config.gamma() * bootstrap;
            }
            double error = q[i][t.action()] - y;
            squared += error * error;
            q[i][t.action()] = y;
        }
        online.fit(in, Nd4j.create(q).castTo(DataType.FLOAT));
        updates++;
        if (updates % config.targetSync() == 0) {
            target.setParams(online.params().dup());
        }
        return squared / n;
    }

    private static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    /** @return the online network's weights as a plain-Java network (a copy: later updates do not change it) */
    public QNetwork snapshot() {
        return Dl4jQNetworks.fromDl4j(online);
    }

    /** @return the online network's values of one state, by DL4J */
    public double[] q(double[] features) {
        return Dl4jQNetworks.output(online, new double[][] {features})[0];
    }

    /** @return the target network's values of one state, by DL4J (for tests of the synchronisation) */
    double[] targetQ(double[] features) {
        return Dl4jQNetworks.output(target, new double[][] {features})[0];
    }

    /** @return the DL4J online network (for the model file); the learner keeps training it */
    public MultiLayerNetwork online() {
        return online;
    }
}
