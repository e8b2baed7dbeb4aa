package io.ferry.simpool.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.api.model.Capability;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.osgi.util.converter.Converters;

class SimulatedPoolConfigurationTest {

    private static PoolSettings settings(Map<String, ?> properties) {
        SimulatedPoolConfiguration config = Converters.standardConverter().convert(properties)
                .to(SimulatedPoolConfiguration.class);
        return PoolSettings.from(config, properties);
    }

    private static Map<String, Object> props(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void settingsWhenEmptyThenDocumentedDefaults() {
        PoolSettings s = settings(Map.of());
        assertThat(s.poolName()).isEqualTo("sim");
        assertThat(s.hosts()).isEqualTo(8);
        assertThat(s.vms()).isEqualTo(40);
        assertThat(s.seed()).isEqualTo(42);
        assertThat(s.hostCpus()).isEqualTo(16);
        assertThat(s.hostMemoryGiB()).isEqualTo(64);
        assertThat(s.vmMemoryGiB()).containsExactly(1, 2, 4);
        assertThat(s.vmVcpus()).containsExactly(1, 2, 3, 4);
        assertThat(s.haltedVms()).isEqualTo(1);
        assertThat(s.maintenanceHosts()).isEmpty();
        assertThat(s.overloadedHostFraction()).isEqualTo(0.25);
        assertThat(s.antiAffinityTags()).containsExactly(Map.entry("aa:db", 3), Map.entry("aa:web", 2));
        assertThat(s.linkGbps()).isEqualTo(10);
        assertThat(s.rttMs()).isEqualTo(0.5);
        assertThat(s.timeScale()).isEqualTo(1.0);
        assertThat(s.tickMillis()).isEqualTo(100);
        assertThat(s.sampleSeconds()).isEqualTo(5);
        assertThat(s.historySamples()).isEqualTo(720);
        assertThat(s.migrationFailureRate()).isZero();
        assertThat(s.dirtyPagesPerCpuSecond()).isEqualTo(5000);
        assertThat(s.hotSetFraction()).isEqualTo(0.1);
        assertThat(s.hotSetSkew()).isEqualTo(0.8);
        assertThat(s.capabilities()).isEqualTo(io.ferry.engine.LiveMigrationEngine.CAPABILITIES);
        assertThat(s.traceDir()).isEmpty();
        assertThat(s.traceSecondsPerSample()).isEqualTo(300);
        assertThat(s.tickNanos()).isEqualTo(100_000_000L);
    }

    @Test
    void settingsWhenListsGivenAsCommaStringsOrArraysThenReadAlike() {
        PoolSettings fromCfg = settings(props("vmMemoryGiB", "2, 8", "capabilities", "pre_copy,CANCEL",
                "maintenanceHosts", "host-01,host-02", "antiAffinityTags", "aa:x=2"));
        PoolSettings fromArrays = settings(props("vmMemoryGiB", new int[] {2, 8}, "capabilities",
                new String[] {"PRE_COPY", "CANCEL"}, "maintenanceHosts", List.of("host-01", "host-02"),
                "antiAffinityTags", new String[] {"aa:x=2"}));
        for (PoolSettings s : List.of(fromCfg, fromArrays)) {
            assertThat(s.vmMemoryGiB()).containsExactly(2, 8);
            assertThat(s.capabilities()).isEqualTo(Set.of(Capability.PRE_COPY, Capability.CANCEL));
            assertThat(s.maintenanceHosts()).containsExactlyInAnyOrder(1, 2);
            assertThat(s.antiAffinityTags()).containsExactly(Map.entry("aa:x", 2));
        }
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
        "pool.name|a b|pool.name = 'a b': must be one or more letters, digits, '.', '_' or '-'",
        "hosts|1|hosts = 1: must be in [2, 1000]",
        "vms|0|vms = 0: must be in [1, 10000]",
        "hostCpus|0|hostCpus = 0: must be in [1, 1024]",
        "hostMemoryGiB|0|hostMemoryGiB = 0: must be in [1, 65536]",
        "vmMemoryGiB|1,128|vmMemoryGiB = 1,128: must be integers in [1, 64] (hostMemoryGiB)",
        "vmMemoryGiB|two|vmMemoryGiB = two: must be integers in [1, 64] (hostMemoryGiB)",
        "vmVcpus|0|vmVcpus = 0: must be integers in [1, 16] (hostCpus)",
        "haltedVms|41|haltedVms = 41: must be in [0, 40]",
        "maintenanceHosts|host-08|maintenanceHosts = host-08: must name hosts host-00 to host-07 ('host-08' is not one)",
        "maintenanceHosts|host-01,host-01|maintenanceHosts = host-01,host-01: must name each host once ('host-01' twice)",
        "overloadedHostFraction|1.5|overloadedHostFraction = 1.5: must be in [0, 1]",
        "antiAffinityTags|aa:db|antiAffinityTags = aa:db: must be tag=count pairs with count in [1, 8] (the hosts in service)",
        "antiAffinityTags|aa:db=9|antiAffinityTags = aa:db=9: must be tag=count pairs with count in [1, 8] (the hosts in service)",
        "linkGbps|0|linkGbps = 0.0: must be in (0, 1000]",
        "rttMs|-1|rttMs = -1.0: must be in [0, 1000]",
        "timeScale|0|timeScale = 0.0: must be in (0, 3600]",
        "tickMillis|5|tickMillis = 5: must be in [10, 60000]",
        "sampleSeconds|0|sampleSeconds = 0: must be in [1, 3600]",
        "historySamples|1|historySamples = 1: must be in [2, 100000]",
        "migrationFailureRate|1.1|migrationFailureRate = 1.1: must be in [0, 1]",
        "dirtyPagesPerCpuSecond|-5|dirtyPagesPerCpuSecond = -5.0: must be in [0, 10000000]",
        "hotSetFraction|0|hotSetFraction = 0.0: must be in (0, 1]",
        "hotSetSkew|6|hotSetSkew = 6.0: must be in [0, 5]",
        "capabilities|POST_COPY|capabilities = POST_COPY: must include PRE_COPY (every simulated hypervisor pre-copies)",
        "sinePeriodSeconds|0|sinePeriodSeconds = 0.0: must be in [1, 86400]",
        "noiseAmplitude|2|noiseAmplitude = 2.0: must be in [0, 1]",
        "burstProbability|-0.1|burstProbability = -0.1: must be in [0, 1]",
        "traceSecondsPerSample|0|traceSecondsPerSample = 0.0: must be in [1, 86400]",
        "hosts|eight|hosts = eight: must be an integer",
        "linkGbps|fast|linkGbps = fast: must be a number",
    })
    void settingsWhenAttributeBadThenOneLineNamingAttributeValueAndRule(String name, String value, String message) {
        assertThatThrownBy(() -> settings(Map.of(name, value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void settingsWhenCapabilityUnknownThenListsTheValidNames() {
        assertThatThrownBy(() -> settings(Map.of("capabilities", "PRE_COPY,TELEPORT")))
                .hasMessageStartingWith("capabilities = PRE_COPY,TELEPORT: must be names from [PRE_COPY, ")
                .hasMessageEndingWith("('TELEPORT' is not one)");
    }

    @Test
    void settingsWhenMaintenanceLeavesFewerThanTwoHostsThenRejected() {
        assertThatThrownBy(() -> settings(props("hosts", 3, "maintenanceHosts", "host-00,host-01")))
                .hasMessage("maintenanceHosts = host-00,host-01: must leave at least 2 of the 3 hosts in service");
    }

    @Test
    void settingsWhenRingBuffersTooLargeThenRejectedWithTheirSize() {
        assertThatThrownBy(() -> settings(props("vms", 10000, "historySamples", 100000)))
                .hasMessageStartingWith("historySamples = 100000: must fit the ring buffers in 256 MiB (30016 "
                        + "series x 100000 samples need 22900 MiB");
    }

    @Test
    void settingsWhenTraceDirectoryMissingThenRejected(@TempDir Path dir) {
        Path missing = dir.resolve("nope");
        assertThatThrownBy(() -> settings(Map.of("workloadTraceDir", missing.toString())))
                .hasMessage("workloadTraceDir = " + missing + ": must be an existing directory of trace files");
    }

    @Test
    void adapterWhenVmsDoNotFitThenActivationFailsWithOneLine() {
        ManualTicker ticker = new ManualTicker();
        assertThatThrownBy(() -> new SimulatedPoolAdapter(props("hosts", 2, "hostMemoryGiB", 4, "vmMemoryGiB", "4",
                "vms", 3, "haltedVms", 0, "antiAffinityTags", ""), ticker))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("vms = 3: must fit the hosts in service (the 3 running VMs need 12 GiB; 2 "
                        + "hosts of 4 GiB hold 8 GiB")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThat(ticker.closed()).as("the driver is released when activation fails").isTrue();
    }

    @Test
    void sampleCfgWhenReadAsKarafDoesThenEqualsTheDefaults() throws java.io.IOException {
        java.util.Properties cfg = new java.util.Properties();
        try (java.io.Reader r = java.nio.file.Files.newBufferedReader(Path.of("src/main/cfg/io.ferry.simpool-sim.cfg"))) {
            cfg.load(r);
        }
        Map<String, Object> strings = new HashMap<>();
        cfg.forEach((k, v) -> strings.put((String) k, v));
        assertThat(strings).containsEntry("vmMemoryGiB", "1,2,4").hasSizeGreaterThan(25);
        assertThat(settings(strings)).isEqualTo(settings(Map.of()));
    }

    @Test
    void namesWhenPoolIsLargeThenWiden() {
        PoolSettings s = settings(props("hosts", 120, "vms", 1500));
        assertThat(s.hostName(7)).isEqualTo("host-007");
        assertThat(s.vmName(7)).isEqualTo("vm-0007");
        PoolSettings d = settings(Map.of());
        assertThat(d.hostName(7)).isEqualTo("host-07");
        assertThat(d.vmName(7)).isEqualTo("vm-007");
    }
}
