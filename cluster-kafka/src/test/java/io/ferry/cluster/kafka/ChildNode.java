package io.ferry.cluster.kafka;

import io.ferry.api.model.PoolId;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A {@link ClusterNode} in a child JVM on this test's class path: started, then killed with
 * {@link Process#destroyForcibly()} (no clean leave) and started again under the same instance id. Follows the
 * child's {@code owns [..]} lines.
 */
final class ChildNode implements AutoCloseable {

    private final String bootstrap;
    final String instance;
    private final Path log;
    private Process process;
    private volatile Set<PoolId> owned = Set.of();

    ChildNode(String bootstrap, String instance, Path log) {
        this.bootstrap = bootstrap;
        this.instance = instance;
        this.log = log;
    }

    synchronized void start() throws IOException {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx192m",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", ClusterNode.class.getName(), bootstrap, instance);
        owned = Set.of();
        process = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        Process p = process;
        Thread reader = new Thread(() -> follow(p), "follow-" + instance);
        reader.setDaemon(true);
        reader.start();
    }

    private void follow(Process p) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("owns [")) {
                    String inner = line.substring("owns [".length(), line.length() - 1);
                    Set<PoolId> s = inner.isBlank() ? Set.of()
                            : Arrays.stream(inner.split(",")).map(String::trim).map(PoolId::new)
                                    .collect(Collectors.toCollection(TreeSet::new));
                    if (process == p) {
                        owned = s;
                    }
                }
            }
        } catch (IOException e) {
            // the child is gone
        }
    }

    /** @return the pools the child last said it owns; empty while it is down */
    Set<PoolId> owned() {
        return owned;
    }

    /** Kills the child: no clean leave, no last commit. */
    synchronized void kill() throws InterruptedException {
        Process p = process;
        process = null;
        owned = Set.of();
        if (p != null) {
            p.destroyForcibly();
            p.waitFor();
        }
    }

    @Override
    public void close() {
        try {
            kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
