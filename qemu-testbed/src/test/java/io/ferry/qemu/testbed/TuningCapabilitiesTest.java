package io.ferry.qemu.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.api.MigrationPolicy;
import io.ferry.api.model.Capability;
import io.ferry.api.model.DirtyBehaviour;
import io.ferry.api.model.Metric;
import io.ferry.api.model.MetricWindow;
import io.ferry.api.model.MigrationOutcome.Status;
import io.ferry.api.model.Technique;
import io.ferry.api.model.VmId;
import io.ferry.qemu.GuestSpec;
import io.ferry.qemu.WriterMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * QEMU's optional pre-copy helpers, asked for through the pool's configuration: with auto-converge and XBZRLE the
 * heavy writer that plain pre-copy never moves (see {@link RealMigrationTest}) does move, under a pre-copy policy
 * that never forces a stop; multifd moves it too, and a multifd pool offers no post-copy. Each guest must arrive
 * intact. The dirty-rate samples also land in the adapter's metric window.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class TuningCapabilitiesTest {

    private static final double CAP_MIB_PER_SECOND = 48;
    private static TestbedImages images;

    @BeforeAll
    static void images() {
        images = TestbedSupport.imagesOrSkip();
    }

    @BeforeEach
    void skipWithoutTestbed() {
        TestbedSupport.abortIfSkipped();
    }

    private static Path work(String name) {
        return Path.of(System.getProperty("ferry.testbed.work", "target/qemu-work") + "-" + name);
    }

    private static GuestSpec heavy(String name) {
        return GuestSpec.of(name, 256, 64).withHeartbeat(20, 1).withWriter(WriterMode.SWEEP, 0, 32);
    }

    private static MeasuredMigration endlessPreCopy(Testbed tb, VmId vm) throws Exception {
        MigrationPolicy endless = InstalledPolicies.find().create("precopy", Map.of("maxRounds", 1000));
        return tb.migrate(vm, Testbed.host(1), endless, CAP_MIB_PER_SECOND, Duration.ofMillis(300),
                new DirtyBehaviour(0, 32 * 256L, DirtyBehaviour.Source.ASSUMED));
    }

    @Test
    void heavyWriterWhenAutoConvergeAndXbzrleThenPreCopyConvergesIntact() throws Exception {
        try (Testbed tb = Testbed.open(images, work("tuned"), Map.of("autoConverge", true, "xbzrle", true,
                "migrationTimeoutSeconds", 40, "bandwidthCapMiBps", CAP_MIB_PER_SECOND))) {
            VmId vm = new VmId("tuned");
            tb.boot(heavy("tuned"), Testbed.host(0));
            tb.sampleDirtyRate(vm, 2, Duration.ofMillis(200));
            MetricWindow w = tb.pool().metrics("tuned", Metric.DIRTY_PAGES_PER_SECOND, 10).orElseThrow();
            assertThat(w.size()).isEqualTo(2);
            assertThat(w.latest()).isPositive();

            MeasuredMigration m = endlessPreCopy(tb, vm);
            System.out.println("  auto-converge+xbzrle " + m.summary());

            assertThat(m.outcome().status()).as(m.report().detail()).isEqualTo(Status.COMPLETED);
            assertThat(m.outcome().technique()).isEqualTo(Technique.PRE_COPY);
            assertThat(m.integrity().intact()).as(m.integrity().message()).isTrue();
        }
    }

    @Test
    void heavyWriterWhenMultifdThenPreCopyCompletesIntactAndThePoolOffersNoPostCopy() throws Exception {
        try (Testbed tb = Testbed.open(images, work("multifd"), Map.of("multifdChannels", 2,
                "migrationTimeoutSeconds", 40, "bandwidthCapMiBps", CAP_MIB_PER_SECOND))) {
            assertThat(tb.pool().capabilities()).doesNotContain(Capability.POST_COPY, Capability.POSTCOPY_SWITCH);
            VmId vm = new VmId("multifd");
            tb.boot(heavy("multifd"), Testbed.host(0));

            MeasuredMigration m = tb.migrate(vm, Testbed.host(1), InstalledPolicies.find().create("precopy", Map.of()),
                    CAP_MIB_PER_SECOND, Duration.ofMillis(300),
                    new DirtyBehaviour(0, 32 * 256L, DirtyBehaviour.Source.ASSUMED));
            System.out.println("  multifd              " + m.summary());

            assertThat(m.outcome().status()).as(m.report().detail()).isEqualTo(Status.COMPLETED);
            assertThat(m.integrity().intact()).as(m.integrity().message()).isTrue();
            assertThat(tb.processIds()).hasSize(1);
        }
    }
}
