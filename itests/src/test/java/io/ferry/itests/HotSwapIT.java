package io.ferry.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import io.ferry.api.HypervisorAdapter;
import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.HostState;
import io.ferry.api.model.MigrationId;
import io.ferry.api.model.MigrationOutcome;
import io.ferry.api.model.PoolId;
import io.ferry.api.model.VmState;
import io.ferry.controller.AuditRecord;
import io.ferry.controller.ControllerException;
import io.ferry.controller.FerryController;
import io.ferry.controller.PluginKind;
import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.BundleWiring;

/**
 * The swap test of the runtime issue: on a simulated pool whose migrations take a few seconds, start a migration
 * with policy A (pre-copy), then during it stop, update and uninstall A's bundle and select B (hybrid); the
 * migration completes or is cancelled cleanly, every VM is on exactly one host, the audit log shows the outcome
 * with A's bundle, and the next decision is made with B. Twenty times over, after which neither threads nor
 * A's class loaders have accumulated.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HotSwapIT extends FerryTestSupport {

    private static final PoolId POOL = new PoolId("swap");
    private static final String A = "io.ferry.policy-precopy";
    private static final String A_NAME = "precopy";
    private static final String B = "io.ferry.policy-hybrid";
    private static final String B_NAME = "hybrid";
    private static final int CYCLES = 20;
    private static final Duration MIGRATION_TIMEOUT = Duration.ofSeconds(60);

    @Inject
    protected FerryController controller;

    @Configuration
    public Option[] config() {
        return baseOptions(
                // 1 GiB VMs over a 4 Gbit/s link: each migration lasts about 2 s, long enough to swap A during it
                editConfigurationFilePut("etc/io.ferry.simpool-swap.cfg", "pool.name", "swap"),
                editConfigurationFilePut("etc/io.ferry.simpool-swap.cfg", "hosts", "4"),
                editConfigurationFilePut("etc/io.ferry.simpool-swap.cfg", "vms", "6"),
                editConfigurationFilePut("etc/io.ferry.simpool-swap.cfg", "vmMemoryGiB", "1"),
                editConfigurationFilePut("etc/io.ferry.simpool-swap.cfg", "linkGbps", "4"),
                editConfigurationFilePut("etc/io.ferry.simpool-swap.cfg", "tickMillis", "50"),
                editConfigurationFilePut("etc/io.ferry.simpool-swap.cfg", "overloadedHostFraction", "0"),
                // the agent stays out of the way (first cycle after an hour): only the test decides
                editConfigurationFilePut("etc/io.ferry.pool-swap.cfg", "pool.name", "swap"),
                // B, not the default policy: seeing it selected tells the test that this configuration (its zero
                // cooldown above all) is in effect, not the defaults the pool starts with when its adapter comes first
                editConfigurationFilePut("etc/io.ferry.pool-swap.cfg", "policy", B_NAME),
                editConfigurationFilePut("etc/io.ferry.pool-swap.cfg", "intervalSeconds", "3600"),
                editConfigurationFilePut("etc/io.ferry.pool-swap.cfg", "cooldownSeconds", "0"),
                editConfigurationFilePut("etc/io.ferry.pool-swap.cfg", "failureBackoffSeconds", "0"),
                editConfigurationFilePut("etc/io.ferry.pool-swap.cfg", "maxConcurrentPerHost", "2"));
    }

    @Test
    public void swappingThePolicyBundleDuringMigrationsLosesNothingTwentyTimesOver() throws Exception {
        waitFor("the swap pool configured, with both policies", Duration.ofSeconds(60),
                () -> controller.pool(POOL).map(p -> p.selection().policy().equals(B_NAME)).orElse(false)
                        && controller.policy(A_NAME).isPresent() && controller.policy(B_NAME).isPresent());
        HypervisorAdapter adapter = SwapChecks.adapter(bundleContext, POOL);
        int vms = adapter.snapshot().vms().size();
        List<WeakReference<ClassLoader>> oldLoaders = new ArrayList<>();
        int threadsAfterFirst = -1;

        for (int cycle = 1; cycle <= CYCLES; cycle++) {
            controller.select(POOL, PluginKind.POLICY, A_NAME);

            // start a migration with A
            Move first = pickMove(adapter.snapshot());
            MigrationId inFlight = controller.migrate(POOL, first.vm().id(), first.target().id());
            assertTrue("cycle " + cycle + ": the migration should be in flight",
                    controller.pool(POOL).orElseThrow().inFlight().stream().anyMatch(f -> f.id().equals(inFlight)));

            // during it: stop, update and uninstall A's bundle, refresh, and select B
            Bundle a = bundle(A);
            assertNotNull("bundle " + A, a);
            oldLoaders.add(new WeakReference<>(a.adapt(BundleWiring.class).getClassLoader()));
            a.stop();
            a.update();
            a.uninstall();
            SwapChecks.refresh(bundleContext);
            controller.select(POOL, PluginKind.POLICY, B_NAME);

            // the migration ends cleanly, with A, and the audit log says so
            AuditRecord outcome = SwapChecks.awaitOutcome(controller, POOL, MIGRATION_TIMEOUT, inFlight);
            assertEquals("cycle " + cycle + ": the outcome names the policy the migration started with", A_NAME,
                    outcome.policy());
            assertTrue("cycle " + cycle + ": " + outcome.status(),
                    outcome.status().orElseThrow() == MigrationOutcome.Status.COMPLETED
                            || outcome.status().orElseThrow() == MigrationOutcome.Status.CANCELLED);
            ClusterSnapshot after = adapter.snapshot();
            SwapChecks.assertEveryVmOnExactlyOneHost(after, vms);
            String expectedHost = outcome.status().orElseThrow() == MigrationOutcome.Status.COMPLETED
                    ? first.target().id().value() : first.source().id().value();
            assertEquals("cycle " + cycle + ": where the VM is", expectedHost,
                    after.vm(first.vm().id()).orElseThrow().residentOn().orElseThrow().value());

            // the next decision uses B
            Move next = pickMove(after);
            MigrationId second;
            try {
                second = controller.migrate(POOL, next.vm().id(), next.target().id());
            } catch (ControllerException e) {
                // say which selections the pool went through, so that a failure here can be diagnosed
                throw new AssertionError("cycle " + cycle + ": " + e.getMessage() + "; recent selections: "
                        + controller.history(Optional.of(POOL), 200).stream()
                                .filter(r -> r.type() == AuditRecord.Type.SELECTION)
                                .map(r -> r.time() + " " + r.detail()).toList(), e);
            }
            AuditRecord decision = controller.history(Optional.of(POOL), 200).stream()
                    .filter(r -> r.type() == AuditRecord.Type.DECISION && r.migration().equals(Optional.of(second)))
                    .findFirst().orElseThrow();
            assertEquals(B_NAME, decision.policy());
            assertTrue(decision.bundle(), decision.bundle().startsWith(B + "/"));
            SwapChecks.awaitOutcome(controller, POOL, MIGRATION_TIMEOUT, second);

            // put A back for the next cycle
            Bundle reinstalled = bundleContext.installBundle("mvn:io.ferry/policy-precopy/" + FERRY_VERSION);
            reinstalled.start();
            waitFor("policy " + A_NAME + " registered again", Duration.ofSeconds(30),
                    () -> controller.policy(A_NAME).isPresent());

            if (cycle == 1) {
                threadsAfterFirst = ManagementFactory.getThreadMXBean().getThreadCount();
            }
        }

        int threadsAfterLast = ManagementFactory.getThreadMXBean().getThreadCount();
        assertTrue("threads grew from " + threadsAfterFirst + " to " + threadsAfterLast,
                threadsAfterLast <= threadsAfterFirst + 5);
        int alive = 0;
        for (int i = 0; i < 10 && (alive = countAlive(oldLoaders)) > 1; i++) {
            System.gc();
            Thread.sleep(200);
        }
        assertTrue(alive + " of " + CYCLES + " uninstalled class loaders of " + A + " are still reachable", alive <= 1);
        long outcomes = controller.history(Optional.of(POOL), 10_000).stream()
                .filter(r -> r.type() == AuditRecord.Type.OUTCOME).count();
        assertEquals("every migration recorded exactly once", 2L * CYCLES, outcomes);
    }

    private record Move(VmState vm, HostState source, HostState target) {
    }

    /** A running VM and another host with room for it, varying with the state so that VMs move around. */
    private static Move pickMove(ClusterSnapshot s) {
        for (VmState vm : s.vms().stream().filter(VmState::migratable)
                .sorted(Comparator.comparing(VmState::id)).toList()) {
            HostState source = s.host(vm.residentOn().orElseThrow()).orElseThrow();
            Optional<HostState> target = s.hosts().stream()
                    .filter(h -> !h.id().equals(source.id()) && h.acceptsVms())
                    .filter(h -> h.memoryFreeBytes() >= vm.memoryBytes())
                    .max(Comparator.comparingLong(HostState::memoryFreeBytes));
            if (target.isPresent()) {
                return new Move(vm, source, target.get());
            }
        }
        throw new AssertionError("no VM can move in " + s);
    }

    private static int countAlive(List<WeakReference<ClassLoader>> refs) {
        int n = 0;
        for (WeakReference<ClassLoader> r : refs) {
            if (r.get() != null) {
                n++;
            }
        }
        return n;
    }
}
