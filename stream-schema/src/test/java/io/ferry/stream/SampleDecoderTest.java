package io.ferry.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SampleDecoderTest {

    @Test
    void unreadableMessagesAreSkippedAndCountedByReasonAndTheGoodOnesStillDecode() {
        SampleDecoder d = new SampleDecoder();
        byte[] good = PoolSampleCodec.encode(Samples.golden());
        byte[] future = new String(good, StandardCharsets.UTF_8).replace("\"schemaVersion\":2", "\"schemaVersion\":7")
                .getBytes(StandardCharsets.UTF_8);

        assertThat(d.decode("{oops".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(d.decode(null)).isEmpty();
        assertThat(d.decode(future)).isEmpty();
        assertThat(d.decode(good)).contains(Samples.golden());

        assertThat(d.malformed()).isEqualTo(2);
        assertThat(d.futureVersion()).isEqualTo(1);
        assertThat(d.decoded()).isEqualTo(1);
        assertThat(d.lastProblem()).contains("schemaVersion 7 is newer than this build's 2");
    }
}
