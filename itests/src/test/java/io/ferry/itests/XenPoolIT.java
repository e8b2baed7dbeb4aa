package io.ferry.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFileExtend;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.features;

import io.ferry.api.HypervisorAdapter;
import io.ferry.api.model.Capability;
import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.HostState;
import io.ferry.api.model.MigrationMetrics;
import io.ferry.api.model.MigrationOutcome;
import io.ferry.api.model.PoolId;
import io.ferry.api.model.VmState;
import io.ferry.controller.AuditRecord;
import io.ferry.controller.FerryController;
import io.ferry.controller.PoolStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;

/**
 * A simulated XenServer pool driven by the controller in a stock Karaf 4.4.10, as the distribution runs it: the
 * XAPI simulator runs inside the container from {@code etc/io.ferry.xapisim-itest.cfg} (feature
 * {@code ferry-xapi-simulator}, with {@code com.sun.net.httpserver} added to the system packages), and the pool
 * {@code xen} is {@code etc/io.ferry.xen-xen.cfg} pointing at it over HTTP. The controller completes migrations
 * through the xen-adapter and the real XenAPI SDK; the simulator itself (asked over XML-RPC, not through the
 * adapter) confirms the VM moved; {@code migration:status} says the pool runs pre-copy by its own rules; and a
 * policy needing post-copy is refused, naming {@code POST_COPY}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class XenPoolIT extends FerryTestSupport {

    private static final PoolId XEN = new PoolId("xen");
    private static final Pattern VALUE = Pattern.compile("<name>Value</name><value>([^<]*)</value>");
    private static final Pattern STATUS = Pattern.compile("<name>Status</name><value>([^<]*)</value>");

    /**
     * The system property that carries the simulator's port into the container: the port is chosen free in the
     * test driver, which runs {@link #config()}; the test methods run in the container's JVM.
     */
    private static final String PORT_PROPERTY = "ferry.itest.xapisim.port";

    @Inject
    protected FerryController controller;

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port: " + e, e);
        }
    }

    @Configuration
    public Option[] config() {
        int port = freePort();
        String sim = "etc/io.ferry.xapisim-itest.cfg";
        String xen = "etc/io.ferry.xen-xen.cfg";
        String pool = "etc/io.ferry.pool-xen.cfg";
        return baseOptions(
                // as the distribution does: the JDK's HTTP server exported by the system bundle, Karaf's entries kept
                systemProperty(PORT_PROPERTY).value(Integer.toString(port)),
                editConfigurationFileExtend("etc/config.properties", "org.osgi.framework.system.packages.extra",
                        "com.sun.net.httpserver"),
                features(maven().groupId("io.ferry").artifactId("karaf-features").version(FERRY_VERSION)
                        .classifier("features").type("xml"), "ferry-xapi-simulator"),
                // 4 hosts of 4 CPUs, 1 GiB VMs over 10 Gbit/s at 5 simulated seconds per second: short migrations
                editConfigurationFilePut(sim, "port", Integer.toString(port)),
                editConfigurationFilePut(sim, "hosts", "4"),
                editConfigurationFilePut(sim, "vms", "8"),
                editConfigurationFilePut(sim, "hostCpus", "4"),
                editConfigurationFilePut(sim, "vmMemoryGiB", "1"),
                editConfigurationFilePut(sim, "linkGbps", "10"),
                editConfigurationFilePut(sim, "timeScale", "5"),
                editConfigurationFilePut(sim, "seed", "7"),
                editConfigurationFilePut(xen, "pool.name", "xen"),
                editConfigurationFilePut(xen, "url", "http://127.0.0.1:" + port + "/"),
                editConfigurationFilePut(xen, "user", "root"),
                editConfigurationFilePut(xen, ".password", "xenroot"),
                editConfigurationFilePut(xen, "insecure", "true"),
                editConfigurationFilePut(xen, "taskPollMillis", "100"),
                editConfigurationFilePut(xen, "eventTimeoutSeconds", "5"),
                editConfigurationFilePut(pool, "pool.name", "xen"),
                editConfigurationFilePut(pool, "policy", "precopy"),
                editConfigurationFilePut(pool, "intervalSeconds", "2"),
                editConfigurationFilePut(pool, "holdSeconds", "2"),
                editConfigurationFilePut(pool, "cooldownSeconds", "0"),
                editConfigurationFilePut(pool, "linkGbps", "10"));
    }

    private HypervisorAdapter adapter() throws Exception {
        Collection<ServiceReference<HypervisorAdapter>> refs = bundleContext.getServiceReferences(
                HypervisorAdapter.class, "(pool.name=xen)");
        assertEquals(1, refs.size());
        return bundleContext.getService(refs.iterator().next());
    }

    private void awaitPool() {
        waitFor("pool xen with its first inventory, in the adapter and in the controller's status",
                Duration.ofSeconds(120), () -> {
            try {
                return adapter().snapshot().vms().size() == 8 && controller.pool(XEN)
                        .flatMap(PoolStatus::snapshot).map(s -> s.vms().size() == 8).orElse(false);
            } catch (Exception e) {
                return false;
            }
        });
    }

    @Test
    public void theAdapterBundleEmbedsTheSdkPrivatelyAndServesThePoolWithoutShowingThePassword() throws Exception {
        awaitPool();
        Bundle xen = bundle("io.ferry.xen-adapter");
        assertNotNull(xen);
        assertEquals(Bundle.ACTIVE, xen.getState());
        assertNull("nothing exported, the SDK least of all", xen.getHeaders().get("Export-Package"));
        assertTrue(String.valueOf(xen.getHeaders().get("Bundle-ClassPath")).contains("lib/xen-api-8.1.0.jar"));
        ServiceReference<HypervisorAdapter> ref = bundleContext.getServiceReferences(HypervisorAdapter.class,
                "(pool.name=xen)").iterator().next();
        for (String key : ref.getPropertyKeys()) {
            assertTrue("no password among the service properties: " + key, !key.toLowerCase().contains("password")
                    || String.valueOf(ref.getProperty(key)).isEmpty());
        }
        HypervisorAdapter adapter = bundleContext.getService(ref);
        assertEquals("xenserver", adapter.kind());
        assertEquals(EnumSet.of(Capability.PRE_COPY, Capability.CANCEL), EnumSet.copyOf(adapter.capabilities()));
        assertEquals(4, adapter.snapshot().hosts().size());
    }

    @Test
    public void controllerMigratesThroughTheXenAdapterAndTheSimulatorConfirmsTheMove() throws Exception {
        awaitPool();
        HypervisorAdapter adapter = adapter();
        ClusterSnapshot s = adapter.snapshot();
        VmState vm = s.vms().stream().filter(VmState::migratable).findFirst().orElseThrow();
        HostState target = s.hosts().stream()
                .filter(h -> !h.id().equals(vm.residentOn().orElseThrow()) && h.acceptsVms()
                        && h.memoryFreeBytes() > 2 * vm.memoryBytes())
                .findFirst().orElseThrow();

        // by name label, as an operator knows them; the shell resolves them to XAPI UUIDs and shows both
        String out = executeCommand("migration:migrate --pool xen " + vm.name() + " " + target.name());
        assertContains("migration xen-", out);
        assertContains(vm.id() + " (" + vm.name() + ") → " + target.id() + " (" + target.name() + ")", out);

        waitFor("the outcome of the migration", Duration.ofSeconds(120), () -> outcome(vm).isPresent());
        AuditRecord outcome = outcome(vm).orElseThrow();
        assertEquals(Optional.of(MigrationOutcome.Status.COMPLETED), outcome.status());
        assertEquals("precopy", outcome.policy());
        assertTrue(outcome.bundle(), outcome.bundle().startsWith("io.ferry.policy-precopy/"));
        assertContains("not reported by XAPI", outcome.detail());
        assertTrue("a measured total time beside the prediction", outcome.actual().isPresent()
                && outcome.predicted().isPresent());
        assertFalse("the audit log keeps that XAPI measured no downtime",
                outcome.actual().orElseThrow().reports(MigrationMetrics.Figure.DOWNTIME));
        assertEquals("the simulator says the VM runs on the target", target.id().value(), residentHostUuid(
                vm.id().value()));
        waitFor("the VM on its target in the adapter's snapshot", Duration.ofSeconds(30), () -> {
            try {
                return adapter.snapshot().vm(vm.id()).orElseThrow().residentOn().equals(Optional.of(target.id()));
            } catch (Exception e) {
                return false;
            }
        });
        String history = executeCommand("migration:history -n 100 --no-format xen");
        assertContains("completed", history);
        assertContains(vm.id() + " (" + vm.name() + ")", history);
    }

    @Test
    public void statusSaysTheXenPoolRunsPreCopyByItsOwnRules() {
        awaitPool();
        String out = executeCommand("migration:status");
        assertContains("xenserver", out);
        assertContains("xen note: this xenserver pool migrates with pre-copy by its own rules: the policy contributes "
                + "its cost prediction and timing advice, not the rounds", out);
        assertContains("host-00", executeCommand("migration:status --hosts xen"));
    }

    @Test
    public void aPolicyNeedingPostCopyIsRefusedNamingTheCapability() {
        awaitPool();
        String out = executeCommand("migration:use --pool xen --policy postcopy");
        assertContains("policy 'postcopy' needs POST_COPY", out);
        assertContains("which pool xen (xenserver) lacks", out);
        assertEquals("precopy", controller.pool(XEN).orElseThrow().selection().policy());
        assertContains("needs POST_COPY", executeCommand("migration:use --pool xen --policy hybrid"));
    }

    private Optional<AuditRecord> outcome(VmState vm) {
        return controller.history(Optional.of(XEN), 1000).stream()
                .filter(r -> r.type() == AuditRecord.Type.OUTCOME && r.vm().equals(Optional.of(vm.id()))
                        && "operator".equals(r.agent()))
                .findFirst();
    }

    // ------------------------------------------------------------------ the simulator's own answer, over XML-RPC

    /** @return the UUID of the host the simulator says the VM runs on, asked with three XAPI calls */
    private static String residentHostUuid(String vmUuid) throws IOException {
        String session = call("session.login_with_password", "root", "xenroot");
        String vm = call("VM.get_by_uuid", session, vmUuid);
        String host = call("VM.get_resident_on", session, vm);
        String uuid = call("host.get_uuid", session, host);
        call("session.logout", session);
        return uuid;
    }

    private static String call(String method, String... params) throws IOException {
        StringBuilder body = new StringBuilder("<?xml version=\"1.0\"?><methodCall><methodName>").append(method)
                .append("</methodName><params>");
        for (String p : params) {
            body.append("<param><value>").append(p).append("</value></param>");
        }
        body.append("</params></methodCall>");
        int port = Integer.getInteger(PORT_PROPERTY, -1);
        HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:" + port + "/").openConnection();
        c.setDoOutput(true);
        c.setRequestProperty("Content-Type", "text/xml");
        try (OutputStream out = c.getOutputStream()) {
            out.write(body.toString().getBytes(StandardCharsets.UTF_8));
        }
        String reply;
        try (InputStream in = c.getInputStream()) {
            reply = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Matcher status = STATUS.matcher(reply);
        if (!status.find() || !status.group(1).equals("Success")) {
            throw new IOException(method + " failed: " + reply);
        }
        Matcher value = VALUE.matcher(reply);
        return value.find() ? value.group(1) : "";
    }
}
