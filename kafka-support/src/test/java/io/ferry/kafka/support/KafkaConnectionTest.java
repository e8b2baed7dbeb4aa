package io.ferry.kafka.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.Test;

class KafkaConnectionTest {

    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required "
            + "username=\"ferry\" password=\"sasl-s3cret\";";

    private final KafkaConnection full = KafkaConnection.plaintext(" kafka-1:9093,kafka-2:9093 ")
            .withProtocol(SecurityProtocol.SASL_SSL).withTruststore("/etc/ferry/trust.p12", "trust-s3cret")
            .withKeystore("/etc/ferry/key.p12", "store-s3cret", "key-s3cret").withSasl("SCRAM-SHA-512", JAAS);

    @Test
    void toStringNamesServersProtocolAndStoresButNoSecret() {
        String s = full.toString();

        assertThat(s).contains("kafka-1:9093,kafka-2:9093", "SASL_SSL", "/etc/ferry/trust.p12", "SCRAM-SHA-512")
                .doesNotContain("s3cret", "password", "ScramLoginModule");
    }

    @Test
    void clientPropertiesHandSecretsToKafkaAsHiddenPasswords() {
        Map<String, Object> p = full.clientProperties();

        assertThat(p).containsEntry("bootstrap.servers", "kafka-1:9093,kafka-2:9093")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("ssl.truststore.location", "/etc/ferry/trust.p12")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
        for (String key : new String[] {"ssl.truststore.password", "ssl.keystore.password", "ssl.key.password",
            "sasl.jaas.config"}) {
            assertThat(p.get(key)).as(key).isInstanceOf(Password.class);
            assertThat(p.get(key).toString()).as(key).isEqualTo("[hidden]");
        }
        assertThat(((Password) p.get("ssl.key.password")).value()).isEqualTo("key-s3cret");
        assertThat(p.toString()).doesNotContain("s3cret");
    }

    @Test
    void plaintextConnectionCarriesNoStoreSettingsEvenWhenGiven() {
        Map<String, Object> p = KafkaConnection.plaintext("127.0.0.1:9092").withTruststore("/t.p12", "x")
                .clientProperties();

        assertThat(p).containsOnlyKeys("bootstrap.servers", "security.protocol");
    }

    @Test
    void saslProtocolWithoutMechanismIsRejectedWithOneClearMessage() {
        KafkaConnection c = KafkaConnection.plaintext("k:9092").withProtocol(SecurityProtocol.SASL_PLAINTEXT);

        assertThatThrownBy(c::clientProperties).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("security protocol SASL_PLAINTEXT needs a SASL mechanism and a JAAS configuration");
    }

    @Test
    void blankBootstrapServersAreRejected() {
        assertThatThrownBy(() -> KafkaConnection.plaintext("  ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bootstrapServers is blank");
    }
}
