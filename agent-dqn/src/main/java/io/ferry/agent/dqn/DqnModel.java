package io.ferry.agent.dqn;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ferry.api.model.ModelInfo;
import io.ferry.policy.support.ModelArchive;
import io.ferry.policy.support.ModelArchiveException;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A trained DQN: its {@link QNetwork} and its {@link Provenance}. Immutable and thread-safe.
 *
 * <p>The model file is one zip: {@value #WEIGHTS_ENTRY} (the layer sizes and weights in a small binary form that
 * loading reads without DL4J, and that the fingerprint is taken over), {@value #PROVENANCE_ENTRY} (JSON) and
 * {@value #NETWORK_ENTRY} (DL4J's {@code ModelSerializer} form of the same network, for further training). Loading
 * checks the file against this agent: as many inputs as {@link HostFeatures#COUNT} with the same names, as many
 * outputs as {@link HostAction#COUNT} with the same names; otherwise a {@link ModelFileException} with one line.
 * Cost: a few milliseconds to read a 64×64 model; writing one without DL4J bytes builds the DL4J network (≈1 s the
 * first time ND4J loads).
 */
public final class DqnModel {

    static final String WEIGHTS_ENTRY = "weights.bin";
    static final String PROVENANCE_ENTRY = "provenance.json";
    static final String NETWORK_ENTRY = "network-dl4j.zip";
    private static final int MAGIC = 0x46514e31; // "FQN1"
    private static final int MAX_ENTRY_BYTES = ModelArchive.MAX_ENTRY_BYTES;

    private final QNetwork network;
    private final Provenance provenance;
    private final byte[] dl4j;
    private final String fingerprint;

    /**
     * @param network    the network
     * @param provenance where it came from; its feature and action names must match the network's widths
     */
    public DqnModel(QNetwork network, Provenance provenance) {
        this(network, provenance, null);
    }

    /**
     * @param network    the network
     * @param provenance where it came from
     * @param dl4j       the same network in DL4J's {@code ModelSerializer} form, or null to build it on save
     */
    public DqnModel(QNetwork network, Provenance provenance, byte[] dl4j) {
        this.network = Objects.requireNonNull(network, "network");
        this.provenance = Objects.requireNonNull(provenance, "provenance");
        this.dl4j = dl4j == null ? null : dl4j.clone();
        if (provenance.features().size() != network.inputs()) {
            throw new IllegalArgumentException("provenance names " + provenance.features().size()
                    + " features, the network reads " + network.inputs());
        }
        if (provenance.actions().size() != network.outputs()) {
            throw new IllegalArgumentException("provenance names " + provenance.actions().size()
                    + " actions, the network gives " + network.outputs());
        }
        this.fingerprint = ModelArchive.fingerprint(encode(network));
    }

    public QNetwork network() {
        return network;
    }

    public Provenance provenance() {
        return provenance;
    }

    /** @return 16 hex digits of SHA-256 over the weights entry: two models with the same one decide alike */
    public String fingerprint() {
        return fingerprint;
    }

    /** @return name, version (creation time) and fingerprint, for the audit log */
    public ModelInfo info() {
        return new ModelInfo(provenance.name(), provenance.createdAt(), fingerprint);
    }

    /** @return the DL4J form of the network: the stored bytes, or built from the weights; needs DL4J */
    public MultiLayerNetwork toDl4j() {
        if (dl4j != null) {
            return Dl4jQNetworks.restore(dl4j, provenance.name());
        }
        return Dl4jQNetworks.toDl4j(network);
    }

    /**
     * @param source what to call the model in the message (its file)
     * @return this model when it reads this agent's features and gives this agent's actions
     * @throws ModelFileException naming the first difference
     */
    public DqnModel requireCompatible(String source) {
        if (network.inputs() != HostFeatures.COUNT) {
            throw ModelFileException.shape(source, network.inputs(), HostFeatures.COUNT, "features");
        }
        if (network.outputs() != HostAction.COUNT) {
            throw ModelFileException.shape(source, network.outputs(), HostAction.COUNT, "actions");
        }
        for (int i = 0; i < HostFeatures.COUNT; i++) {
            if (!provenance.features().get(i).equals(HostFeatures.NAMES.get(i))) {
                throw ModelFileException.mismatch(source, "feature " + i + " is " + provenance.features().get(i)
                        + ", this agent builds " + HostFeatures.NAMES.get(i));
            }
        }
        for (int i = 0; i < HostAction.COUNT; i++) {
            if (!provenance.actions().get(i).equals(HostAction.NAMES.get(i))) {
                throw ModelFileException.mismatch(source, "action " + i + " is " + provenance.actions().get(i)
                        + ", this agent has " + HostAction.NAMES.get(i));
            }
        }
        return this;
    }

    /**
     * Writes the model file (and the directories above it).
     *
     * @throws UncheckedIOException when it cannot be written
     */
    public void save(Path file) {
        ModelArchive.save(file, this::write);
    }

    /** Writes the model file's bytes (the stream is not closed). */
    public void write(OutputStream out) throws IOException {
        byte[] net = dl4j != null ? dl4j : Dl4jQNetworks.serialize(Dl4jQNetworks.toDl4j(network));
        ModelArchive.writer(out)
                .entry(WEIGHTS_ENTRY, encode(network))
                .entry(PROVENANCE_ENTRY, provenanceJson())
                .entry(NETWORK_ENTRY, net)
                .finish();
    }

    /** @return the provenance as the model file holds it: indented JSON */
    public byte[] provenanceJson() {
        try {
            return mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(provenance);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param file a model file written by {@link #save}
     * @return the model, checked against this agent's features and actions
     * @throws ModelFileException when the file is missing, unreadable, corrupt, or does not fit this agent
     */
    public static DqnModel load(Path file) {
        try {
            return ModelArchive.load(file, DqnModel::read);
        } catch (ModelArchiveException e) {
            throw fileException(e);
        }
    }

    /**
     * @param in     a model file's bytes (read to the end, not closed)
     * @param source what to call it in errors
     * @return the model, checked against this agent's features and actions
     * @throws ModelFileException when the bytes are corrupt or do not fit this agent
     */
    public static DqnModel read(InputStream in, String source) {
        Map<String, byte[]> entries;
        try {
            entries = ModelArchive.entries(in, source, MAX_ENTRY_BYTES, WEIGHTS_ENTRY, PROVENANCE_ENTRY, NETWORK_ENTRY);
        } catch (ModelArchiveException e) {
            throw fileException(e);
        }
        QNetwork network;
        try {
            network = decode(entries.get(WEIGHTS_ENTRY));
        } catch (IOException | IllegalArgumentException e) {
            throw ModelFileException.corrupt(source, WEIGHTS_ENTRY + ": " + e.getMessage(), e);
        }
        Provenance provenance;
        try {
            provenance = mapper().readValue(entries.get(PROVENANCE_ENTRY), Provenance.class);
        } catch (IOException | RuntimeException e) {
            throw ModelFileException.corrupt(source, PROVENANCE_ENTRY + ": " + e.getMessage(), e);
        }
        if (network.inputs() != HostFeatures.COUNT) {
            throw ModelFileException.shape(source, network.inputs(), HostFeatures.COUNT, "features");
        }
        if (network.outputs() != HostAction.COUNT) {
            throw ModelFileException.shape(source, network.outputs(), HostAction.COUNT, "actions");
        }
        DqnModel model;
        try {
            model = new DqnModel(network, provenance, entries.get(NETWORK_ENTRY));
        } catch (IllegalArgumentException e) {
            throw ModelFileException.corrupt(source, PROVENANCE_ENTRY + " does not describe " + WEIGHTS_ENTRY + ": "
                    + e.getMessage(), e);
        }
        return model.requireCompatible(source);
    }

    static ObjectMapper mapper() {
        return new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    }

    static byte[] encode(QNetwork network) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            int[] sizes = network.sizes();
            out.writeInt(sizes.length);
            for (int s : sizes) {
                out.writeInt(s);
            }
            for (int l = 0; l < network.layers(); l++) {
                for (double w : network.weights(l)) {
                    out.writeDouble(w);
                }
                for (double b : network.biases(l)) {
                    out.writeDouble(b);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static QNetwork decode(byte[] bytes) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        if (in.readInt() != MAGIC) {
            throw new IOException("not a Ferry Q-network (bad magic number)");
        }
        int n = in.readInt();
        if (n < 2 || n > 64) {
            throw new IOException(n + " layer sizes: must be in [2, 64]");
        }
        int[] sizes = new int[n];
        long params = 0;
        for (int i = 0; i < n; i++) {
            sizes[i] = in.readInt();
            if (sizes[i] < 1 || sizes[i] > 1 << 16) {
                throw new IOException("layer size " + sizes[i] + ": must be in [1, 65536]");
            }
            if (i > 0) {
                params += (long) sizes[i - 1] * sizes[i] + sizes[i];
            }
        }
        if (params * 8 > bytes.length) {
            throw new IOException("truncated: " + params + " parameters in " + bytes.length + " bytes");
        }
        double[][] w = new double[n - 1][];
        double[][] b = new double[n - 1][];
        for (int l = 0; l < n - 1; l++) {
            w[l] = new double[sizes[l] * sizes[l + 1]];
            for (int i = 0; i < w[l].length; i++) {
                w[l][i] = in.readDouble();
            }
            b[l] = new double[sizes[l + 1]];
            for (int i = 0; i < b[l].length; i++) {
                b[l][i] = in.readDouble();
            }
        }
        return new QNetwork(sizes, w, b);
    }

    private static ModelFileException fileException(ModelArchiveException e) {
        return e.missing() ? ModelFileException.missing(e.source())
                : ModelFileException.corrupt(e.source(), e.detail(), e.getCause());
    }

    /** @return the stored DL4J bytes, when the model was read from a file or built with them */
    Optional<byte[]> dl4jBytes() {
        return Optional.ofNullable(dl4j).map(byte[]::clone);
    }

    @Override
    public String toString() {
        return "DqnModel[" + info() + ", " + network + "]";
    }
}
