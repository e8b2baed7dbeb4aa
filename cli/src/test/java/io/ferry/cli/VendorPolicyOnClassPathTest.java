package io.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.api.spi.MigrationAgentFactory;
import io.ferry.api.spi.MigrationPolicyFactory;
import io.ferry.cli.vendor.IdleAgentFactory;
import io.ferry.cli.vendor.FixedRoundsPolicyFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A vendor's policy jar on the class path appears in {@code ferry compare --policies} with no Ferry code changed:
 * the policy exists only in this test ({@link FixedRoundsPolicyFactory}); the test builds a jar that registers it
 * the way any vendor would, in {@code META-INF/services/io.ferry.api.spi.MigrationPolicyFactory}, and puts that
 * jar on the class path (the context class loader) of a {@code ferry} run.
 */
class VendorPolicyOnClassPathTest {

    @TempDir
    Path dir;

    private Path vendorJar() throws IOException {
        Path jar = dir.resolve("vendor-policy.jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            out.putNextEntry(new JarEntry("META-INF/services/" + MigrationPolicyFactory.class.getName()));
            out.write((FixedRoundsPolicyFactory.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return jar;
    }

    private Run ferryWithClassPath(Path jar, String... args) throws IOException {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        try (URLClassLoader withJar = new URLClassLoader(new URL[] {jar.toUri().toURL()}, before)) {
            thread.setContextClassLoader(withJar);
            return Run.ferry(args);
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    @Test
    void compareWhenVendorJarOnClassPathThenVendorPolicyRunsBesideTheShippedOnes() throws IOException {
        Run r = ferryWithClassPath(vendorJar(), "compare", "--policies", "precopy," + FixedRoundsPolicyFactory.NAME,
                "--suite", "smoke", "--seed", "42", "--quiet", "--out", dir.resolve("out").toString());

        assertThat(r.err()).isEmpty();
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains(FixedRoundsPolicyFactory.NAME).contains("precopy");
        assertThat(dir.resolve("out/results.json")).content().contains(FixedRoundsPolicyFactory.NAME);
    }

    @Test
    void compareWhenVendorJarOnClassPathThenItsSettingsAreListedAndAccepted() throws IOException {
        Path jar = vendorJar();
        Run listing = ferryWithClassPath(jar, "compare", "--list-settings");
        assertThat(listing.out()).contains("--set " + FixedRoundsPolicyFactory.NAME + ".rounds=2  (Integer)");

        Run set = ferryWithClassPath(jar, "compare", "--policies", FixedRoundsPolicyFactory.NAME, "--suite", "smoke",
                "--set", FixedRoundsPolicyFactory.NAME + ".rounds=0", "--quiet", "--out", dir.resolve("o").toString());
        assertThat(set.err().strip()).isEqualTo("--set " + FixedRoundsPolicyFactory.NAME + ".rounds = 0: must be >= 1");
        assertThat(set.exit()).isEqualTo(2);
    }

    @Test
    void compareWhenVendorJarIsNotOnClassPathThenVendorPolicyIsUnknown() throws IOException {
        Run r = ferryWithClassPath(dir.resolve("absent.jar"), "compare", "--policies", FixedRoundsPolicyFactory.NAME,
                "--suite", "smoke", "--quiet", "--out", dir.resolve("out").toString());

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("unknown policy \"" + FixedRoundsPolicyFactory.NAME + "\" in --policies");
    }

    @Test
    void datacenterWhenVendorAgentJarOnClassPathThenItRunsByNameAndWithNameNumber() throws IOException {
        Path jar = dir.resolve("vendor-agent.jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            out.putNextEntry(new JarEntry("META-INF/services/" + MigrationAgentFactory.class.getName()));
            out.write((IdleAgentFactory.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        Path traces = Files.createDirectories(dir.resolve("day"));
        for (int vm = 0; vm < 4; vm++) {
            Files.writeString(traces.resolve("vm-" + vm), "10\n20\n30\n40\n");
        }

        Run r = ferryWithClassPath(jar, "datacenter", "--agents", "dvfs,vendor-idle,vendor-idle-0.25", "--workload",
                traces.toString(), "--hosts", "4", "--out", dir.resolve("dc").toString());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().lines().skip(2).limit(3).map(l -> l.split(" +")[0]))
                .containsExactly("dvfs", "vendor-idle", "vendor-idle-0.25");
        Run without = ferryWithClassPath(dir.resolve("absent.jar"), "datacenter", "--agents", "vendor-idle",
                "--workload", traces.toString(), "--out", dir.resolve("dc2").toString());
        assertThat(without.exit()).isEqualTo(2);
        assertThat(without.err()).startsWith("--agents: unknown agent \"vendor-idle\"");
    }
}
