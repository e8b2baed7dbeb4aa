package io.ferry.qemu.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.api.model.DirtyBehaviour;
import io.ferry.api.model.HostId;
import io.ferry.api.model.LinkSpec;
import io.ferry.api.model.MigrationRequest;
import io.ferry.api.model.VmId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.util.converter.Converters;

/**
 * The two caps QEMU keeps apart, as the adapter sends them: the QMP lines a fake QEMU receives for
 * {@code migrate-set-parameters}.
 */
@SuppressWarnings("try") // the fake server is a resource the test holds open, not one it calls
class QemuMigrationParametersTest {

    private static final double MIB = 1 << 20;

    @TempDir
    Path dir;

    private static QemuSettings settings(Map<String, ?> props) {
        return QemuSettings.from(Converters.standardConverter().convert(props).to(QemuAdapterConfiguration.class));
    }

    private static MigrationRequest request(double capMiBps, double postcopyCapMiBps) {
        return new MigrationRequest(new VmId("vm"), new HostId("qemu-a"), new HostId("qemu-b"), 256L << 20, 4096,
                1 << 20, new LinkSpec(capMiBps * MIB, Duration.ofNanos(50_000), 1, postcopyCapMiBps * MIB),
                new DirtyBehaviour(0, 0, DirtyBehaviour.Source.ASSUMED), Duration.ofMillis(300));
    }

    /** @return the lines a fake QEMU received when the adapter set the parameters of {@code request} */
    private List<String> transcript(QemuSettings settings, MigrationRequest request) throws Exception {
        Path sock = dir.resolve("q" + System.nanoTime() + ".sock");
        try (FakeQmpServer server = new FakeQmpServer(sock, FakeQmpServer.GREETING,
                l -> "{\"return\": {}, \"id\": " + FakeQmpServer.id(l) + "}");
                QmpClient qmp = QmpClient.connect("qemu-a/vm", sock, Duration.ofSeconds(5), () -> true)) {
            QemuMigration.setParameters(qmp::execute, settings, request);
            return server.received.stream().filter(l -> l.contains("migrate-set-parameters")).toList();
        }
    }

    @Test
    void parametersWhenTheRequestAsksForAPostcopyCapThenMaxPostcopyBandwidthIsSentApartFromMaxBandwidth()
            throws Exception {
        List<String> sent = transcript(settings(Map.of()), request(64, 32));

        assertThat(sent).hasSize(1);
        assertThat(sent.get(0)).contains("\"max-bandwidth\":67108864").contains("\"max-postcopy-bandwidth\":33554432")
                .contains("\"downtime-limit\":300");
    }

    @Test
    void parametersWhenNobodyAsksForAPostcopyCapThenQemusDefaultZeroIsSentExplicitly() throws Exception {
        List<String> sent = transcript(settings(Map.of()), request(64, 0));

        assertThat(sent.get(0)).contains("\"max-bandwidth\":67108864").contains("\"max-postcopy-bandwidth\":0");
    }

    @Test
    void parametersWhenThePoolSetsAPostcopyCapThenTheLowerOfPoolAndRequestIsSent() throws Exception {
        QemuSettings pool = settings(Map.of("postcopyBandwidthCapMiBps", 48));

        assertThat(transcript(pool, request(64, 0)).get(0)).contains("\"max-postcopy-bandwidth\":50331648");
        assertThat(transcript(pool, request(64, 32)).get(0)).contains("\"max-postcopy-bandwidth\":33554432");
        assertThat(transcript(pool, request(64, 512)).get(0)).contains("\"max-postcopy-bandwidth\":50331648");
    }

    @Test
    void parametersWhenMultifdThenNoPostcopyCapIsSent() throws Exception {
        List<String> sent = transcript(settings(Map.of("multifdChannels", 2)), request(64, 32));

        assertThat(sent.get(0)).doesNotContain("max-postcopy-bandwidth").contains("\"multifd-channels\":2");
    }

    @Test
    void bandwidthCapsWhenStatedForTheOperatorThenSayWhichCapAppliesToEachPhase() {
        assertThat(settings(Map.of("bandwidthCapMiBps", 64)).bandwidthCaps())
                .isEqualTo("bandwidth cap 64 MiB/s pre-copy, post-copy unlimited (QEMU default)");
        assertThat(settings(Map.of("bandwidthCapMiBps", 64, "postcopyBandwidthCapMiBps", 32)).bandwidthCaps())
                .isEqualTo("bandwidth cap 64 MiB/s pre-copy, post-copy 32 MiB/s (max-postcopy-bandwidth)");
        assertThat(settings(Map.of("multifdChannels", 2)).bandwidthCaps())
                .isEqualTo("bandwidth cap 128 MiB/s pre-copy (no post-copy with multifd)");
    }

    @Test
    void postcopyCapWhenNegativeThenOneLineNamingTheKey() {
        assertThatThrownBy(() -> settings(Map.of("postcopyBandwidthCapMiBps", -1)))
                .hasMessage("postcopyBandwidthCapMiBps = -1.0: must be in [0, 100000] (0: none, QEMU's default: "
                        + "unlimited)");
    }
}
