package io.ferry.itests;

import io.ferry.agent.dqn.DqnModel;
import io.ferry.agent.dqn.HostAction;
import io.ferry.agent.dqn.HostFeatures;
import io.ferry.agent.dqn.Provenance;
import io.ferry.agent.dqn.QNetwork;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a DQN model file that does not fit the agent: fewer features than it builds. A class of its own so that
 * the test's probe loads agent-dqn's classes only when a test calls it (see {@link DqnAgentIT}).
 */
final class WrongShapeModel {

    private WrongShapeModel() {
    }

    /**
     * @return a new file holding a {@code features} -> 4 -> 4 model (zero weights) with its provenance and an empty
     *         DL4J entry
     */
    static Path write(int features) throws IOException {
        int[] sizes = {features, 4, HostAction.COUNT};
        QNetwork net = new QNetwork(sizes, new double[][] {new double[features * 4], new double[4 * HostAction.COUNT]},
                new double[][] {new double[4], new double[HostAction.COUNT]});
        List<String> names = HostFeatures.NAMES.subList(0, features);
        // its DL4J entry left empty: loading refuses the file on the feature count before anything reads that
        // entry, and writing it starts no ND4J (whose natives would take seconds to unpack in the container)
        DqnModel model = new DqnModel(net, Provenance.builder().name("narrow").features(names).hidden(List.of(4))
                .build(), new byte[0]);
        Path file = Files.createTempDirectory("ferry-dqn-it").resolve("dqn-" + features + "-features.zip");
        model.save(file);
        return file;
    }
}
