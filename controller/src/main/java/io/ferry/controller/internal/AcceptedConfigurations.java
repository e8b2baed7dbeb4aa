package io.ferry.controller.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last configuration the controller accepted for each pool, kept where a restart finds it, so that a pool
 * whose {@code .cfg} file is invalid at start runs on what was last accepted rather than on the built-in defaults
 * (issue 14.2: a rejected file turned dry-run off and the policy back to pre-copy after a restart).
 *
 * <p>Cost: one small file write per accepted configuration, one read per rejected one at start. Thread-safe.
 */
public interface AcceptedConfigurations {

    /** @return the last accepted properties of {@code pool}, empty when none was kept */
    Optional<Map<String, String>> load(String pool);

    /** Keeps {@code properties} as the last accepted configuration of {@code pool}. */
    void save(String pool, Map<String, ?> properties);

    /** Forgets the pool's configuration (its configuration was deleted). */
    void remove(String pool);

    /** @return a store that lives as long as the object (tests, the embedded controller) */
    static AcceptedConfigurations inMemory() {
        Map<String, Map<String, String>> kept = new ConcurrentHashMap<>();
        return new AcceptedConfigurations() {
            @Override
            public Optional<Map<String, String>> load(String pool) {
                return Optional.ofNullable(kept.get(pool));
            }

            @Override
            public void save(String pool, Map<String, ?> properties) {
                kept.put(pool, strings(properties));
            }

            @Override
            public void remove(String pool) {
                kept.remove(pool);
            }
        };
    }

    /** @return the properties as strings, as a {@code .cfg} file would give them, sorted by key */
    static Map<String, String> strings(Map<String, ?> properties) {
        Map<String, String> out = new TreeMap<>();
        properties.forEach((k, v) -> {
            if (v != null) {
                out.put(k, String.valueOf(v));
            }
        });
        return out;
    }

    /**
     * One properties file per pool in a directory ({@code ${karaf.data}/ferry/pools} in Karaf), written to a
     * temporary file and moved into place, so a crash leaves the previous file or the new one, never half of one.
     * A directory that cannot be written is logged once per failure and costs nothing else.
     */
    final class InDirectory implements AcceptedConfigurations {
        private static final Logger LOG = LoggerFactory.getLogger(AcceptedConfigurations.class);
        private final Path directory;

        public InDirectory(Path directory) {
            this.directory = directory;
        }

        private Path file(String pool) {
            return directory.resolve(URLEncoder.encode(pool, StandardCharsets.UTF_8) + ".properties");
        }

        @Override
        public synchronized Optional<Map<String, String>> load(String pool) {
            Path f = file(pool);
            if (!java.nio.file.Files.isRegularFile(f)) {
                return Optional.empty();
            }
            Properties p = new Properties();
            try (Reader in = java.nio.file.Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                p.load(in);
            } catch (IOException | IllegalArgumentException e) {
                LOG.warn("cannot read the last accepted configuration of pool {} in {}: {}", pool, f, e.toString());
                return Optional.empty();
            }
            Map<String, String> out = new LinkedHashMap<>();
            p.stringPropertyNames().stream().sorted().forEach(k -> out.put(k, p.getProperty(k)));
            return Optional.of(out);
        }

        @Override
        public synchronized void save(String pool, Map<String, ?> properties) {
            Properties p = new Properties();
            p.putAll(strings(properties));
            Path f = file(pool);
            try {
                java.nio.file.Files.createDirectories(directory);
                Path tmp = java.nio.file.Files.createTempFile(directory, ".pool-", ".tmp");
                try (Writer out = java.nio.file.Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                    p.store(out, "the last configuration of pool " + pool + " the controller accepted");
                }
                try {
                    java.nio.file.Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING,
                            StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    java.nio.file.Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException e) {
                LOG.warn("cannot keep the accepted configuration of pool {} in {}: {}", pool, directory, e.toString());
            }
        }

        @Override
        public synchronized void remove(String pool) {
            try {
                java.nio.file.Files.deleteIfExists(file(pool));
            } catch (IOException e) {
                LOG.warn("cannot remove {}: {}", file(pool), e.toString());
            }
        }
    }
}
