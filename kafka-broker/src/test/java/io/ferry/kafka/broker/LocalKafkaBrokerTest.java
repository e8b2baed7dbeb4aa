package io.ferry.kafka.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class LocalKafkaBrokerTest {

    @Test
    void aStartedBrokerTakesOneRecordAndHandsItBackThenDeletesItsDirectoryOnClose() throws Exception {
        Path dir;
        try (LocalKafkaBroker broker = LocalKafkaBroker.start()) {
            dir = broker.logDir();
            assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:" + broker.port());
            broker.createTopic("t", 3, false);
            Records.send(broker.bootstrapServers(), "t", "pool-a", "hello");

            List<ConsumerRecord<String, String>> got = Records.read(broker.bootstrapServers(), "t", 1);

            assertThat(got).extracting(ConsumerRecord::key, ConsumerRecord::value)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("pool-a", "hello"));
            assertThatThrownBy(() -> broker.createTopic("t", 3, false)).isInstanceOf(BrokerException.class)
                    .hasMessageContaining("topic t not created");
        }
        assertThat(Files.exists(dir)).isFalse();
    }
}
