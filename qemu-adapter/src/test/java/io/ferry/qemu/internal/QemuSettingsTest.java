package io.ferry.qemu.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.api.model.Capability;
import io.ferry.api.model.HostId;
import io.ferry.qemu.RateStep;
import io.ferry.qemu.WriterMode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osgi.util.converter.Converters;

class QemuSettingsTest {

    private static QemuSettings settings(Map<String, ?> props) {
        return QemuSettings.from(Converters.standardConverter().convert(props).to(QemuAdapterConfiguration.class));
    }

    @Test
    void fromWhenEmptyThenRealDefaults() {
        QemuSettings s = settings(Map.of());

        assertThat(s.poolName()).isEqualTo("qemu");
        assertThat(s.hosts()).extracting(HostId::value).containsExactly("qemu-a", "qemu-b", "qemu-c");
        assertThat(s.bandwidthCapBytesPerSec()).isEqualTo(128.0 * (1 << 20));
        assertThat(s.accel()).isEqualTo("tcg");
        assertThat(s.migrationTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.stopAndCopy()).isEqualTo(QemuSettings.StopAndCopy.FORCE);
        assertThat(s.capabilities()).containsExactlyInAnyOrder(Capability.PRE_COPY, Capability.POST_COPY,
                Capability.POSTCOPY_SWITCH, Capability.ROUND_CONTROL, Capability.DOWNTIME_LIMIT,
                Capability.BANDWIDTH_LIMIT, Capability.DIRTY_RATE_METRIC, Capability.CANCEL);
        assertThat(s.capabilities()).doesNotContain(Capability.PAGE_ORDER);
    }

    @Test
    void capabilitiesWhenMultifdThenNoPostCopy() {
        assertThat(settings(Map.of("multifdChannels", 2)).capabilities())
                .doesNotContain(Capability.POST_COPY, Capability.POSTCOPY_SWITCH).contains(Capability.PRE_COPY);
    }

    @Test
    void fromWhenVmsGivenAsACfgStringThenEachGuestIsParsed() {
        QemuSettings s = settings(Map.of("kernel", "/k", "initramfs", "/i", "vms",
                "web@qemu-a;memory=512;workload=256;mode=hotcold;rate=20000;hot=32;hotpct=80,"
                        + "batch@qemu-b;mode=uniform;sched=5000:10/0:5"));

        assertThat(s.vms()).hasSize(2);
        QemuSettings.Placement web = s.vms().get(0);
        assertThat(web.host()).isEqualTo(new HostId("qemu-a"));
        assertThat(web.guest().guestMemoryMiB()).isEqualTo(512);
        assertThat(web.guest().mode()).isEqualTo(WriterMode.HOT_COLD);
        assertThat(web.guest().kernelArguments()).contains("ferry.mem=256", "ferry.mode=hotcold", "ferry.rate=20000",
                "ferry.hot=32", "ferry.hotpct=80");
        assertThat(s.vms().get(1).guest().schedule()).containsExactly(new RateStep(5000, 10), new RateStep(0, 5));
        assertThat(s.vms().get(1).guest().kernelArguments()).contains("ferry.sched=5000:10,0:5");
    }

    @Test
    void fromWhenAttributesAreBadThenOneLineNamingTheAttribute() {
        assertThatThrownBy(() -> settings(Map.of("hosts", "only-one")))
                .hasMessage("hosts = [only-one]: must be 2 to 64 distinct names");
        assertThatThrownBy(() -> settings(Map.of("bandwidthCapMiBps", 0)))
                .hasMessage("bandwidthCapMiBps = 0.0: must be in [1, 100000]");
        assertThatThrownBy(() -> settings(Map.of("stopAndCopy", "maybe")))
                .hasMessage("stopAndCopy = maybe: must be FORCE or WAIT");
        assertThatThrownBy(() -> settings(Map.of("vms", "a@qemu-a")))
                .hasMessage("vms = [a]: kernel and initramfs must be set to boot guests");
        assertThatThrownBy(() -> settings(Map.of("kernel", "/k", "initramfs", "/i", "vms", "a@nowhere")))
                .hasMessageStartingWith("vms: a@nowhere: host nowhere is not in hosts");
        assertThatThrownBy(() -> settings(Map.of("kernel", "/k", "initramfs", "/i", "vms", "a@qemu-a;colour=red")))
                .hasMessageStartingWith("vms: a@qemu-a;colour=red: unknown key 'colour'");
        assertThatThrownBy(() -> settings(Map.of("kernel", "/k", "initramfs", "/i", "vms",
                "a@qemu-a;memory=100;workload=64")))
                .hasMessageContaining("guestMemoryMiB = 100: must be in [128, 65536]");
    }
}
