package io.ferry.shell.internal;

import static io.ferry.shell.internal.Fixtures.line;
import static io.ferry.shell.internal.Fixtures.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.controller.PoolStatus;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StatusCommandTest {

    private final FakeController controller = new FakeController();
    private final StatusCommand command = new StatusCommand();

    @BeforeEach
    void twoPools() {
        command.controller = controller;
        controller.pools.add(Fixtures.busyXenPool());
        controller.pools.add(Fixtures.pool("sim", "simulator", Fixtures.selection("hybrid")));
    }

    @Test
    void executeThenOneRowPerPoolWithSelectionCountersAndLastCycle() throws Exception {
        String out = run(command);

        assertThat(line(out, "xenserver")).contains("xen", "precopy", "threshold", "ewma", "on", "120", "9",
                "2025-03-01T10:15:30Z");
        assertThat(line(out, "simulator")).contains("sim", "hybrid", "off");
    }

    @Test
    void executeThenPrintsEachPoolsNoteAndProblem() throws Exception {
        String out = run(command);

        assertThat(out.lines()).contains("xen note: " + Fixtures.XEN_NOTE,
                "xen problem: lstm selected, not installed: deciding without forecasts",
                "sim note: the policy steers each migration round by round");
        assertThat(out).doesNotContain("sim problem");
    }

    @Test
    void executeWhenAnAdapterConfigurationFailedThenOneLineSaysSo() throws Exception {
        controller.pools.clear();
        controller.problems.add("adapter configuration etc/io.ferry.xen-lab.cfg rejected, no pool attached: "
                + "url = htp://x: must be an http or https URL");

        String out = run(command);

        assertThat(out.lines()).containsExactly("no pool is attached to the controller",
                "problem: adapter configuration etc/io.ferry.xen-lab.cfg rejected, no pool attached: url = htp://x: "
                        + "must be an http or https URL");
    }

    @Test
    void executeWhenTheClusterMemberOwnsNoPoolThenItsStatusAndProblemLinesAreShown() throws Exception {
        controller.pools.clear();
        controller.status.add("cluster: member b of group ferry-controllers, generation 4, owns no pool");
        controller.problems.add("cluster member b: kafka: broker 127.0.0.1:9 unreachable since 2025-03-01T10:15:30Z; "
                + "pools owned through the group decide nothing until it is back");

        String out = run(command);

        assertThat(out.lines()).containsExactly("no pool is attached to the controller",
                "cluster: member b of group ferry-controllers, generation 4, owns no pool",
                "problem: cluster member b: kafka: broker 127.0.0.1:9 unreachable since 2025-03-01T10:15:30Z; pools "
                        + "owned through the group decide nothing until it is back");
    }

    @Test
    void executeWithPoolsThenTheStatusSourcesLinesFollowThePoolsNotesAndNotForOnePool() throws Exception {
        controller.status.add("cluster: member a of group ferry-controllers, generation 2, owns [sim]");

        assertThat(run(command).lines()).contains(
                "cluster: member a of group ferry-controllers, generation 2, owns [sim]");
        command.pool = "sim";
        assertThat(run(command)).doesNotContain("cluster: member");
    }

    @Test
    void executeWhenTheSnapshotIsOlderThanTheLastCycleThenSaysHowOld() throws Exception {
        PoolStatus busy = Fixtures.busyXenPool();
        controller.pools.set(0, new PoolStatus(busy.pool(), busy.kind(), busy.capabilities(), busy.selection(),
                busy.snapshot(), busy.inFlight(), Optional.of(Fixtures.T0.plusSeconds(90)), busy.problem(),
                busy.counters(), busy.note(), Optional.of(Fixtures.T0)));

        String out = run(command);

        assertThat(out.lines()).contains("xen snapshot: as seen at 2025-03-01T10:15:30Z, 90.0 s before the last "
                + "cycle; the hypervisor has not answered since");
        assertThat(out).doesNotContain("sim snapshot");
    }

    @Test
    void executeThenShowsInFlightMigrationsWithProgress() throws Exception {
        String out = run(command);

        assertThat(line(out, "m-41")).contains("vm-web", "host-a → host-b", "hybrid", "io.ferry.policy-hybrid/0.1.0",
                "pre-copy", "3", "62%", "4.2 s", "3.0 GiB");
    }

    @Test
    void executeWhenPoolNamedThenOnlyThatPool() throws Exception {
        command.pool = "sim";

        String out = run(command);

        assertThat(out).contains("simulator", "no migrations in flight").doesNotContain("xenserver", "m-41");
    }

    @Test
    void executeWhenPoolUnknownThenOneLineErrorListsThePools() {
        command.pool = "kvm";

        assertThatThrownBy(() -> run(command)).hasMessage("unknown pool 'kvm': pools are sim, xen");
    }

    @Test
    void executeWithHostsAndVmsThenAddsTheSnapshotsTables() throws Exception {
        command.hosts = true;
        command.vms = true;

        String out = run(command);

        assertThat(line(out, "72%")).contains("rack1-a", "host-a", "40.0 GiB", "256.0 GiB", "yes", "no", "2");
        assertThat(line(out, "10%")).contains("rack1-b", "host-b", "yes", "0");
        assertThat(line(out, "frontend, web")).contains("vm-web-name", "running", "host-a (rack1-a)", "8.0 GiB", "4",
                "90%");
        assertThat(line(out, "vm-off")).contains("halted", "-");
    }

    @Test
    void executeWithoutOptionsThenNoHostOrVmTable() throws Exception {
        String out = run(command);

        assertThat(out).doesNotContain("Memory total", "vm-db");
    }

    @Test
    void executeWhenNoFormatThenNoBorders() throws Exception {
        command.noFormat = true;
        command.hosts = true;

        String out = run(command);

        assertThat(out).doesNotContain("|", "│").contains("\t");
        assertThat(out.lines().map(Fixtures::cells)).anySatisfy(cells -> assertThat(cells).startsWith("xen", "m-41"));
    }

    @Test
    void executeWhenAPredictorIsSelectedThenOneRowPerMetricWithBundleModelAndFailures() throws Exception {
        PoolStatus busy = Fixtures.busyXenPool();
        controller.pools.set(0, new PoolStatus(busy.pool(), busy.kind(), busy.capabilities(), busy.selection(),
                busy.snapshot(), busy.inFlight(), busy.lastCycle(), busy.problem(), busy.counters(), busy.note(),
                busy.snapshotAt(), java.util.List.of(
                        new io.ferry.controller.PredictorUse(io.ferry.api.model.Metric.CPU_UTILISATION, "lstm", true,
                                "io.ferry.predictor-lstm/0.1.0", Optional.of(new io.ferry.api.model.ModelInfo(
                                        "lstm-cpu", "1.0.0", "sha256:ab")), 3, Optional.of("threw x")),
                        new io.ferry.controller.PredictorUse(io.ferry.api.model.Metric.DIRTY_PAGES_PER_SECOND, "lstm",
                                false, "", Optional.empty(), 0, Optional.empty()))));

        String out = run(command);

        assertThat(out).contains("Predictors");
        assertThat(line(out, "cpu-utilisation")).contains("xen", "lstm", "yes", "io.ferry.predictor-lstm/0.1.0",
                "lstm-cpu 1.0.0 sha256:ab", "3", "threw x");
        assertThat(line(out, "dirty-pages-per-second")).contains("xen", "lstm", "no: deciding without it");
    }

    @Test
    void executeWhenNoPoolHasAPredictorThenNoPredictorTable() throws Exception {
        assertThat(run(command)).doesNotContain("Predictors");
    }
}
