package io.ferry.agent.consolidation.internal;

import static io.ferry.api.testing.TestPool.pool;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.api.testing.TestPool;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SelectorTest {

    private static List<WorkingVm> vmsOfFirstHost(TestPool pool) {
        return Round.of(pool.context()).hosts().get(0).movableVms();
    }

    private static String pick(VmSelector s, List<WorkingVm> vms) {
        return s.select(vms).orElseThrow().state().id().value();
    }

    private static final TestPool THREE = pool().host("h0", 4, 3000)
            .vm("a", "h0", 0.5, 1740, 2500).vm("b", "h0", 0.3, 613, 2500).vm("c", "h0", 0.2, 870, 2500);

    @Test
    void mmtThenTheVmWithTheLeastMemory() {
        assertThat(pick(new MinimumMigrationTimeSelector(), vmsOfFirstHost(THREE))).isEqualTo("b");
    }

    @Test
    void muThenTheVmUsingTheLeastOfItsCapacity() {
        assertThat(pick(new MinimumUtilisationSelector(), vmsOfFirstHost(THREE))).isEqualTo("c");
    }

    @Test
    void mmtWhenEqualMemoryThenTheFirstInHostOrder() {
        assertThat(pick(new MinimumMigrationTimeSelector(), vmsOfFirstHost(pool().host("h0", 2, 1000)
                .vm("x", "h0", 0.5, 613, 1000).vm("y", "h0", 0.1, 613, 1000)))).isEqualTo("x");
    }

    @Test
    void mcThenTheVmTheOthersExplainBest() {
        // c = x1 + x2 + a little noise, x1 and x2 alike (r = 0.84): c has the largest R² (0.9987 against 0.996)
        double[] x1 = {0.1, 0.4, 0.2, 0.5, 0.3, 0.1, 0.6, 0.2, 0.4, 0.3, 0.5, 0.2};
        double[] x2 = {0.2, 0.3, 0.1, 0.4, 0.3, 0.2, 0.5, 0.1, 0.3, 0.2, 0.4, 0.3};
        double[] d = {0.5, 0.5, 0.1, 0.2, 0.6, 0.3, 0.4, 0.1, 0.5, 0.2, 0.3, 0.6};
        double[] noise = {0.01, -0.02, 0.015, 0, -0.01, 0.02, -0.015, 0.01, 0, -0.02, 0.01, 0.005};
        double[] c = new double[12];
        for (int i = 0; i < 12; i++) {
            c[i] = x1[i] + x2[i] + noise[i];
        }
        List<WorkingVm> vms = vmsOfFirstHost(pool().host("h0", 8, 3000).vm("d", "h0", 0.3, 500, 1000, d)
                .vm("x1", "h0", 0.3, 500, 1000, x1).vm("c", "h0", 0.3, 500, 1000, c)
                .vm("x2", "h0", 0.3, 500, 1000, x2));
        double[] r2 = MaximumCorrelationSelector.rSquared(vms);
        assertThat(r2[2]).isGreaterThan(r2[0]).isGreaterThan(0.9);
        assertThat(pick(new MaximumCorrelationSelector(new MinimumMigrationTimeSelector()), vms)).isEqualTo("c");
    }

    @Test
    void mcWhenTooFewSamplesForARegressionThenTheFallbackDecides() {
        List<WorkingVm> vms = vmsOfFirstHost(pool().host("h0", 2, 3000).vm("big", "h0", 0.3, 1740, 1000, 0.3)
                .vm("small", "h0", 0.3, 613, 1000, 0.4));
        assertThat(pick(new MaximumCorrelationSelector(new MinimumMigrationTimeSelector()), vms)).isEqualTo("small");
    }

    @Test
    void rsWhenSameSeedAndRoundThenSameVmAndSeedsSpreadTheChoice() {
        TestPool many = pool().host("h0", 8, 3000);
        for (int i = 0; i < 6; i++) {
            many.vm("v" + i, "h0", 0.1, 500, 1000);
        }
        List<WorkingVm> vms = vmsOfFirstHost(many);
        Set<String> seen = new HashSet<>();
        for (long seed = 0; seed < 20; seed++) {
            String first = pick(new RandomSelector(seed).forRound(3), vms);
            assertThat(pick(new RandomSelector(seed).forRound(3), vms)).isEqualTo(first);
            seen.add(first);
        }
        assertThat(seen).hasSizeGreaterThan(2);
    }
}
