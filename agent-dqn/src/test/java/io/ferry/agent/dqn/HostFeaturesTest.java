package io.ferry.agent.dqn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ferry.api.AgentContext;
import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.Forecast;
import io.ferry.api.model.HostCapacity;
import io.ferry.api.model.HostId;
import io.ferry.api.model.Metric;
import io.ferry.api.model.MetricWindow;
import io.ferry.api.model.MigrationPlan;
import io.ferry.api.model.VmId;
import io.ferry.api.testing.TestPool;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class HostFeaturesTest {

    /*
     * h1: 2 x 1000 MIPS, 100-200 W; a (0.6 now, 512 MB, history 0.1..0.6), b (0.4, 256 MB, flat, blocked).
     * h2: 4 x 1000 MIPS; c (0.5, 1024 MB). h3: 2 x 1000, empty.
     */
    private static PoolView pool() {
        return PoolView.of(TestPool.pool()
                .host("h1", 2, 1000).host("h2", 4, 1000).host("h3", 2, 1000)
                .vm("a", "h1", 0.6, 512, 1000, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6)
                .vm("b", "h1", 0.4, 256, 1000, TestPool.repeat(0.4, 6))
                .vm("c", "h2", 0.5, 1024, 1000, TestPool.repeat(0.5, 6))
                .blocked("b")
                .context());
    }

    private static double f(double[] features, String name) {
        return features[HostFeatures.NAMES.indexOf(name)];
    }

    @Test
    void encodeWhenHandBuiltPoolThenEveryFeatureAsDocumented() {
        double[] x = HostFeatures.encode(pool(), 0);
        assertThat(x).hasSize(HostFeatures.COUNT);
        assertThat(f(x, "u_now")).isCloseTo(0.5, within(1e-12));
        // (a_t + 0.4) / 2 for a = 0.1 .. 0.6
        assertThat(f(x, "u_mean")).isCloseTo(0.375, within(1e-12));
        assertThat(f(x, "u_max")).isCloseTo(0.5, within(1e-12));
        assertThat(f(x, "u_std")).isCloseTo(0.05 * Math.sqrt(35.0 / 12), within(1e-12));
        assertThat(f(x, "u_slope")).isCloseTo(0.05 * 6, within(1e-12));
        assertThat(f(x, "u_next")).isCloseTo(0.55, within(1e-12));
        assertThat(f(x, "vms")).isCloseTo(0.2, within(1e-12));
        assertThat(f(x, "ram_used")).isCloseTo(768.0 / 4096, within(1e-12));
        // b is blocked: the least-memory movable VM is a, 600 of 2000 MIPS
        assertThat(f(x, "mmt_vm")).isCloseTo(0.3, within(1e-12));
        assertThat(f(x, "idle_power")).isCloseTo(0.5, within(1e-12));
        assertThat(f(x, "size")).isCloseTo(0.5, within(1e-12));
        assertThat(f(x, "pool_u")).isCloseTo((0.5 + 0.125) / 2, within(1e-12));
        assertThat(f(x, "pool_active")).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(f(x, "pool_overloaded")).isZero();
        // h2 has 0.8 x 4000 - 500 = 2700 MIPS free under the cap, h1 demands 1000: 2.7 / 10
        assertThat(f(x, "room")).isCloseTo(0.27, within(1e-12));
        assertThat(f(x, "blocked")).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void encodeAllWhenManyHostsThenTheSameAsOneByOne() {
        PoolView view = pool();
        double[][] all = HostFeatures.encodeAll(view);
        for (int i = 0; i < view.hosts().size(); i++) {
            assertThat(all[i]).containsExactly(HostFeatures.encode(view, i));
        }
    }

    @Test
    void encodeWhenNoCapacityKnownThenCpusCountAsUnitsAndIdlePowerIsTheDocumentedGuess() {
        PoolView view = PoolView.of(TestPool.pool().hostWithoutCapacity("x", 4, 4096)
                .vm("v", "x", 0.5, 512, 1000).context());
        double[] x = HostFeatures.encode(view, 0);
        assertThat(view.host(0).capacityMips()).isEqualTo(4.0);
        assertThat(f(x, "u_now")).isCloseTo(0.125, within(1e-12));
        assertThat(f(x, "idle_power")).isEqualTo(HostFeatures.UNKNOWN_IDLE_POWER);
        // no history: one sample, no spread, no trend
        assertThat(f(x, "u_std")).isZero();
        assertThat(f(x, "u_slope")).isZero();
    }

    @Test
    void poolViewWhenVmFasterThanTheHostCoreThenItsDemandIsCappedAtTheCore() {
        PoolView view = PoolView.of(TestPool.pool().host("h", 2, 1000).vm("v", "h", 0.9, 512, 2000).context());
        assertThat(view.vms().get(0).demandMips()).isEqualTo(1000.0);
        assertThat(view.host(0).utilisation()).isEqualTo(0.5);
    }

    @Test
    void encodeWhenOverloadedThenValuesStayClipped() {
        PoolView view = PoolView.of(TestPool.pool().host("h", 1, 1000).host("g", 1, 1000)
                .vm("v", "h", 1.0, 512, 1000).vm("w", "g", 1.0, 512, 1000).context());
        double[] x = HostFeatures.encode(view, 0);
        assertThat(f(x, "pool_overloaded")).isEqualTo(1.0);
        assertThat(f(x, "room")).isZero();
        for (double v : x) {
            assertThat(v).isBetween(-1.0, 3.0);
        }
    }

    @Test
    void encodeWhenForecastsAskedAndEveryVmHasOneThenNextIsTheirSumElseTheExtrapolation() {
        AgentContext base = TestPool.pool().host("h1", 2, 1000)
                .vm("a", "h1", 0.6, 512, 1000, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6)
                .vm("b", "h1", 0.4, 256, 1000, TestPool.repeat(0.4, 6)).context();
        AgentContext forecasting = new AgentContext() {
            @Override
            public ClusterSnapshot snapshot() {
                return base.snapshot();
            }

            @Override
            public Optional<MetricWindow> metrics(String subject, Metric metric, int samples) {
                return base.metrics(subject, metric, samples);
            }

            @Override
            public Optional<Forecast> forecast(String subject, Metric metric) {
                // a: 0.9 next, b: 0.6 next
                return Optional.of(new Forecast("test", metric, Duration.ofSeconds(300),
                        new double[] {subject.equals("a") ? 0.9 : 0.6}));
            }

            @Override
            public Optional<MigrationPlan> plan(VmId vm, HostId target) {
                return Optional.empty();
            }

            @Override
            public Optional<HostCapacity> capacity(HostId host) {
                return base.capacity(host);
            }

            @Override
            public OptionalDouble vcpuMips(VmId vm) {
                return base.vcpuMips(vm);
            }
        };
        // (0.9 x 1000 + 0.6 x 1000) / 2000
        assertThat(f(HostFeatures.encode(PoolView.of(forecasting, true), 0), "u_next")).isCloseTo(0.75,
                within(1e-12));
        // not asked for: the extrapolation
        assertThat(f(HostFeatures.encode(PoolView.of(forecasting, false), 0), "u_next")).isCloseTo(0.55,
                within(1e-12));
        // without forecasts: u_now 0.5 + slope 0.05
        assertThat(f(HostFeatures.encode(PoolView.of(base, true), 0), "u_next")).isCloseTo(0.55, within(1e-12));
    }
}
