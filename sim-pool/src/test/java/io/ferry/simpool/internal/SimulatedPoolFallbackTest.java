package io.ferry.simpool.internal;

import static io.ferry.simpool.internal.TestPools.bigVmOnBusiestHost;
import static io.ferry.simpool.internal.TestPools.pool;
import static io.ferry.simpool.internal.TestPools.precopy;
import static io.ferry.simpool.internal.TestPools.roomiestHostOtherThan;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.api.MigrationSteering;
import io.ferry.api.PageView;
import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.MigrationOutcome;
import io.ferry.api.model.MigrationOutcome.Status;
import io.ferry.api.model.RoundDecision;
import io.ferry.api.model.RoundReport;
import io.ferry.api.model.VmState;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How the built-in pool reports a migration its policy stopped steering. */
class SimulatedPoolFallbackTest {

    private static final int MAX_TICKS = 10_000;

    @Test
    void migrateWhenTheSteeringFailsThenTheOutcomeIsAFallbackNotAPlainCompletion() throws Exception {
        TestPools.Pool p = pool();
        ClusterSnapshot s = p.snapshot();
        VmState vm = bigVmOnBusiestHost(s);
        MigrationSteering gone = new MigrationSteering() {
            @Override
            public RoundDecision begin(Optional<PageView> pages) {
                return new RoundDecision.PreCopyRound(Optional.empty());
            }

            @Override
            public RoundDecision afterRound(RoundReport report, Optional<PageView> pages) {
                throw new NoClassDefFoundError("org/apache/commons/math3/ml/clustering/DoublePoint");
            }
        };
        MigrationOutcome o = p.awaitOutcome(p.migrate(vm.id(), roomiestHostOtherThan(s, vm.residentOn().get()).id(),
                gone), MAX_TICKS);
        assertThat(o.status()).isEqualTo(Status.COMPLETED);
        assertThat(o.fellBack()).isTrue();
        assertThat(o.fallback()).hasValueSatisfying(why -> assertThat(why).contains("policy failed after round 1")
                .contains("DoublePoint"));
    }

    @Test
    void migrateWhenThePolicySteersToTheEndThenThereIsNoFallback() throws Exception {
        TestPools.Pool p = pool();
        ClusterSnapshot s = p.snapshot();
        VmState vm = bigVmOnBusiestHost(s);
        MigrationOutcome o = p.awaitOutcome(p.migrate(vm.id(), roomiestHostOtherThan(s, vm.residentOn().get()).id(),
                precopy()), MAX_TICKS);
        assertThat(o.status()).isEqualTo(Status.COMPLETED);
        assertThat(o.fallback()).isEmpty();
    }
}
