package io.ferry.telemetry.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaTelemetryComponentTest {

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        KafkaTelemetryConfiguration c = Configurations.of(Map.of());

        assertThat(c.bootstrapServers()).isEmpty();
        assertThat(c.topic()).isEqualTo("vm-metrics");
        assertThat(TelemetryPublisher.producerSettings(c)).containsEntry("acks", "all")
                .containsEntry("enable.idempotence", true).containsEntry("compression.type", "lz4");
    }

    @Test
    void blankBootstrapServersIsOffAndSaysNothingInStatus() {
        KafkaTelemetryComponent off = new KafkaTelemetryComponent(Configurations.of(Map.of()), null);

        assertThat(off.problems()).isEmpty();
        assertThat(off).hasToString("KafkaTelemetryComponent[off]");
    }

    @Test
    void aConfigurationKafkaRejectsLeavesOneStatusLineAndNoProducer() {
        KafkaTelemetryComponent c = new KafkaTelemetryComponent(Configurations.of(Map.of("bootstrapServers",
                "127.0.0.1:9", "compression", "brotli")), null);

        assertThat(c.problems()).singleElement().asString()
                .startsWith("telemetry: configuration io.ferry.telemetry.kafka rejected, nothing is published: ")
                .contains("brotli");
    }

    @Test
    void aSaslProtocolWithoutItsJaasLineIsRejectedAndNoSecretIsInTheLine() {
        KafkaTelemetryComponent c = new KafkaTelemetryComponent(Configurations.of(Map.of("bootstrapServers",
                "127.0.0.1:9", "securityProtocol", "SASL_SSL", "saslMechanism", "PLAIN", "sslTruststore.password",
                "trust-s3cret")), null);

        assertThat(c.problems()).singleElement().asString()
                .contains("security protocol SASL_SSL needs a SASL mechanism and a JAAS configuration")
                .doesNotContain("s3cret");
    }

    @Test
    void passwordKeysReachTheConnectionAndNotItsToString() {
        KafkaTelemetryConfiguration cfg = Configurations.of(Map.of("bootstrapServers", "k:9093",
                "securityProtocol", "sasl_ssl", "saslMechanism", "SCRAM-SHA-512", "saslJaasConfig.password",
                "x required username=\"u\" password=\"sasl-s3cret\";", "sslTruststoreLocation", "/t.p12",
                "sslTruststore.password", "trust-s3cret"));

        var connection = KafkaTelemetryComponent.connection(cfg);

        assertThat(connection.toString()).doesNotContain("s3cret");
        assertThat(connection.clientProperties().get("sasl.jaas.config")).hasToString("[hidden]");
        assertThat(connection.clientProperties().get("ssl.truststore.password")).hasToString("[hidden]");
    }

    @Test
    void openingAPublisherWithoutBootstrapServersIsRefusedInOneLine() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> io.ferry.telemetry.kafka.KafkaTelemetry.open(
                Map.of("topic", "t"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bootstrapServers is blank: nothing to publish to");
    }
}
