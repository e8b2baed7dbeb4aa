package io.ferry.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.ferry.api.HypervisorAdapter;
import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.HostState;
import io.ferry.api.model.MigrationId;
import io.ferry.api.model.PoolId;
import io.ferry.api.model.PowerState;
import io.ferry.api.model.VmState;
import io.ferry.controller.AuditRecord;
import io.ferry.controller.FerryController;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.FrameworkWiring;

/** What the hot-swap tests check and do alike: outcomes recorded once, VMs on one host, bundle refreshes. */
final class SwapChecks {

    private SwapChecks() {
    }

    /** @return the one outcome recorded for the migration, waiting for it up to {@code timeout} */
    static AuditRecord awaitOutcome(FerryController controller, PoolId pool, Duration timeout, MigrationId id) {
        List<AuditRecord> found = new ArrayList<>();
        FerryTestSupport.waitFor("the outcome of " + id, timeout, () -> {
            found.clear();
            controller.history(Optional.of(pool), 1000).stream()
                    .filter(r -> r.type() == AuditRecord.Type.OUTCOME && r.migration().equals(Optional.of(id)))
                    .forEach(found::add);
            return !found.isEmpty();
        });
        assertEquals("one outcome for " + id, 1, found.size());
        return found.get(0);
    }

    static void assertEveryVmOnExactlyOneHost(ClusterSnapshot s, int vms) {
        assertEquals("VM count", vms, s.vms().size());
        Set<String> seen = new HashSet<>();
        long placed = 0;
        for (HostState h : s.hosts()) {
            for (VmState v : s.vmsOn(h.id())) {
                assertTrue(v.id() + " appears on two hosts", seen.add(v.id().value()));
                placed++;
            }
        }
        long running = s.vms().stream().filter(v -> v.power() == PowerState.RUNNING).count();
        assertEquals("running VMs placed on exactly one host", running, placed);
    }

    /** @return the pool's adapter, which must be registered exactly once */
    static HypervisorAdapter adapter(BundleContext context, PoolId pool) throws Exception {
        var refs = context.getServiceReferences(HypervisorAdapter.class, "(pool.name=" + pool.value() + ")");
        assertEquals(1, refs.size());
        ServiceReference<HypervisorAdapter> ref = refs.iterator().next();
        return context.getService(ref);
    }

    /** Refreshes the removal-pending bundles, as Karaf's bundle:update and bundle:uninstall do. */
    static void refresh(BundleContext context) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(null, e -> {
            if (e.getType() == FrameworkEvent.PACKAGES_REFRESHED || e.getType() == FrameworkEvent.ERROR) {
                done.countDown();
            }
        });
        assertTrue("refresh finished", done.await(30, TimeUnit.SECONDS));
    }
}
