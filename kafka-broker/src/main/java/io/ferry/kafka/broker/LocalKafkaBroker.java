package io.ferry.kafka.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Kafka broker in this JVM: the storage is formatted with Kafka's {@code StorageTool}
 * ({@code format --standalone}), then {@code kafka.server.KafkaRaftServer} runs broker and controller in one node
 * on two free loopback ports and a temporary log directory. Only Kafka's own non-test classes.
 *
 * <p>Cost: 4–9 s to start on a 2-core machine, ≈165 MB heap, threads for the broker's network and request
 * handlers. A start that does not answer within {@link BrokerOptions#startTimeout()} is abandoned and tried once
 * more on fresh ports and a fresh directory. {@link #stop()} and {@link #restart()} keep the log directory and the
 * ports (a broker restarted where it was); {@link #close()} deletes the directory.
 *
 * <p>When not to use: to isolate the broker from the test's class path or to kill it without a clean shutdown,
 * use {@link ChildKafkaBroker}.
 */
public final class LocalKafkaBroker implements KafkaBroker {

    private final BrokerOptions options;
    private final Path logDir;
    private final int port;
    private final int controllerPort;
    private final Properties properties;
    private KafkaRaftServer server;
    private boolean closed;

    private LocalKafkaBroker(BrokerOptions options, Path logDir, int port, int controllerPort) {
        this.options = options;
        this.logDir = logDir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.properties = BrokerFiles.properties(port, controllerPort, logDir.resolve("data"), options.overrides());
    }

    /** @return a started broker with the default options */
    public static LocalKafkaBroker start() {
        return start(BrokerOptions.defaults());
    }

    /**
     * Formats a fresh log directory and starts a broker on it; a start that times out is abandoned and tried once
     * more on fresh ports and a fresh directory.
     *
     * @return a started broker that answers metadata requests
     * @throws BrokerException when both attempts fail, with each attempt's reason
     */
    public static LocalKafkaBroker start(BrokerOptions options) {
        Objects.requireNonNull(options, "options");
        BrokerException first = null;
        for (int attempt = 1; attempt <= 2; attempt++) {
            LocalKafkaBroker broker = null;
            try {
                broker = new LocalKafkaBroker(options, Files.createTempDirectory("ferry-kafka-"),
                        BrokerFiles.freePort(), BrokerFiles.freePort());
                broker.format();
                broker.launch();
                return broker;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a log directory", e);
            } catch (BrokerException e) {
                if (broker != null) {
                    try {
                        broker.close();
                    } catch (RuntimeException stuck) {
                        e.addSuppressed(stuck);
                    }
                }
                if (first != null) {
                    throw new BrokerException(e.getMessage() + " (and the first attempt: " + first.getMessage() + ")",
                            e);
                }
                first = e;
            }
        }
        throw first;
    }

    private void format() {
        try {
            Files.createDirectories(logDir.resolve("data"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path file = BrokerFiles.write(properties, logDir);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc;
        try (PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            rc = StorageTool.execute(new String[] {"format", "--standalone", "-t", Uuid.randomUuid().toString(),
                "-c", file.toString()}, ps);
        }
        if (rc != 0) {
            throw new BrokerException("formatting " + logDir + " failed (" + rc + "): "
                    + out.toString(StandardCharsets.UTF_8).strip());
        }
    }

    private void launch() {
        KafkaRaftServer s = new KafkaRaftServer(KafkaConfig.fromProps(properties), Time.SYSTEM);
        server = s;
        Duration timeout = options.startTimeout();
        long deadline = System.nanoTime() + timeout.toNanos();
        ExecutorService starter = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "ferry-kafka-start");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<?> started = starter.submit(s::startup);
            started.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!Topics.awaitReady(bootstrapServers(), deadline)) {
                throw new BrokerException("broker on " + bootstrapServers() + " did not answer within " + timeout);
            }
        } catch (TimeoutException e) {
            throw new BrokerException("broker on " + bootstrapServers() + " did not start within " + timeout);
        } catch (ExecutionException e) {
            throw new BrokerException("broker on " + bootstrapServers() + " failed to start: "
                    + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerException("interrupted while starting the broker", e);
        } finally {
            starter.shutdownNow();
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

    @Override
    public synchronized void createTopic(String name, int partitions, boolean compacted) {
        Topics.create(bootstrapServers(), name, partitions, compacted, options.opTimeout());
    }

    /** Shuts the broker down cleanly (bounded), keeping its log directory and ports for {@link #restart()}. */
    public synchronized void stop() {
        KafkaRaftServer s = server;
        server = null;
        if (s == null) {
            return;
        }
        Thread stopper = new Thread(() -> {
            s.shutdown();
            s.awaitShutdown();
        }, "ferry-kafka-stop");
        stopper.setDaemon(true);
        stopper.start();
        try {
            stopper.join(options.opTimeout().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (stopper.isAlive()) {
            throw new BrokerException("broker on " + bootstrapServers() + " did not shut down within "
                    + options.opTimeout());
        }
    }

    /** Starts the broker again on the same log directory and ports after {@link #stop()} (no retry). */
    public synchronized void restart() {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        stop();
        launch();
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
            BrokerFiles.deleteTree(logDir);
        }
    }

    @Override
    public String toString() {
        return "LocalKafkaBroker[" + bootstrapServers() + ", " + logDir + "]";
    }
}
