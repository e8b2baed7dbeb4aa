package io.ferry.itests;

import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.CoreOptions.systemTimeout;
import static org.ops4j.pax.exam.CoreOptions.vmOptions;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.features;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.inject.Inject;
import javax.security.auth.Subject;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption;
import org.ops4j.pax.exam.options.MavenArtifactUrlReference;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * What every Ferry integration test shares: a stock Apache Karaf 4.4.10 (the tar.gz from Maven Central) with
 * Ferry's features repository added and the umbrella feature {@code ferry} installed at boot, plus helpers that
 * read like a script — {@link #executeCommand}, {@link #assertContains}, {@link #waitFor}.
 *
 * <p>Karaf is started the way its own {@code bin/karaf} starts it on JDK 9+: Pax Exam does not add those flags,
 * so {@link #jdk17Options()} copies them (lines 305–325 of Karaf 4.4.10's {@code bin/karaf}).
 */
public abstract class FerryTestSupport {

    static final String KARAF_VERSION = System.getProperty("karaf.version", "4.4.10");
    static final String FERRY_VERSION = System.getProperty("project.version", "0.1.0-SNAPSHOT");
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

    @Inject
    protected BundleContext bundleContext;

    @Inject
    protected SessionFactory sessionFactory;

    private final ExecutorService commands = Executors.newCachedThreadPool();

    /** @return the options of every Ferry container; subclasses add their own */
    protected Option[] baseOptions(Option... extra) {
        String localRepo = System.getProperty("maven.repo.local",
                System.getProperty("user.home") + "/.m2/repository");
        MavenArtifactUrlReference karaf = maven().groupId("org.apache.karaf").artifactId("apache-karaf")
                .version(KARAF_VERSION).type("tar.gz");
        MavenArtifactUrlReference ferryFeatures = maven().groupId("io.ferry").artifactId("karaf-features")
                .version(FERRY_VERSION).classifier("features").type("xml");
        List<Option> options = new ArrayList<>(List.of(
                karafDistributionConfiguration().frameworkUrl(karaf).unpackDirectory(new File("target/exam"))
                        .useDeployFolder(false),
                configureConsole().ignoreLocalConsole(),
                logLevel(LogLevelOption.LogLevel.INFO),
                systemTimeout(300_000),
                editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository",
                        localRepo),
                editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.repositories",
                        "https://repo1.maven.org/maven2@id=central"),
                // the audit log goes under the container's data directory; keep it small to exercise rotation
                editConfigurationFilePut("etc/io.ferry.controller.cfg", "auditMaxBytes", "262144"),
                features(ferryFeatures, "ferry"),
                jdk17Options()));
        options.addAll(Arrays.asList(extra));
        return options.toArray(new Option[0]);
    }

    /** @return the JVM flags Karaf 4.4.10's bin/karaf passes on JDK 9+, and a modest heap */
    static Option jdk17Options() {
        return vmOptions(
                "-Xmx768m",
                "--add-reads=java.xml=java.logging",
                "--add-exports=java.base/org.apache.karaf.specs.locator=java.xml,ALL-UNNAMED",
                "--patch-module", "java.base=lib/endorsed/org.apache.karaf.specs.locator-" + KARAF_VERSION + ".jar",
                "--patch-module", "java.xml=lib/endorsed/org.apache.karaf.specs.java.xml-" + KARAF_VERSION + ".jar",
                "--add-opens", "java.base/java.security=ALL-UNNAMED",
                "--add-opens", "java.base/java.net=ALL-UNNAMED",
                "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "--add-opens", "java.base/java.util=ALL-UNNAMED",
                "--add-opens", "java.naming/javax.naming.spi=ALL-UNNAMED",
                "--add-opens", "java.rmi/sun.rmi.transport.tcp=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.protocol.file=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.protocol.ftp=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.protocol.http=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.protocol.https=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.protocol.jar=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.content.text=ALL-UNNAMED",
                "--add-exports=jdk.xml.dom/org.w3c.dom.html=ALL-UNNAMED",
                "--add-exports=jdk.naming.rmi/com.sun.jndi.url.rmi=ALL-UNNAMED",
                "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
                "--add-exports=java.security.sasl/com.sun.security.sasl=ALL-UNNAMED",
                "--add-exports=java.naming/com.sun.jndi.ldap=ALL-UNNAMED");
    }

    /**
     * Runs a shell command as an operator would type it.
     *
     * @return what it printed, errors included ("Error executing command: ...")
     */
    protected String executeCommand(String command) {
        return executeCommand(command, new Principal[0]);
    }

    /**
     * Runs a shell command as a user with these principals would, e.g. {@code new RolePrincipal("admin")} for the
     * commands Karaf's command ACLs keep from a session without a subject ({@code config:edit},
     * {@code bundle:install}: otherwise "Command not found").
     *
     * @return what it printed, errors included
     */
    protected String executeCommand(String command, Principal... principals) {
        // Karaf registers a bundle's commands asynchronously once the services they reference are there: right after
        // the features are installed a command may not exist yet. Wait for it (a command that never registers still
        // fails, with Karaf's own "Command not found").
        long deadline = System.nanoTime() + COMMAND_REGISTRATION.toNanos();
        String output = executeOnce(command, principals);
        while (output.startsWith(COMMAND_NOT_FOUND) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            output = executeOnce(command, principals);
        }
        return output;
    }

    /** How long {@link #executeCommand} waits for a command to be registered. */
    private static final Duration COMMAND_REGISTRATION = Duration.ofSeconds(30);

    private static final String COMMAND_NOT_FOUND = "Error executing command: Command not found:";

    private String executeOnce(String command, Principal... principals) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Session session = sessionFactory.create(System.in, out, out);
        Callable<String> call = () -> {
            try {
                Object result;
                if (principals.length == 0) {
                    result = session.execute(command);
                } else {
                    Subject subject = new Subject();
                    subject.getPrincipals().addAll(Arrays.asList(principals));
                    result = Subject.doAs(subject, (PrivilegedExceptionAction<Object>) () -> session.execute(command));
                }
                if (result != null) {
                    out.println(result);
                }
            } catch (PrivilegedActionException e) {
                out.println("Error executing command: " + e.getCause().getMessage());
            } catch (Exception e) {
                out.println("Error executing command: " + e.getMessage());
            }
            out.flush();
            return bytes.toString(StandardCharsets.UTF_8);
        };
        Future<String> f = commands.submit(call);
        try {
            return f.get(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            f.cancel(true);
            throw new AssertionError("command '" + command + "' did not finish: " + e, e);
        } finally {
            session.close();
        }
    }

    protected static void assertContains(String expected, String actual) {
        assertTrue("expected to contain '" + expected + "' but was:\n" + actual, actual.contains(expected));
    }

    protected static void assertNotContains(String unexpected, String actual) {
        assertTrue("expected not to contain '" + unexpected + "' but was:\n" + actual, !actual.contains(unexpected));
    }

    /** Polls {@code condition} every 100 ms until it holds, failing with {@code what} after {@code timeout}. */
    protected static void waitFor(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted waiting for " + what);
            }
        }
    }

    /** @return the bundle with this symbolic name, or null */
    protected Bundle bundle(String symbolicName) {
        for (Bundle b : bundleContext.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        return null;
    }
}
