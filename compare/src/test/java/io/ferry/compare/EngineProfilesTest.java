package io.ferry.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.engine.DirtyingModel;
import io.ferry.engine.EngineScenario;
import io.ferry.engine.HypervisorModel;
import io.ferry.engine.LiveMigrationEngine;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Profiles: the built-in ones load, files round-trip, mistakes are one line, and a profile changes the engine. */
class EngineProfilesTest {

    @TempDir
    Path dir;

    @Test
    void byNameWhenQemuTcgThenItLoadsWithEveryDepartureSwitchedOn() {
        EngineProfile p = EngineProfiles.byName("qemu-tcg").orElseThrow();
        HypervisorModel m = p.settings().hypervisor();
        assertThat(p.name()).isEqualTo("qemu-tcg");
        assertThat(m.detectsZeroPages()).isTrue();
        assertThat(m.pageHeaderBytes()).isPositive();
        assertThat(m.liveEfficiency().isEmpty()).isFalse();
        assertThat(m.pauseBandwidthBytesPerSec()).isGreaterThan(100 * 1048576.0);
        assertThat(m.earlySync().isZero()).isFalse();
        assertThat(m.ownConvergence()).isTrue();
        assertThat(m.resumePages()).isPositive();
        assertThat(p.guest().kernelMiB(512)).isBetween(20.0, 120.0);
        assertThat(p.guest().maxWritesPerSecond("sweep")).isGreaterThan(100_000);
        assertThat(EngineProfiles.names()).containsExactly("ideal", "qemu-tcg");
        // QEMU orders pages itself: a policy cannot defer or reorder them there, nor under its profile
        assertThat(p.capabilities()).contains(io.ferry.api.model.Capability.POST_COPY)
                .doesNotContain(io.ferry.api.model.Capability.PAGE_ORDER);
        assertThat(p.engine().capabilities()).isEqualTo(p.capabilities());
        assertThat(EngineProfiles.byName("ideal")).contains(EngineProfile.IDEAL);
    }

    @Test
    void resolveWhenUnknownNameThenOneLineListingTheKnownOnes() {
        assertThatThrownBy(() -> EngineProfiles.resolve("kvm-fast"))
                .isInstanceOf(ScenarioFileException.class)
                .hasMessage("unknown profile \"kvm-fast\": known profiles are ideal, qemu-tcg (or a profile file "
                        + "ending in .json)");
    }

    @Test
    void writeThenReadWhenAProfileFileThenTheSameProfileComesBack() throws IOException {
        EngineProfile p = EngineProfiles.byName("qemu-tcg").orElseThrow();
        StringWriter text = new StringWriter();
        EngineProfiles.write(p, text);
        Path file = dir.resolve("copy.json");
        Files.writeString(file, text.toString(), StandardCharsets.UTF_8);
        EngineProfile back = EngineProfiles.resolve(file.toString());
        assertThat(back.settings()).isEqualTo(p.settings());
        assertThat(back.capabilities()).isEqualTo(p.capabilities());
        assertThat(back.guest()).isEqualTo(p.guest());
        assertThat(back.sources()).isEqualTo(p.sources());
    }

