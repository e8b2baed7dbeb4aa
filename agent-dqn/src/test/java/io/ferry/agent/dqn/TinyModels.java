package io.ferry.agent.dqn;

import java.util.List;
import java.util.SplittableRandom;

/** Small models for tests: random weights in plain Java (no DL4J), of this agent's input and output widths. */
public final class TinyModels {

    private TinyModels() {
    }

    /** @return a network of the given widths with weights uniform in ±sqrt(6 / (in + out)), biases in ±bias */
    public static QNetwork random(long seed, double bias, int... sizes) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] w = new double[sizes.length - 1][];
        double[][] b = new double[sizes.length - 1][];
        for (int l = 0; l < w.length; l++) {
            double scale = Math.sqrt(6.0 / (sizes[l] + sizes[l + 1]));
            w[l] = new double[sizes[l] * sizes[l + 1]];
            for (int i = 0; i < w[l].length; i++) {
                w[l][i] = (r.nextDouble() * 2 - 1) * scale;
            }
            b[l] = new double[sizes[l + 1]];
            for (int i = 0; i < b[l].length; i++) {
                b[l][i] = (r.nextDouble() * 2 - 1) * bias;
            }
        }
        return new QNetwork(sizes, w, b);
    }

    /** @return a 16 -> 8 -> 8 -> 4 model of random weights */
    public static DqnModel model(long seed) {
        QNetwork net = random(seed, 0.1, HostFeatures.COUNT, 8, 8, HostAction.COUNT);
        return new DqnModel(net, Provenance.builder().name("tiny").hidden(List.of(8, 8)).seed(seed)
                .createdAt("2026-12-03T00:00:00Z").build());
    }

    /** @return a model whose outputs are all {@code value} (zero weights, constant biases) */
    public static DqnModel constant(double value) {
        int[] sizes = {HostFeatures.COUNT, 4, HostAction.COUNT};
        double[][] w = {new double[HostFeatures.COUNT * 4], new double[4 * HostAction.COUNT]};
        double[] out = new double[HostAction.COUNT];
        java.util.Arrays.fill(out, value);
        return new DqnModel(new QNetwork(sizes, w, new double[][] {new double[4], out}),
                Provenance.builder().name("constant").hidden(List.of(4)).createdAt("2026-12-03T00:00:00Z").build());
    }

    /** @return a model that always prefers {@code action}, by a margin of 1 */
    public static DqnModel preferring(HostAction action) {
        int[] sizes = {HostFeatures.COUNT, 4, HostAction.COUNT};
        double[][] w = {new double[HostFeatures.COUNT * 4], new double[4 * HostAction.COUNT]};
        double[] out = new double[HostAction.COUNT];
        out[action.ordinal()] = 1;
        return new DqnModel(new QNetwork(sizes, w, new double[][] {new double[4], out}),
                Provenance.builder().name(action.name().toLowerCase()).hidden(List.of(4))
                        .createdAt("2026-12-03T00:00:00Z").build());
    }
}
