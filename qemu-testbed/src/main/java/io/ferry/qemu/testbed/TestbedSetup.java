package io.ferry.qemu.testbed;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Makes sure the testbed's images exist in the cache directory, building what is missing with
 * {@code testbed-setup.sh}: a private apt configuration (bookworm and bookworm-backports, the machine's own Debian
 * mirror) fetches qemu-system-x86 &gt;= 9 with the libraries this machine lacks, the Debian kernel and
 * busybox-static, unpacked with {@code dpkg -x}; the machine's {@code gcc -O2 -static} compiles the guest
 * workload; {@code cpio -H newc | gzip} packs the initramfs. Nothing is installed on the system.
 *
 * <p>Cost: the first run downloads about 85 MB and takes about a minute; later runs find every stage's stamp and
 * return in well under a second (the script then only re-checks that QEMU starts). The cache directory is, in
 * order: the system property {@value #CACHE_PROPERTY}, the environment variable {@value #CACHE_ENV}, or
 * {@code ~/.cache/ferry-testbed}.
 */
public final class TestbedSetup {

    /** System property naming the cache directory. */
    public static final String CACHE_PROPERTY = "ferry.testbed.cache";
    /** Environment variable naming the cache directory. */
    public static final String CACHE_ENV = "FERRY_TESTBED_CACHE";
    /** The longest a setup may take (a cold download on a slow mirror). */
    public static final Duration SETUP_TIMEOUT = Duration.ofMinutes(20);

    private static final String SCRIPT = "testbed-setup.sh";
    private static final String WORKLOAD = "ferry-workload.c";

    private TestbedSetup() {
    }

    /** @return the cache directory this machine's configuration names */
    public static Path defaultCacheDir() {
        String p = System.getProperty(CACHE_PROPERTY);
        if (p == null || p.isBlank()) {
            p = System.getenv(CACHE_ENV);
        }
        if (p == null || p.isBlank()) {
            return Path.of(System.getProperty("user.home"), ".cache", "ferry-testbed");
        }
        return Path.of(p);
    }

    /** @return the images in {@link #defaultCacheDir()}, built if needed */
    public static TestbedImages ensure() throws TestbedUnavailableException {
        return ensure(defaultCacheDir());
    }

    /**
     * Builds what is missing in {@code cacheDir} and describes the result.
     *
     * @throws TestbedUnavailableException with one line: why this machine cannot run the testbed
     */
    public static TestbedImages ensure(Path cacheDir) throws TestbedUnavailableException {
        long start = System.nanoTime();
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            throw new TestbedUnavailableException("the testbed needs Linux on x86-64, this is " + os + "/" + arch);
        }
        if (!onPath("apt-get") || !onPath("dpkg-deb")) {
            throw new TestbedUnavailableException("apt-get and dpkg-deb are needed to fetch QEMU and the guest kernel "
                    + "from Debian (this is not a Debian machine)");
        }
        Path src = cacheDir.resolve("src");
        Path script = src.resolve(SCRIPT);
        Path workload = src.resolve(WORKLOAD);
        try {
            Files.createDirectories(src);
            copyResource(SCRIPT, script);
            copyResource(WORKLOAD, workload);
        } catch (IOException e) {
            throw new TestbedUnavailableException("cannot write to the cache directory " + cacheDir + ": " + why(e), e);
        }
        Path log = cacheDir.resolve("setup.log");
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), cacheDir.toString(), workload.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        try {
            Process p = pb.start();
            if (!p.waitFor(SETUP_TIMEOUT.toMinutes(), TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new TestbedUnavailableException("testbed setup did not finish within " + SETUP_TIMEOUT.toMinutes()
                        + " minutes (see " + log + ")");
            }
            if (p.exitValue() != 0) {
                throw new TestbedUnavailableException("testbed setup failed: " + lastError(log) + " (see " + log + ")");
            }
        } catch (IOException e) {
            throw new TestbedUnavailableException("cannot run bash " + script + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TestbedUnavailableException("interrupted during the testbed setup", e);
        }
        return read(cacheDir, Duration.ofNanos(System.nanoTime() - start));
    }

    private static TestbedImages read(Path cacheDir, Duration took) throws TestbedUnavailableException {
        Properties p = new Properties();
        Path file = cacheDir.resolve("testbed.properties");
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new TestbedUnavailableException("the setup wrote no readable " + file + ": " + e.getMessage(), e);
        }
        List<Path> data = new ArrayList<>();
        for (String d : required(p, "qemu.data.dirs").split(":")) {
            data.add(Path.of(d));
        }
        return new TestbedImages(cacheDir, Path.of(required(p, "qemu.binary")), required(p, "qemu.library.path"),
                data, Path.of(required(p, "qemu.module.dir")), required(p, "qemu.version"),
                Path.of(required(p, "kernel")), required(p, "kernel.package"), Path.of(required(p, "initramfs")),
                took);
    }

    private static String required(Properties p, String key) throws TestbedUnavailableException {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new TestbedUnavailableException("testbed.properties lacks " + key + " (remove the cache and retry)");
        }
        return v.trim();
    }

    private static void copyResource(String name, Path to) throws IOException {
        try (InputStream in = TestbedSetup.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("resource " + name + " is missing from the qemu-testbed jar");
            }
            byte[] bytes = in.readAllBytes();
            if (Files.exists(to) && Arrays.equals(Files.readAllBytes(to), bytes)) {
                return; // unchanged: keeps the workload's stamp valid
            }
            Path tmp = to.resolveSibling(to.getFileName() + ".tmp");
            Files.write(tmp, bytes);
            Files.move(tmp, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private static String why(IOException e) {
        if (e instanceof java.nio.file.FileSystemException f) {
            return f.getReason() != null ? f.getReason() : e.getClass().getSimpleName();
        }
        return e.getMessage();
    }

    private static String lastError(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (lines.get(i).startsWith("ferry-testbed: error:")) {
                    return lines.get(i).substring("ferry-testbed: error:".length()).trim();
                }
            }
            return lines.isEmpty() ? "no output" : lines.get(lines.size() - 1).trim();
        } catch (IOException e) {
            return "no log (" + e.getMessage() + ")";
        }
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
