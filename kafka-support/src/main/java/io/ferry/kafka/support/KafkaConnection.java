package io.ferry.kafka.support;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.config.types.Password;

/**
 * How a Ferry bundle reaches a Kafka cluster: bootstrap servers, security protocol, the TLS trust store and key
 * store, the SASL mechanism and its JAAS configuration. Immutable; built with {@link #plaintext(String)} and the
 * {@code with...} methods, each returning a new value.
 *
 * <p>Secrets — the store and key passwords and the JAAS configuration (which holds the SASL password) — are
 * private: {@link #toString()} names only what is set, and {@link #clientProperties()} hands them to Kafka as
 * {@link Password} values, which print as {@code [hidden]} in Kafka's own configuration log. There is no accessor
 * that returns a secret as a string.
 *
 * <p>Cost: none beyond the fields; {@link #clientProperties()} builds a small map each call.
 */
public final class KafkaConnection {

    private final String bootstrapServers;
    private final SecurityProtocol protocol;
    private final Optional<String> truststorePath;
    private final Optional<String> truststorePassword;
    private final Optional<String> keystorePath;
    private final Optional<String> keystorePassword;
    private final Optional<String> keyPassword;
    private final Optional<String> saslMechanism;
    private final Optional<String> saslJaasConfig;

    private KafkaConnection(String bootstrapServers, SecurityProtocol protocol, Optional<String> truststorePath,
            Optional<String> truststorePassword, Optional<String> keystorePath, Optional<String> keystorePassword,
            Optional<String> keyPassword, Optional<String> saslMechanism, Optional<String> saslJaasConfig) {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrapServers is blank: give host:port[,host:port...]");
        }
        this.bootstrapServers = bootstrapServers.strip();
        this.protocol = Objects.requireNonNull(protocol, "protocol");
        this.truststorePath = truststorePath;
        this.truststorePassword = truststorePassword;
        this.keystorePath = keystorePath;
        this.keystorePassword = keystorePassword;
        this.keyPassword = keyPassword;
        this.saslMechanism = saslMechanism;
        this.saslJaasConfig = saslJaasConfig;
    }

    /** @return a plaintext connection to {@code bootstrapServers} ({@code host:port[,host:port...]}) */
    public static KafkaConnection plaintext(String bootstrapServers) {
        return new KafkaConnection(bootstrapServers, SecurityProtocol.PLAINTEXT, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** @return this connection with another security protocol */
    public KafkaConnection withProtocol(SecurityProtocol p) {
        return new KafkaConnection(bootstrapServers, p, truststorePath, truststorePassword, keystorePath,
                keystorePassword, keyPassword, saslMechanism, saslJaasConfig);
    }

    /**
     * @param path     the trust store file (JKS or PKCS12), blank for the JVM's default trust
     * @param password its password, blank for none
     * @return this connection with a TLS trust store
     */
    public KafkaConnection withTruststore(String path, String password) {
        return new KafkaConnection(bootstrapServers, protocol, given(path), given(password), keystorePath,
                keystorePassword, keyPassword, saslMechanism, saslJaasConfig);
    }

    /**
     * @param path          the key store file for TLS client authentication, blank for none
     * @param storePassword its password, blank for none
     * @param keyPassword   the key's password, blank when it is the store's
     * @return this connection with a TLS key store
     */
    public KafkaConnection withKeystore(String path, String storePassword, String keyPassword) {
        return new KafkaConnection(bootstrapServers, protocol, truststorePath, truststorePassword, given(path),
                given(storePassword), given(keyPassword), saslMechanism, saslJaasConfig);
    }

    /**
     * @param mechanism  {@code PLAIN}, {@code SCRAM-SHA-256}, {@code SCRAM-SHA-512}, ...
     * @param jaasConfig the {@code sasl.jaas.config} line, which holds the password: kept secret
     * @return this connection with SASL authentication
     */
    public KafkaConnection withSasl(String mechanism, String jaasConfig) {
        return new KafkaConnection(bootstrapServers, protocol, truststorePath, truststorePassword, keystorePath,
                keystorePassword, keyPassword, given(mechanism), given(jaasConfig));
    }

    private static Optional<String> given(String s) {
        return s == null || s.isBlank() ? Optional.empty() : Optional.of(s.strip());
    }

    /** @return the bootstrap servers */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** @return the security protocol */
    public SecurityProtocol protocol() {
        return protocol;
    }

    /**
     * The client properties of this connection, secrets as {@link Password} values.
     *
     * @return a new mutable map, to which a caller adds its producer or consumer settings
     * @throws IllegalArgumentException when a SASL protocol lacks its mechanism or JAAS configuration
     */
    public Map<String, Object> clientProperties() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, protocol.name());
        if (protocol.tls()) {
            truststorePath.ifPresent(v -> p.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, v));
            truststorePassword.ifPresent(v -> p.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, new Password(v)));
            keystorePath.ifPresent(v -> p.put(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, v));
            keystorePassword.ifPresent(v -> p.put(SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG, new Password(v)));
            keyPassword.ifPresent(v -> p.put(SslConfigs.SSL_KEY_PASSWORD_CONFIG, new Password(v)));
        }
        if (protocol.sasl()) {
            if (saslMechanism.isEmpty() || saslJaasConfig.isEmpty()) {
                throw new IllegalArgumentException("security protocol " + protocol
                        + " needs a SASL mechanism and a JAAS configuration");
            }
            p.put(SaslConfigs.SASL_MECHANISM, saslMechanism.get());
            p.put(SaslConfigs.SASL_JAAS_CONFIG, new Password(saslJaasConfig.get()));
        }
        return p;
    }

    /** @return the servers, the protocol and which stores are set; never a password nor the JAAS line */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("KafkaConnection[").append(bootstrapServers).append(", ")
                .append(protocol);
        truststorePath.ifPresent(v -> b.append(", truststore ").append(v));
        keystorePath.ifPresent(v -> b.append(", keystore ").append(v));
        saslMechanism.ifPresent(v -> b.append(", sasl ").append(v));
        return b.append(']').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KafkaConnection c && bootstrapServers.equals(c.bootstrapServers)
                && protocol == c.protocol && truststorePath.equals(c.truststorePath)
                && truststorePassword.equals(c.truststorePassword) && keystorePath.equals(c.keystorePath)
                && keystorePassword.equals(c.keystorePassword) && keyPassword.equals(c.keyPassword)
                && saslMechanism.equals(c.saslMechanism) && saslJaasConfig.equals(c.saslJaasConfig);
    }

    @Override
    public int hashCode() {
        return Objects.hash(bootstrapServers, protocol, truststorePath, keystorePath, saslMechanism);
    }
}
