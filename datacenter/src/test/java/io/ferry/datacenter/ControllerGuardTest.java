package io.ferry.datacenter;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.HostId;
import io.ferry.api.model.MigrationDecision;
import io.ferry.api.model.VmId;
import io.ferry.api.model.VmState;
import io.ferry.datacenter.internal.DatacenterEngine;
import io.ferry.guard.GuardRules;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ControllerGuardTest {

    static final DatacenterSetup SETUP = new DatacenterSetup(6, List.of(HostType.ML110_G5), VmType.CLOUDSIM, 300,
            3600, CloudSimMigrationModel.INSTANCE, 7).physical();

    static DatacenterResult run(DatacenterSetup setup, ScriptedAgent agent) {
        return new DatacenterEngine(setup, DatacenterWorkloads.constant(8, 12, 0.2),
                ScriptedAgent.candidate(agent, Placement.FIRST_FIT), k -> { }, true).run();
    }

    /** Proposes moving every VM to the next host, every interval. */
    static ScriptedAgent everyoneMoves() {
        return new ScriptedAgent(c -> {
            ClusterSnapshot s = c.snapshot();
            List<MigrationDecision> out = new ArrayList<>();
            for (VmState vm : s.vms()) {
                int h = Integer.parseInt(vm.residentOn().get().value().substring(1));
                out.add(new MigrationDecision(vm.id(), vm.residentOn().get(),
                        new HostId(String.format("h%04d", (h + 1) % 6)), "mover", "test"));
            }
            return out;
        });
    }

    @Test
    void theControllersGuardLimitsConcurrencyPerPoolInVirtualTime() {
        GuardRules rules = GuardRules.defaults().withoutHysteresis().withConcurrency(2, 8)
                .withCooldown(Duration.ZERO, Duration.ZERO);
        DatacenterResult free = run(SETUP, everyoneMoves());
        DatacenterResult guarded = run(SETUP.withGuard(ControllerGuard.factory(rules)), everyoneMoves());
        assertThat(free.intervals().stream().mapToInt(IntervalMetrics::migrations).max().orElseThrow())
                .isGreaterThan(2);
        assertThat(guarded.intervals()).allSatisfy(i -> assertThat(i.migrations()).isLessThanOrEqualTo(2));
        assertThat(guarded.day().migrations()).isEqualTo(2L * (guarded.intervals().size() - 1));
        assertThat(guarded.day().refusedDecisions()).isPositive();
    }

    @Test
    void aCooldownBlocksAMovedVmAndTheAgentSeesWhy() {
        GuardRules rules = GuardRules.defaults().withoutHysteresis().withConcurrency(8, 8)
                .withCooldown(Duration.ofSeconds(500), Duration.ZERO);
        List<Optional<String>> seen = new ArrayList<>();
        ScriptedAgent agent = new ScriptedAgent(c -> {
            ClusterSnapshot s = c.snapshot();
            VmState v = s.vm(new VmId("v0000")).orElseThrow();
            seen.add(c.blocked(v.id()));
            // first fit leaves h0003..h0005 empty: v0000 shuttles between h0003 and h0004
            HostId to = new HostId(v.residentOn().get().value().equals("h0003") ? "h0004" : "h0003");
            return List.of(new MigrationDecision(v.id(), v.residentOn().get(), to, "mover", "test"));
        });
        DatacenterResult r = run(SETUP.withGuard(ControllerGuard.factory(rules)), agent);
        // moved at 300.1, cooling down until after 800.1 (500 s after it ended): free again at 900.1
        assertThat(seen.get(0)).isEmpty();
        assertThat(seen.get(1)).isPresent();
        assertThat(seen.get(2)).isEmpty();
        assertThat(r.day().migrations()).isEqualTo((agent.calls + 1) / 2);
    }
}
