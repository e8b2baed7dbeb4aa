package io.ferry.kafka.support;

/** How a client talks to the brokers: Kafka's {@code security.protocol} values. */
public enum SecurityProtocol {
    /** No TLS, no authentication: loopback, tests, the local demo. */
    PLAINTEXT,
    /** TLS; client authentication when a keystore is given. */
    SSL,
    /** SASL authentication without TLS. */
    SASL_PLAINTEXT,
    /** SASL authentication over TLS. */
    SASL_SSL;

    /** @return whether the protocol uses TLS */
    public boolean tls() {
        return this == SSL || this == SASL_SSL;
    }

    /**
     * @param text a configured value, any case, surrounding blanks ignored
     * @return the protocol it names
     * @throws IllegalArgumentException with one line naming the value and the accepted ones
     * @since 1.1
     */
    public static SecurityProtocol parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("securityProtocol = " + text + ": one of "
                    + java.util.List.of(values()));
        }
    }

    /** @return whether the protocol authenticates with SASL */
    public boolean sasl() {
        return this == SASL_PLAINTEXT || this == SASL_SSL;
    }
}