    @Test
    void readWhenAKeyIsMisspeltOrAValueOutOfRangeThenOneLineWithTheFileAndPath() throws IOException {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"name\": \"x\", \"hypervisor\": {\"pauseOverheadMs\": 5, \"zeroPageByte\": 9}}");
        assertThatThrownBy(() -> EngineProfiles.read(bad)).isInstanceOf(ScenarioFileException.class)
                .hasMessageStartingWith(bad + ": unknown key \"zeroPageByte\" in hypervisor (known: ");
        Files.writeString(bad, "{\"name\": \"x\", \"hypervisor\": {\"liveEfficiency\": [{\"capMiBps\": 64, "
                + "\"value\": 0}]}}");
        assertThatThrownBy(() -> EngineProfiles.read(bad)).isInstanceOf(ScenarioFileException.class)
                .hasMessageContaining("an efficiency must be > 0").hasMessageStartingWith(bad.toString());
        assertThatThrownBy(() -> EngineProfiles.read(dir.resolve("missing.json")))
                .isInstanceOf(ScenarioFileException.class).hasMessageContaining("cannot read the profile");
    }

    @Test
    void applyWhenTheKernelWritesThenItsHotSetJoinsTheWorkloadJustBelowTheZeroMemory() {
        EngineProfile p = new EngineProfile("t", "test", EngineProfile.IDEAL.settings(), EngineProfile.IDEAL.capabilities(),
                new EngineProfile.Guest(50, 0.02, 1000, 256, java.util.Map.of()), java.util.Map.of(), java.util.Map.of());
        EngineScenario s = GuestScenario.idle("g", 512, 256, 64).withWriter(GuestScenario.Writer.UNIFORM, 3000, 16, 90)
                .toEngine(p);
        EngineScenario applied = p.apply(s);
        DirtyingModel.Mixed mixed = (DirtyingModel.Mixed) applied.dirtying();
        assertThat(mixed.parts()).hasSize(2);
        DirtyingModel.HotSet system = (DirtyingModel.HotSet) mixed.parts().get(1);
        assertThat(system.pages()).isEqualTo(256);
        assertThat(system.firstPage() + system.pages()).isEqualTo(131_072 - s.zeroPages());
        assertThat(EngineProfile.IDEAL.apply(s)).isEqualTo(s);
    }

    @Test
    void guestScenarioWhenTheKernelHoldsMemoryAtTheTopThenItLiesAboveTheZeroMemoryAndTheHotSetBelowIt() {
        EngineProfile p = new EngineProfile("t", "test", EngineProfile.IDEAL.settings(), EngineProfile.IDEAL.capabilities(),
                new EngineProfile.Guest(50, 0, 1000, 256, java.util.Map.of(), 12), java.util.Map.of(), java.util.Map.of());
        EngineScenario s = GuestScenario.idle("g", 512, 256, 64).toEngine(p);
        // 512 - 256 - 50 MiB of zeros below 12 MiB of the kernel's top-down memory
        assertThat(s.nonZeroTopBytes()).isEqualTo(12L << 20);
        assertThat(s.zeroMemoryBytes()).isEqualTo(206L << 20);
        DirtyingModel.HotSet system = (DirtyingModel.HotSet) ((DirtyingModel.Mixed) p.apply(s).dirtying()).parts().get(1);
        assertThat(system.firstPage() + system.pages()).isEqualTo(131_072 - s.zeroPages() - s.nonZeroTopPages());
        assertThat(EngineProfiles.byName("qemu-tcg").orElseThrow().guest().nonZeroTopMiB()).isPositive();
        assertThat(EngineProfiles.byName("qemu-tcg").orElseThrow().settings().hypervisor().zeroPageScan()).isPositive();
    }

    @Test
    void profileWhenAppliedThenAnIdleGuestsZeroMemoryCrossesAsHeadersAndThePauseIsUnthrottled() {
        EngineProfile tcg = EngineProfiles.byName("qemu-tcg").orElseThrow();
        EngineScenario idle = GuestScenario.idle("idle", 512, 256, 128).toEngine(tcg);
        var ideal = new LiveMigrationEngine().simulate(idle, Policies.all().get(0), 42).get(0).run().metrics();
        var real = new LiveMigrationEngine(tcg.settings()).simulate(tcg.apply(idle), Policies.all().get(0), 42).get(0)
                .run().metrics();
        // the ideal engine sends all 512 MiB; under the profile only the non-zero ~320 MiB cost their size
        assertThat(ideal.bytesSent()).isGreaterThan(512L << 20);
        assertThat(real.bytesSent()).isBetween(280L << 20, 360L << 20);
        assertThat(real.totalTime()).isLessThan(ideal.totalTime());
    }

    @Test
    void guestSuiteWhenStandardTcgThenSevenScenariosAsEngineScenariosToo() {
        List<GuestScenario> guests = ScenarioSuites.guestSuite("standard-tcg").orElseThrow();
        assertThat(guests).extracting(GuestScenario::name).containsExactly("idle", "moderate-writer", "heavy-writer",
                "hot-set-16mib", "bursty", "skewed-64mib", "shared-link-2x");
        List<EngineScenario> engine = ScenarioSuites.byName("standard-tcg").orElseThrow();
        assertThat(engine).hasSize(7);
        EngineScenario shared = engine.get(6);
        assertThat(shared.concurrentMigrations()).isEqualTo(2);
        assertThat(shared.request(0).link().bandwidthBytesPerSec()).isEqualTo(32.0 * 1048576);
        assertThat(engine.get(4).dirtying()).isInstanceOf(DirtyingModel.Phased.class);
        assertThat(engine.get(5).dirtying()).isInstanceOf(DirtyingModel.Mixed.class);
        assertThat(ScenarioSuites.names()).contains("standard", "smoke", "standard-tcg", "quick-tcg");
        assertThat(ScenarioSuites.guestSuite("quick-tcg").orElseThrow()).hasSize(3);
    }

    @Test
    void guestScenarioWhenOutOfRangeThenOneLine() {
        assertThatThrownBy(() -> GuestScenario.idle("g", 256, 250, 64))
                .hasMessage("workloadMiB = 250: must be in [1, 192] (the guest less 64 MiB)");
        assertThatThrownBy(() -> GuestScenario.idle("g", 256, 96, 64).withWriter(GuestScenario.Writer.HOT_COLD, 0, 16, 90)
                .withSchedule(List.of(new GuestScenario.Step(10, 1))).toEngine(EngineProfile.IDEAL))
                .hasMessageContaining("a schedule with the hotcold writer has no engine model");
    }
}
