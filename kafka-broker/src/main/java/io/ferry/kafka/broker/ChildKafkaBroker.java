package io.ferry.kafka.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Uuid;

/**
 * A real single-node Kafka broker in a child JVM: {@code kafka.tools.StorageTool format --standalone} then
 * {@code kafka.Kafka server.properties}, both run with a class path that holds the broker's jars (by default this
 * JVM's own). The broker is isolated from the caller's class path and heap, and can be {@linkplain #kill() killed}
 * (no clean shutdown) and {@linkplain #restart() restarted} on the same log directory and port: what failover and
 * restart tests and the local demo need.
 *
 * <p>Cost: a JVM start for the format (≈1–2 s) and one per broker start (5–7 s to an open port on a 2-core
 * machine), 310–435 MB RSS at the default {@code -Xmx256m}. The child's output goes to {@code broker.log} in the
 * log directory. A start that does not answer within {@link BrokerOptions#startTimeout()} is killed and tried
 * once more (same directory and port).
 */
public final class ChildKafkaBroker implements KafkaBroker {

    /** The child's default heap. */
    public static final String DEFAULT_HEAP = "-Xmx256m";

    private final BrokerOptions options;
    private final String classPath;
    private final Path logDir;
    private final boolean ownsDir;
    private final int port;
    private final Path serverProperties;
    private Process process;
    private boolean closed;

    private ChildKafkaBroker(BrokerOptions options, String classPath, Path logDir, boolean ownsDir, int port,
            int controllerPort) {
        this.options = options;
        this.classPath = classPath;
        this.logDir = logDir;
        this.ownsDir = ownsDir;
        this.port = port;
        Properties p = BrokerFiles.properties(port, controllerPort, logDir.resolve("data"), options.overrides());
        this.serverProperties = logDir.resolve("server.properties");
        if (!Files.exists(serverProperties)) {
            BrokerFiles.write(p, logDir);
        }
    }

    /** @return a started child broker on a temporary directory, class path {@code java.class.path} */
    public static ChildKafkaBroker start() {
        return start(BrokerOptions.defaults(), System.getProperty("java.class.path"));
    }

    /**
     * Formats a fresh temporary log directory and starts a child broker on it.
     *
     * @param classPath a class path holding {@code org.apache.kafka:kafka_2.13} and its dependencies
     * @throws BrokerException when it does not answer within the start timeout, twice
     */
    public static ChildKafkaBroker start(BrokerOptions options, String classPath) {
        try {
            return start(options, classPath, Files.createTempDirectory("ferry-kafka-"), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a log directory", e);
        }
    }

    /**
     * Starts a child broker on {@code logDir}: formatted and given fresh ports when it holds no
     * {@code server.properties} yet, otherwise started as it was configured (same ports, same data): a broker that
     * survives the process that started it, e.g. {@code ./ferry run --kafka} across runs.
     *
     * @param ownsDir whether {@link #close()} deletes {@code logDir}
     */
    public static ChildKafkaBroker start(BrokerOptions options, String classPath, Path logDir, boolean ownsDir) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(classPath, "classPath");
        ChildKafkaBroker broker;
        try {
            Files.createDirectories(logDir);
            Path existing = logDir.resolve("server.properties");
            if (Files.exists(existing)) {
                Properties p = new Properties();
                try (var r = Files.newBufferedReader(existing, StandardCharsets.UTF_8)) {
                    p.load(r);
                }
                broker = new ChildKafkaBroker(options, classPath, logDir, ownsDir, portOf(p.getProperty(
                        "advertised.listeners")), -1);
            } else {
                broker = new ChildKafkaBroker(options, classPath, logDir, ownsDir, BrokerFiles.freePort(),
                        BrokerFiles.freePort());
                broker.format();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + logDir, e);
        }
        try {
            broker.launchWithRetry();
            return broker;
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
    }

    private static int portOf(String listener) {
        if (listener == null) {
            throw new BrokerException("server.properties has no advertised.listeners");
        }
        return Integer.parseInt(listener.substring(listener.lastIndexOf(':') + 1).trim());
    }

    private List<String> java(String mainClass, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add(DEFAULT_HEAP);
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        return cmd;
    }

    private void format() {
        Path out = logDir.resolve("format.log");
        try {
            Process p = new ProcessBuilder(java("kafka.tools.StorageTool", "format", "--standalone", "-t",
                    Uuid.randomUuid().toString(), "-c", serverProperties.toString()))
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(options.opTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new BrokerException("formatting " + logDir + " did not finish within " + options.opTimeout());
            }
            if (p.exitValue() != 0) {
                throw new BrokerException("formatting " + logDir + " failed (" + p.exitValue() + "): "
                        + Files.readString(out, StandardCharsets.UTF_8).strip());
            }
        } catch (IOException e) {
            throw new BrokerException("cannot run the storage tool: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerException("interrupted while formatting " + logDir, e);
        }
    }

    private void launchWithRetry() {
        try {
            launch();
        } catch (BrokerException first) {
            kill();
            try {
                launch();
            } catch (BrokerException second) {
                kill();
                throw new BrokerException(second.getMessage() + " (and the first attempt: " + first.getMessage()
                        + ")", second);
            }
        }
    }

    private void launch() {
        Duration timeout = options.startTimeout();
        try {
            // a broker on a directory it owns is this JVM's: it halts when this JVM is gone (a kept one outlives it)
            String main = ownsDir ? ParentWatchedKafka.class.getName() : "kafka.Kafka";
            process = new ProcessBuilder(java(main, serverProperties.toString())).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logDir.resolve("broker.log").toFile())).start();
            if (!Topics.awaitReady(bootstrapServers(), System.nanoTime() + timeout.toNanos())) {
                String state = process.isAlive() ? "did not answer" : "exited (" + process.exitValue() + ")";
                throw new BrokerException("child broker on " + bootstrapServers() + " " + state + " within " + timeout
                        + "; see " + logDir.resolve("broker.log"));
            }
        } catch (IOException e) {
            throw new BrokerException("cannot start a child JVM: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerException("interrupted while starting the child broker", e);
        }
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public Path logDir() {
        return logDir;
    }

    /** @return the child's process id, while it runs */
    public synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException("not running");
        }
        return process.pid();
    }

    @Override
    public synchronized void createTopic(String name, int partitions, boolean compacted) {
        Topics.create(bootstrapServers(), name, partitions, compacted, options.opTimeout());
    }

    /** Kills the child at once (SIGKILL, no clean shutdown), keeping its data: a crashed broker. */
    public synchronized void kill() {
        Process p = process;
        process = null;
        if (p == null) {
            return;
        }
        p.destroyForcibly();
        awaitExit(p);
    }

    /** Stops the child cleanly (SIGTERM, bounded; killed when it does not exit in time), keeping its data. */
    public synchronized void stop() {
        Process p = process;
        process = null;
        if (p == null) {
            return;
        }
        p.destroy();
        if (!awaitExit(p)) {
            p.destroyForcibly();
            awaitExit(p);
        }
    }

    /** Starts the broker again on the same directory and port after {@link #kill()} or {@link #stop()}. */
    public synchronized void restart() {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        stop();
        launchWithRetry();
    }

    private boolean awaitExit(Process p) {
        try {
            return p.waitFor(options.opTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stop();
        } finally {
            if (ownsDir) {
                BrokerFiles.deleteTree(logDir);
            }
        }
    }

    @Override
    public String toString() {
        return "ChildKafkaBroker[" + bootstrapServers() + ", " + logDir + "]";
    }
}
