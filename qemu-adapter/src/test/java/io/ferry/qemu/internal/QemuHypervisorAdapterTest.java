package io.ferry.qemu.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.api.HypervisorException;
import io.ferry.api.model.DirtyBehaviour;
import io.ferry.api.model.HostId;
import io.ferry.api.model.LinkSpec;
import io.ferry.api.model.MigrationId;
import io.ferry.api.model.MigrationRequest;
import io.ferry.api.model.VmId;
import io.ferry.qemu.GuestSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The adapter's refusals and process hygiene, without a QEMU. */
class QemuHypervisorAdapterTest {

    @TempDir
    Path dir;

    private QemuHypervisorAdapter pool(Map<String, ?> extra) {
        Map<String, Object> p = new java.util.HashMap<>(Map.of("workDir", dir.resolve("work").toString(),
                "metricsIntervalSeconds", 0, "hosts", "h1,h2", "qmpTimeoutMillis", 2000));
        p.putAll(extra);
        return new QemuHypervisorAdapter(p);
    }

    @Test
    void bootWhenTheBinaryCannotRunThenQemuStartFailedAndNoProcessLeft() throws Exception {
        Path k = Files.createFile(dir.resolve("vmlinux"));
        Path i = Files.createFile(dir.resolve("initramfs"));
        try (QemuHypervisorAdapter pool = pool(Map.of("qemuBinary", dir.resolve("no-such-qemu").toString(),
                "kernel", k.toString(), "initramfs", i.toString()))) {
            assertThatThrownBy(() -> pool.boot(GuestSpec.of("vm", 256, 64), new HostId("h1")))
                    .isInstanceOf(HypervisorException.class)
                    .hasMessageStartingWith("QEMU_START_FAILED: cannot run " + dir.resolve("no-such-qemu"));
            assertThat(pool.snapshot().vms()).isEmpty();
            assertThat(pool.processIds()).isEmpty();
        }
    }

    @Test
    void bootWhenNoGuestImageIsConfiguredThenRefused() {
        try (QemuHypervisorAdapter pool = pool(Map.of())) {
            assertThatThrownBy(() -> pool.boot(GuestSpec.of("vm", 256, 64), new HostId("h1")))
                    .hasMessage("NO_GUEST_IMAGE: pool qemu has no kernel and initramfs configured");
        }
    }

    @Test
    void migrateWhenTheVmIsUnknownThenUnknownVm() {
        try (QemuHypervisorAdapter pool = pool(Map.of())) {
            MigrationRequest r = new MigrationRequest(new VmId("ghost"), new HostId("h1"), new HostId("h2"), 1 << 28,
                    4096, 1 << 20, pool.migrationLink().orElseThrow(),
                    new DirtyBehaviour(0, 0, DirtyBehaviour.Source.ASSUMED), Duration.ofMillis(300));
            assertThatThrownBy(() -> pool.migrate(new MigrationId("m1"), r, null))
                    .hasMessage("UNKNOWN_VM: no VM ghost in pool qemu");
        }
    }

    @Test
    void snapshotThenEveryConfiguredHostWithItsMemoryAndTheLinkIsTheCap() throws Exception {
        try (QemuHypervisorAdapter pool = pool(Map.of("hostMemoryMiB", 2048, "bandwidthCapMiBps", 32))) {
            assertThat(pool.snapshot().hosts()).extracting(h -> h.id().value()).containsExactly("h1", "h2");
            assertThat(pool.snapshot().hosts().get(0).memoryFreeBytes()).isEqualTo(2048L << 20);
            LinkSpec link = pool.migrationLink().orElseThrow();
            assertThat(link.bandwidthBytesPerSec()).isEqualTo(32.0 * (1 << 20));
            assertThat(pool.kind()).isEqualTo("qemu");
        }
    }

    @Test
    void closeThenLaterCallsAreUnreachable() {
        QemuHypervisorAdapter pool = pool(Map.of());
        pool.close();
        pool.close();
        assertThatThrownBy(pool::snapshot).hasMessage("UNREACHABLE: QEMU pool qemu is closed");
    }

    @Test
    void reapStaleWhenAPidFileNamesALiveProcessWithItsSocketThenOnlyThatProcessIsStopped() throws Exception {
        Path host = Files.createDirectories(dir.resolve("work").resolve("h1"));
        Path socket = host.resolve("vm.1.qmp");
        // a stand-in for a QEMU left behind: its command line carries the socket path, as QEMU's does
        Process stale = new ProcessBuilder("bash", "-c", "exec -a \"$0\" sleep 300", socket.toString()).start();
        Process stranger = new ProcessBuilder("sleep", "300").start();
        try {
            Files.writeString(host.resolve("vm.1.pid"), stale.pid() + "\n" + socket + "\n", StandardCharsets.UTF_8);
            // a recycled PID: the process there does not carry the socket, so it must be left alone
            Files.writeString(host.resolve("vm.2.pid"), stranger.pid() + "\n" + host.resolve("vm.2.qmp") + "\n",
                    StandardCharsets.UTF_8);

            QemuHypervisorAdapter.reapStale(dir.resolve("work"));

            assertThat(stale.waitFor(5, TimeUnit.SECONDS)).isTrue();
            assertThat(stranger.isAlive()).isTrue();
            assertThat(Files.list(host).map(p -> p.getFileName().toString()).toList()).doesNotContain("vm.1.pid",
                    "vm.2.pid");
        } finally {
            stale.destroyForcibly();
            stranger.destroyForcibly();
        }
    }

    @Test
    void commandLineThenBothEndsIdenticalExceptIncoming() {
        QemuSettings s = QemuSettings.from(org.osgi.util.converter.Converters.standardConverter()
                .convert(Map.of("kernel", "/k/vmlinux", "initramfs", "/k/initrd", "qemuDataDirs", "/d1,/d2"))
                .to(QemuAdapterConfiguration.class));
        GuestSpec g = GuestSpec.of("vm", 256, 64);
        List<String> src = QemuProcess.commandLine(s, new HostId("a"), g, Path.of("/w/q"), Path.of("/w/s"), false);
        List<String> dst = QemuProcess.commandLine(s, new HostId("a"), g, Path.of("/w/q"), Path.of("/w/s"), true);

        assertThat(dst.subList(0, src.size())).isEqualTo(src);
        assertThat(dst.subList(src.size(), dst.size())).containsExactly("-incoming", "defer");
        assertThat(src).containsSequence("-L", "/d1", "-L", "/d2").containsSequence("-accel", "tcg")
                .containsSequence("-kernel", "/k/vmlinux").containsSequence("-initrd", "/k/initrd")
                .contains("console=ttyS0 quiet panic=-1 " + g.kernelArguments());
    }
}
