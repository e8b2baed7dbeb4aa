package io.ferry.controller.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.ferry.api.HypervisorAdapter;
import io.ferry.api.model.PoolId;
import io.ferry.controller.AuditRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/** An adapter whose configuration failed shows in status and history in one line (issue 14.10). */
class AdapterFailuresTest {

    private static final String TRACE = """
            java.lang.reflect.InvocationTargetException
            \tat java.base/jdk.internal.reflect.NativeConstructorAccessorImpl.newInstance0(Native Method)
            \tat org.apache.felix.scr.impl.inject.internal.ComponentConstructorImpl.newInstance(ComponentConstructorImpl.java:326)
            Caused by: java.lang.IllegalArgumentException: url = htp://x: must be an http or https URL
            \tat com.example.vendor.VendorHypervisorAdapter.<init>(VendorHypervisorAdapter.java:120)
            \t... 40 more
            """;

    @TempDir
    Path dir;

    private static ServiceComponentRuntime runtimeWithAFailedXenConfiguration() {
        ComponentDescriptionDTO xen = new ComponentDescriptionDTO();
        xen.name = "com.example.vendor.VendorHypervisorAdapter";
        xen.serviceInterfaces = new String[] {HypervisorAdapter.class.getName()};
        ComponentDescriptionDTO other = new ComponentDescriptionDTO();
        other.name = "some.policy";
        other.serviceInterfaces = new String[] {"io.ferry.api.MigrationPolicy"};
        ComponentConfigurationDTO failed = new ComponentConfigurationDTO();
        failed.state = ComponentConfigurationDTO.FAILED_ACTIVATION;
        failed.failure = TRACE;
        failed.properties = Map.of("service.pid", "io.ferry.xen.9a1b",
                "felix.fileinstall.filename", "file:/opt/karaf/etc/io.ferry.xen-lab.cfg");
        ComponentConfigurationDTO fine = new ComponentConfigurationDTO();
        fine.state = ComponentConfigurationDTO.ACTIVE;
        fine.properties = Map.of("service.pid", "io.ferry.xen.77");
        ServiceComponentRuntime scr = mock(ServiceComponentRuntime.class);
        when(scr.getComponentDescriptionDTOs()).thenReturn(List.of(xen, other));
        when(scr.getComponentConfigurationDTOs(xen)).thenReturn(List.of(failed, fine));
        when(scr.getComponentConfigurationDTOs(other)).thenReturn(List.of(failed));
        return scr;
    }

    @Test
    void ofWhenAnAdapterFailedToActivateThenOneLineWithItsFileAndItsOwnMessage() {
        assertThat(AdapterFailures.of(runtimeWithAFailedXenConfiguration())).containsExactly(
                "adapter configuration etc/io.ferry.xen-lab.cfg rejected, no pool attached: "
                        + "url = htp://x: must be an http or https URL");
    }

    @Test
    void problemsWhenAnAdapterFailedThenListedAndRecordedOnceInTheHistory() {
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
        AuditLog audit = new AuditLog(dir, 1 << 20, 2, 100);
        try {
            Controller c = new Controller(new Plugins(), audit, (pool, props) -> { }, new Fixtures.MutableClock(),
                    timers, Runnable::run, false);
            ServiceComponentRuntime scr = runtimeWithAFailedXenConfiguration();
            c.adapterFailures(() -> AdapterFailures.of(scr));

            assertThat(c.problems()).singleElement().asString().contains("etc/io.ferry.xen-lab.cfg");
            c.problems();
            List<AuditRecord> history = c.history(Optional.empty(), 100);

            assertThat(history).singleElement().satisfies(r -> {
                assertThat(r.type()).isEqualTo(AuditRecord.Type.ERROR);
                assertThat(r.pool()).isEqualTo(new PoolId("?"));
                assertThat(r.detail()).doesNotContain("\n").endsWith("must be an http or https URL");
            });
        } finally {
            timers.shutdownNow();
            audit.close();
        }
    }
}
