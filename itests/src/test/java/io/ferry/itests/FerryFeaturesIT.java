package io.ferry.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import io.ferry.api.HypervisorAdapter;
import io.ferry.api.MigrationAgent;
import io.ferry.api.MigrationPolicy;
import io.ferry.api.Predictor;
import io.ferry.api.model.PoolId;
import io.ferry.api.spi.HypervisorAdapterFactory;
import io.ferry.api.spi.MigrationAgentFactory;
import io.ferry.api.spi.MigrationPolicyFactory;
import io.ferry.api.spi.PluginFactory;
import io.ferry.api.spi.PredictorFactory;
import io.ferry.controller.AuditRecord;
import io.ferry.controller.FerryController;
import io.ferry.controller.PoolStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Hashtable;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.inject.Inject;
import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Ferry in a stock Karaf 4.4.10 after {@code feature:repo-add} and {@code feature:install ferry}: the features
 * install, the services appear, the controller decides and migrates on the simulated pool by itself, every
 * {@code migration:} verb answers, a policy the hypervisor cannot run is refused at selection, and a malformed
 * {@code .cfg} value leaves the previous configuration in force and is logged with its key.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FerryFeaturesIT extends FerryTestSupport {

    private static final PoolId SIM = new PoolId("sim");

    @Inject
    protected FerryController controller;

    @Inject
    protected FeaturesService features;

    @Inject
    protected ConfigurationAdmin configurationAdmin;

    @Configuration
    public Option[] config() {
        return baseOptions(
                // a second, XenServer-like pool: pre-copy only, no round control, no dirty-rate metric
                editConfigurationFilePut("etc/io.ferry.simpool-xenlike.cfg", "pool.name", "xenlike"),
                editConfigurationFilePut("etc/io.ferry.simpool-xenlike.cfg", "hosts", "3"),
                editConfigurationFilePut("etc/io.ferry.simpool-xenlike.cfg", "vms", "4"),
                editConfigurationFilePut("etc/io.ferry.simpool-xenlike.cfg", "capabilities", "PRE_COPY,CANCEL"),
                // ... whose agent stays out of the way: only the tests decide there
                editConfigurationFilePut("etc/io.ferry.pool-xenlike.cfg", "pool.name", "xenlike"),
                editConfigurationFilePut("etc/io.ferry.pool-xenlike.cfg", "intervalSeconds", "3600"),
                // the simulated pool "sim" decides quickly
                editConfigurationFilePut("etc/io.ferry.pool-sim.cfg", "pool.name", "sim"),
                editConfigurationFilePut("etc/io.ferry.pool-sim.cfg", "policy", "hybrid"),
                editConfigurationFilePut("etc/io.ferry.pool-sim.cfg", "intervalSeconds", "2"),
                editConfigurationFilePut("etc/io.ferry.pool-sim.cfg", "holdSeconds", "2"));
    }

    @Test
    public void everyFerryFeatureIsInstalled() throws Exception {
        Set<String> expected = new TreeSet<>(Set.of("ferry", "ferry-api", "ferry-engine", "ferry-policy-support",
                "ferry-policy-precopy", "ferry-policy-postcopy", "ferry-policy-hybrid", "ferry-agent-threshold",
                "ferry-agent-consolidation", "ferry-predictor-baseline", "ferry-sim-pool", "ferry-compare", "ferry-datacenter", "ferry-controller", "ferry-shell", "ferry-xen-adapter",
                "ferry-qemu-adapter"));
        Set<String> installed = new TreeSet<>();
        for (Feature f : features.listInstalledFeatures()) {
            if (f.getName().startsWith("ferry")) {
                installed.add(f.getName());
            }
        }
        assertEquals(expected, installed);
    }

    @Test
    public void servicesAppearWithTheirNames() throws Exception {
        Set<String> policies = new TreeSet<>();
        for (ServiceReference<MigrationPolicy> r : bundleContext.getServiceReferences(MigrationPolicy.class, null)) {
            policies.add((String) r.getProperty(MigrationPolicy.NAME_PROPERTY));
        }
        assertEquals(Set.of("hybrid", "postcopy", "precopy"), policies);
        assertEquals(1, bundleContext.getServiceReferences(MigrationAgent.class, "(agent.name=threshold)").size());
        // the consolidation family: one agent per detector-selector pair, active with its defaults
        Set<String> consolidation = new TreeSet<>();
        for (String detector : new String[] {"thr", "iqr", "mad", "lr", "lrr"}) {
            for (String selector : new String[] {"mmt", "mc", "mu", "rs"}) {
                consolidation.add(detector + "-" + selector);
            }
        }
        Set<String> agents = new TreeSet<>();
        for (ServiceReference<MigrationAgent> r : bundleContext.getServiceReferences(MigrationAgent.class, null)) {
            agents.add((String) r.getProperty(MigrationAgent.NAME_PROPERTY));
        }
        assertTrue("consolidation agents registered: " + agents, agents.containsAll(consolidation));
        waitFor("both pools", Duration.ofSeconds(60), () -> {
            try {
                return bundleContext.getServiceReferences(HypervisorAdapter.class, null).size() == 2;
            } catch (Exception e) {
                return false;
            }
        });
    }

    @Test
    public void baselinePredictorsAreRegisteredForBothMetricsWithoutDl4j() throws Exception {
        Set<String> predictors = new TreeSet<>();
        for (ServiceReference<Predictor> r : bundleContext.getServiceReferences(Predictor.class, null)) {
            predictors.add(r.getProperty(Predictor.NAME_PROPERTY) + "/" + r.getProperty(Predictor.METRIC_PROPERTY));
        }
        assertEquals(Set.of("ewma/CPU_UTILISATION", "ewma/DIRTY_PAGES_PER_SECOND", "last-value/CPU_UTILISATION",
                "last-value/DIRTY_PAGES_PER_SECOND", "local-regression/CPU_UTILISATION",
                "local-regression/DIRTY_PAGES_PER_SECOND"), predictors);
        // the umbrella feature stays free of the 146 MiB library bundle: ferry-ml is installed on purpose
        assertNull(bundle("io.ferry.ml-dl4j"));
    }

    @Test
    public void pluginFactoriesAppearAsServicesByNameWithTheirMetatypeSettings() throws Exception {
        assertFactories(Set.of("hybrid", "postcopy", "precopy"), MigrationPolicyFactory.class);
        // threshold, and the forecast-driven consolidation agents (the LR detector around any CPU predictor)
        Set<String> agentFactories = new TreeSet<>(Set.of("threshold", "forecast-mmt", "forecast-mc", "forecast-mu",
                "forecast-rs"));
        for (String detector : new String[] {"thr", "iqr", "mad", "lr", "lrr"}) {
            for (String selector : new String[] {"mmt", "mc", "mu", "rs"}) {
                agentFactories.add(detector + "-" + selector);
            }
        }
        assertFactories(agentFactories, MigrationAgentFactory.class);
        assertFactories(Set.of("qemu", "simulator", "xenserver"), HypervisorAdapterFactory.class);
        assertFactories(Set.of("ewma", "last-value", "local-regression"), PredictorFactory.class);

        ServiceReference<MigrationPolicyFactory> ref = bundleContext.getServiceReferences(
                MigrationPolicyFactory.class, "(" + PluginFactory.NAME_PROPERTY + "=precopy)").iterator().next();
        MigrationPolicyFactory precopy = bundleContext.getService(ref);
        try {
            // the settings come from the metatype inside the policy's bundle, read through its class loader
            assertTrue(precopy.settings().stream().anyMatch(s -> s.key().equals("maxRounds")
                    && s.defaultValue().equals("5")));
            assertEquals("precopy", precopy.create(Map.of("maxRounds", 3)).name());
        } finally {
            bundleContext.ungetService(ref);
        }
    }

    /**
     * The factories appear as their bundles' components activate, which may be after the features are installed
     * (a loaded machine): waits a bounded time for exactly the expected names, then asserts them.
     */
    private <F extends PluginFactory<?>> void assertFactories(Set<String> expected, Class<F> type) throws Exception {
        try {
            waitFor(type.getSimpleName() + " services " + expected, Duration.ofSeconds(60),
                    () -> expected.equals(factoryNames(type)));
        } catch (AssertionError e) {
            // fall through: the assertion below names what is there instead
        }
        assertEquals(expected, factoryNames(type));
    }

    private <F extends PluginFactory<?>> Set<String> factoryNames(Class<F> type) {
        Set<String> names = new TreeSet<>();
        try {
            for (ServiceReference<F> r : bundleContext.getServiceReferences(type, null)) {
                names.add((String) r.getProperty(PluginFactory.NAME_PROPERTY));
            }
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        return names;
    }

    @Test
    public void controllerDecidesAndMigratesOnTheSimulatedPoolByItself() {
        waitFor("a completed migration on pool sim", Duration.ofSeconds(120),
                () -> controller.pool(SIM).map(p -> p.counters().completed() > 0).orElse(false));
        PoolStatus sim = controller.pool(SIM).orElseThrow();
        assertEquals("hybrid", sim.selection().policy());
        AuditRecord outcome = controller.history(Optional.of(SIM), 1000).stream()
                .filter(r -> r.type() == AuditRecord.Type.OUTCOME).findFirst().orElseThrow();
        assertEquals("threshold", outcome.agent());
        assertTrue(outcome.bundle(), outcome.bundle().startsWith("io.ferry.policy-"));
        assertTrue("predicted beside actual", outcome.predicted().isPresent() && outcome.actual().isPresent());
    }

    @Test
    public void shellListsPoliciesWithBundlesAndCapabilities() {
        String out = executeCommand("migration:policies");
        assertContains("precopy", out);
        assertContains("io.ferry.policy-hybrid", out);
        assertContains("POSTCOPY_SWITCH", out);
        assertContains("threshold", out);
    }

    @Test
    public void shellShowsPoolsAndWhatTheHypervisorReallyExecutes() {
        waitFor("both pools attached", Duration.ofSeconds(60), () -> controller.pools().size() == 2);
        String out = executeCommand("migration:status");
        assertContains("sim", out);
        assertContains("xenlike", out);
        assertContains("migrates with pre-copy by its own rules", out);
        assertContains("the policy steers each migration round by round", out);
        String hosts = executeCommand("migration:status --hosts sim");
        assertContains("host-00", hosts);
    }

    @Test
    public void shellRefusesAPolicyTheHypervisorCannotRunAndNamesTheCapability() {
        waitFor("pool xenlike", Duration.ofSeconds(60), () -> controller.pool(new PoolId("xenlike")).isPresent());
        String out = executeCommand("migration:use --pool xenlike --policy postcopy");
        assertContains("needs POST_COPY", out);
        assertContains("xenlike", out);
        assertEquals("precopy", controller.pool(new PoolId("xenlike")).orElseThrow().selection().policy());
        assertContains("unknown policy 'nope': installed policies are hybrid, postcopy, precopy",
                executeCommand("migration:use --pool xenlike --policy nope"));
    }

    @Test
    public void shellSelectsRollsBackAndSwitchesDryRun() {
        waitFor("pool xenlike", Duration.ofSeconds(60), () -> controller.pool(new PoolId("xenlike")).isPresent());
        assertContains("precopy", executeCommand("migration:use --pool xenlike --predictor none"));
        assertContains("dry-run on", executeCommand("migration:dry-run --pool xenlike on"));
        assertTrue(controller.pool(new PoolId("xenlike")).orElseThrow().selection().dryRun());
        assertContains("dry-run off", executeCommand("migration:rollback xenlike"));
        assertTrue(!controller.pool(new PoolId("xenlike")).orElseThrow().selection().dryRun());
    }

    @Test
    public void shellHistoryShowsPredictedBesideActual() {
        waitFor("an outcome on pool sim", Duration.ofSeconds(120), () -> controller.history(Optional.of(SIM), 1000)
                .stream().anyMatch(r -> r.type() == AuditRecord.Type.OUTCOME));
        String out = executeCommand("migration:history -n 50 sim");
        assertContains("Predicted total", out);
        assertContains("Actual total", out);
        assertContains("outcome", out);
        assertContains("completed", out);
    }

    @Test
    public void shellComparesInstalledPoliciesOnASuiteAndWritesReports() throws Exception {
        Path out = Files.createTempDirectory("ferry-compare");
        String result = executeCommand("migration:compare --suite smoke --seed 7 --out " + out);
        assertContains("smoke-writer", result);
        assertContains("hybrid", result);
        assertTrue(Files.size(out.resolve("results.json")) > 0);
        assertTrue(Files.size(out.resolve("results.csv")) > 0);
        assertContains("Chart", Files.readString(out.resolve("report.html")));
    }

    @Test
    public void shellComparesOnARecordingOfThePool() throws Exception {
        waitFor("telemetry on pool sim", Duration.ofSeconds(60),
                () -> controller.pool(SIM).map(p -> p.counters().cycles() > 2).orElse(false));
        Path out = Files.createTempDirectory("ferry-recording");
        String result = executeCommand("migration:compare --recording sim --vms 2 --policies precopy,hybrid --out " + out);
        assertContains("recording-vm-", result);
        assertTrue(Files.exists(out.resolve("results.json")));
    }

    @Test
    public void malformedConfigurationValueKeepsThePreviousSettingsAndIsLoggedWithItsKey() throws Exception {
        waitFor("pool sim", Duration.ofSeconds(60), () -> controller.pool(SIM).isPresent());
        String before = controller.pool(SIM).orElseThrow().selection().policy();
        org.osgi.service.cm.Configuration[] found = configurationAdmin
                .listConfigurations("(&(service.factoryPid=io.ferry.pool)(pool.name=sim))");
        assertEquals(1, found.length);
        Hashtable<String, Object> props = new Hashtable<>();
        var current = found[0].getProperties();
        for (var keys = current.keys(); keys.hasMoreElements();) {
            String k = keys.nextElement();
            props.put(k, current.get(k));
        }
        props.put("policy", "postcopy");
        props.put("intervalSeconds", "often");
        found[0].update(props);
        waitFor("the rejection in the audit log", Duration.ofSeconds(30), () -> controller.history(Optional.of(SIM),
                1000).stream().anyMatch(r -> r.type() == AuditRecord.Type.ERROR
                        && r.detail().contains("intervalSeconds = often")));
        assertEquals(before, controller.pool(SIM).orElseThrow().selection().policy());
        Path log = Path.of(System.getProperty("karaf.log", "data/log"), "karaf.log");
        waitFor("the offending key in karaf.log", Duration.ofSeconds(10), () -> {
            try {
                return Files.readString(log).contains("intervalSeconds = often: must be a number in [1, 3600]");
            } catch (Exception e) {
                return false;
            }
        });
    }

    @Test
    public void manualMigrationThroughTheShellRunsAndIsRecorded() throws Exception {
        waitFor("pool xenlike", Duration.ofSeconds(60), () -> controller.pool(new PoolId("xenlike")).isPresent());
        HypervisorAdapter xen = bundleContext.getService(
                bundleContext.getServiceReferences(HypervisorAdapter.class, "(pool.name=xenlike)").iterator().next());
        var snapshot = xen.snapshot();
        var vm = snapshot.vms().stream().filter(v -> v.migratable()).findFirst().orElseThrow();
        var target = snapshot.hosts().stream()
                .filter(h -> !h.id().equals(vm.residentOn().orElseThrow()) && h.memoryFreeBytes() >= vm.memoryBytes())
                .findFirst().orElseThrow();
        String out = executeCommand("migration:migrate --pool xenlike " + vm.id() + " " + target.id());
        assertContains("migration xenlike-", out);
        waitFor("the outcome of the manual migration", Duration.ofSeconds(60), () -> controller
                .history(Optional.of(new PoolId("xenlike")), 1000).stream()
                .anyMatch(r -> r.type() == AuditRecord.Type.OUTCOME && r.vm().equals(Optional.of(vm.id()))
                        && "operator".equals(r.agent())));
        assertEquals(target.id(), xen.snapshot().vm(vm.id()).orElseThrow().residentOn().orElseThrow());
    }
}
