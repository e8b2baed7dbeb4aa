package io.ferry.cluster.kafka;

/**
 * A record on one of the cluster's topics that this version cannot read: not JSON, a field missing or out of range,
 * or a {@code schemaVersion} newer than the topic's ({@value Messages#SCHEMA_VERSION}; outcomes
 * {@value Messages#OUTCOME_SCHEMA_VERSION}). The consumer that meets one skips it and
 * counts it; it never stops consuming.
 */
public final class MessageException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message one line: which topic, what is wrong */
    public MessageException(String message) {
        super(message, null, false, false);
    }
}
