package io.ferry.agent.dqn;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The model shipped inside this jar, resource {@value #RESOURCE}: read once on first use and cached. A missing or
 * broken resource fails every call with the same {@link ModelFileException} (only a successful read is cached).
 * Thread-safe.
 */
public final class ShippedModel {

    /** The shipped model's resource. */
    public static final String RESOURCE = "models/dqn.zip";

    private static final AtomicReference<DqnModel> LOADED = new AtomicReference<>();

    private ShippedModel() {
    }

    /**
     * @return the shipped model
     * @throws ModelFileException when the jar has none, or it is corrupt or does not fit this agent
     */
    public static DqnModel get() {
        DqnModel m = LOADED.get();
        if (m == null) {
            m = load();
            LOADED.compareAndSet(null, m);
        }
        return m;
    }

    private static DqnModel load() {
        String source = RESOURCE + " (inside the agent-dqn jar)";
        try (InputStream in = ShippedModel.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw ModelFileException.missing(source);
            }
            return DqnModel.read(in, source);
        } catch (IOException e) {
            throw ModelFileException.corrupt(source, e.getMessage(), e);
        }
    }
}
