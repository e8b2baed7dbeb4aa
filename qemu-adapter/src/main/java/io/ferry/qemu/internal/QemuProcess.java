package io.ferry.qemu.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferry.api.HypervisorException;
import io.ferry.api.model.HostId;
import io.ferry.qemu.GuestSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One QEMU process: a guest running (or about to receive a migration) on one host slot, with its QMP
 * connection, its serial log and the heartbeat tail that follows it.
 *
 * <p>Both ends of a migration are started with the same command line (binary, machine, CPU model, memory,
 * kernel, initramfs, kernel arguments); the destination adds {@code -incoming defer}. The process is stopped
 * by its PID ({@link #stop}): QMP {@code quit}, then SIGTERM, then SIGKILL, each bounded. A PID file next to
 * the socket records it, so a pool started after a killed JVM can find and stop it.
 *
 * <p>Cost: one system emulator; under TCG about one core while the guest writes at full speed.
 */
final class QemuProcess {

    private static final long QUIT_WAIT_MILLIS = 3000;
    private static final long TERM_WAIT_MILLIS = 3000;

    private final QemuSettings settings;
    private final HostId host;
    private final GuestSpec guest;
    private final String label;
    private final Process process;
    private final Path qmpSocket;
    private final Path serialLog;
    private final Path stderrLog;
    private final Path pidFile;
    private final HeartbeatTail tail;
    private volatile QmpClient qmp;

    private QemuProcess(QemuSettings settings, HostId host, GuestSpec guest, String label, Process process,
            Path qmpSocket, Path serialLog, Path stderrLog, Path pidFile, int heartbeatCapacity) {
        this.settings = settings;
        this.host = host;
        this.guest = guest;
        this.label = label;
        this.process = process;
        this.qmpSocket = qmpSocket;
        this.serialLog = serialLog;
        this.stderrLog = stderrLog;
        this.pidFile = pidFile;
        this.tail = new HeartbeatTail(serialLog, host, process.pid(), heartbeatCapacity);
    }

    /**
     * Starts QEMU and connects to its QMP socket.
     *
     * @param hostDir  the host slot's directory
     * @param instance a number unique in the pool, so successive processes of one VM never share a file
     * @param incoming whether this is a migration destination ({@code -incoming defer})
     * @throws HypervisorException {@code QEMU_START_FAILED} with QEMU's own first error line
     */
    static QemuProcess start(QemuSettings settings, HostId host, Path hostDir, GuestSpec guest, int instance,
            boolean incoming, int heartbeatCapacity) throws HypervisorException {
        String base = guest.name() + "." + instance;
        Path qmp = hostDir.resolve(base + ".qmp");
        Path serial = hostDir.resolve(base + ".serial.log");
        Path stderr = hostDir.resolve(base + ".stderr.log");
        Path pidFile = hostDir.resolve(base + ".pid");
        try {
            Files.createDirectories(hostDir);
            Files.deleteIfExists(qmp);
            Files.deleteIfExists(serial);
        } catch (IOException e) {
            throw new HypervisorException("QEMU_START_FAILED", "cannot prepare " + hostDir + ": " + e.getMessage(), e);
        }
        List<String> command = commandLine(settings, host, guest, qmp, serial, incoming);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(stderr.toFile()).redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
        Map<String, String> env = pb.environment();
        if (!settings.libraryPath().isEmpty()) {
            String old = env.get("LD_LIBRARY_PATH");
            env.put("LD_LIBRARY_PATH", settings.libraryPath() + (old == null || old.isEmpty() ? "" : ":" + old));
        }
        if (!settings.moduleDir().isEmpty()) {
            env.put("QEMU_MODULE_DIR", settings.moduleDir());
        }
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new HypervisorException("QEMU_START_FAILED",
                    "cannot run " + settings.qemuBinary() + ": " + e.getMessage(), e);
        }
        String label = host + "/" + guest.name() + " (pid " + p.pid() + ")";
        QemuProcess qp = new QemuProcess(settings, host, guest, label, p, qmp, serial, stderr, pidFile,
                heartbeatCapacity);
        try {
            Files.writeString(pidFile, p.pid() + "\n" + qmp + "\n", StandardCharsets.UTF_8);
            qp.qmp = QmpClient.connect(label, qmp, settings.qmpTimeout(), p::isAlive);
        } catch (HypervisorException | IOException e) {
            String why = qp.firstErrorLine();
            qp.stop();
            throw new HypervisorException("QEMU_START_FAILED",
                    label + ": " + (why.isEmpty() ? e.getMessage() : why), e);
        }
        return qp;
    }

    private static java.io.File nullDevice() {
        return new java.io.File("/dev/null");
    }

    /** @return the full command line: identical for both ends of a migration except {@code -incoming} */
    static List<String> commandLine(QemuSettings settings, HostId host, GuestSpec guest, Path qmp, Path serial,
            boolean incoming) {
        List<String> c = new ArrayList<>();
        c.add(settings.qemuBinary());
        for (Path d : settings.dataDirs()) {
            c.add("-L");
            c.add(d.toString());
        }
        c.addAll(List.of("-name", guest.name() + ",process=ferry-" + host,
                "-machine", settings.machine(), "-accel", settings.accel(), "-cpu", settings.cpuModel(),
                "-smp", "1", "-m", Integer.toString(guest.guestMemoryMiB()),
                "-display", "none", "-vga", "none", "-net", "none", "-no-reboot",
                "-serial", "file:" + serial,
                "-qmp", "unix:" + qmp + ",server=on,wait=off"));
        settings.kernel().ifPresent(k -> {
            c.add("-kernel");
            c.add(k.toString());
        });
        settings.initramfs().ifPresent(i -> {
            c.add("-initrd");
            c.add(i.toString());
        });
        c.add("-append");
        c.add("console=ttyS0 quiet panic=-1 " + guest.kernelArguments());
        if (incoming) {
            c.add("-incoming");
            c.add("defer");
        }
        return c;
    }

    /** Runs a QMP command on this process. */
    JsonNode qmp(String command, ObjectNode arguments) throws HypervisorException {
        QmpClient client = qmp;
        if (client == null) {
            throw new HypervisorException("QMP_CLOSED", label + ": not connected", null);
        }
        try {
            return client.execute(command, arguments);
        } catch (HypervisorException e) {
            if (!process.isAlive()) {
                throw new HypervisorException("QEMU_EXITED", label + ": QEMU exited (status " + exitStatus() + "): "
                        + describeDeath(), e);
            }
            throw e;
        }
    }

    /** @return why the process died, in one line: QEMU's error, else the guest's last serial line */
    String describeDeath() {
        String err = firstErrorLine();
        return err.isEmpty() ? "guest said: " + tail.lastLine() : err;
    }

    private String exitStatus() {
        try {
            return Integer.toString(process.exitValue());
        } catch (IllegalThreadStateException e) {
            return "running";
        }
    }

    /** @return QEMU's first line on stderr that looks like an error, or "" */
    String firstErrorLine() {
        try {
            if (!Files.exists(stderrLog)) {
                return "";
            }
            for (String l : Files.readAllLines(stderrLog, StandardCharsets.UTF_8)) {
                if (!l.isBlank() && !l.contains("terminating on signal")) {
                    return l.trim();
                }
            }
        } catch (IOException e) {
            return "";
        }
        return "";
    }

    /**
     * Stops the process by its PID: QMP {@code quit}, then SIGTERM, then SIGKILL, each bounded; removes the
     * socket and the PID file. Idempotent; never throws.
     */
    void stop() {
        QmpClient client = qmp;
        qmp = null;
        if (client != null) {
            if (process.isAlive()) {
                try {
                    client.execute("quit", null);
                } catch (HypervisorException ignored) {
                    // QEMU may close the socket before answering; the PID is what counts
                }
            }
            client.close();
        }
        try {
            if (!process.waitFor(QUIT_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                process.destroy();
                if (!process.waitFor(TERM_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(TERM_WAIT_MILLIS, TimeUnit.MILLISECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        tail.poll();
        try {
            Files.deleteIfExists(qmpSocket);
            if (!process.isAlive()) {
                Files.deleteIfExists(pidFile);
            }
        } catch (IOException ignored) {
            // left for the next start's reaper
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    HostId host() {
        return host;
    }

    GuestSpec guest() {
        return guest;
    }

    HeartbeatTail tail() {
        return tail;
    }

    Path serialLog() {
        return serialLog;
    }

    /** @return CPU seconds the process has used, from /proc, or NaN where /proc is not readable */
    double cpuSeconds() {
        return process.toHandle().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
    }

    @Override
    public String toString() {
        return label;
    }
}
