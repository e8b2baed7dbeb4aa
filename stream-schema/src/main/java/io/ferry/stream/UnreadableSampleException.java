package io.ferry.stream;

import java.util.Objects;

/** A message that is not a {@link PoolSample} this build can read: {@link #reason()} says why. */
public final class UnreadableSampleException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why a message cannot be read. */
    public enum Reason {
        /** Not JSON, a field missing or of the wrong type, or a value the model rejects. */
        MALFORMED,
        /** Written with a schema version newer than this build's {@link PoolSample#SCHEMA_VERSION}. */
        FUTURE_VERSION
    }

    private final Reason reason;

    public UnreadableSampleException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** @return why the message cannot be read */
    public Reason reason() {
        return reason;
    }
}
