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

    /** @return whether the protocol authenticates with SASL */
    public boolean sasl() {
        return this == SASL_PLAINTEXT || this == SASL_SSL;
    }
}
