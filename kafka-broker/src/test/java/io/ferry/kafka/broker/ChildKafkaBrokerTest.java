package io.ferry.kafka.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class ChildKafkaBrokerTest {

    @Test
    void aKilledChildBrokerRestartsOnTheSamePortAndStillHasTheRecordItAcknowledged() throws Exception {
        try (ChildKafkaBroker broker = ChildKafkaBroker.start()) {
            int port = broker.port();
            broker.createTopic("compacted", 2, true);
            Records.send(broker.bootstrapServers(), "compacted", "pool-a", "v1");
            long before = broker.pid();

            broker.kill();
            broker.restart();

            assertThat(broker.port()).isEqualTo(port);
            assertThat(broker.pid()).isNotEqualTo(before);
            List<ConsumerRecord<String, String>> got = Records.read(broker.bootstrapServers(), "compacted", 1);
            assertThat(got).extracting(ConsumerRecord::value).containsExactly("v1");
        }
    }
}
