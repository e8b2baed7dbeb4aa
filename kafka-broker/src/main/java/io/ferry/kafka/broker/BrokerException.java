package io.ferry.kafka.broker;

/** A broker that did not start, stop or create a topic in time, or failed doing so: the message says which. */
public final class BrokerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BrokerException(String message) {
        super(message);
    }

    public BrokerException(String message, Throwable cause) {
        super(message, cause);
    }
}
