package io.ferry.shell.internal;

import static io.ferry.shell.internal.Fixtures.GIB;
import static io.ferry.shell.internal.Fixtures.T0;
import static io.ferry.shell.internal.Fixtures.line;
import static io.ferry.shell.internal.Fixtures.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.api.model.Capability;
import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.HostId;
import io.ferry.api.model.HostState;
import io.ferry.api.model.MigrationCost;
import io.ferry.api.model.MigrationId;
import io.ferry.api.model.MigrationOutcome;
import io.ferry.api.model.MigrationProgress;
import io.ferry.api.model.PoolId;
import io.ferry.api.model.PowerState;
import io.ferry.api.model.VmId;
import io.ferry.api.model.VmState;
import io.ferry.controller.AuditRecord;
import io.ferry.controller.InFlight;
import io.ferry.controller.PoolStatus;
import io.ferry.shell.internal.completers.CompleterAccess;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.karaf.shell.support.CommandException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A XenServer pool as XAPI shows it: hosts and VMs by UUID, which operators do not know, each with a name label,
 * which they do. The shell shows both and takes either; a name two VMs share is refused with their UUIDs.
 */
class XenNamesTest {

    static final String HOST_A = "8a1f3c9e-5b2d-4e7f-9a10-3c4d5e6f7a8b";
    static final String HOST_B = "b7e2d4c6-1a3f-4b5d-8c9e-0f1a2b3c4d5e";
    static final String WEB = "3f2a6b8c-9d0e-4f1a-8b2c-3d4e5f6a7b8c";
    static final String DB = "c0d1e2f3-a4b5-4c6d-9e7f-8a9b0c1d2e3f";
    static final String TWIN_1 = "11111111-2222-4333-8444-555555555555";
    static final String TWIN_2 = "66666666-7777-4888-9999-000000000000";

    private final FakeController controller = new FakeController();

    static PoolStatus xapiPool() {
        HostId a = new HostId(HOST_A);
        HostId b = new HostId(HOST_B);
        ClusterSnapshot snapshot = new ClusterSnapshot(new PoolId("xen"), T0, List.of(
                new HostState(a, "xs-rack1-01", true, false, 32, 0.72, 256 * GIB, 40 * GIB),
                new HostState(b, "xs-rack1-02", true, false, 32, 0.10, 256 * GIB, 200 * GIB)),
                List.of(vm(WEB, "web-01", a), vm(DB, "db-01", a), vm(TWIN_1, "worker", b), vm(TWIN_2, "worker", b)));
        InFlight flight = new InFlight(new MigrationId("m-41"), new VmId(WEB), a, b, "precopy",
                "io.ferry.policy-precopy/0.1.0", new MigrationProgress(0.5, MigrationProgress.Phase.PRE_COPY, 0,
                        Duration.ofSeconds(3), 2 * GIB), T0);
        return new PoolStatus(new PoolId("xen"), "xenserver", Set.of(Capability.PRE_COPY, Capability.CANCEL),
                Fixtures.selection("precopy"), Optional.of(snapshot), List.of(flight), Optional.of(T0),
                Optional.empty(), new PoolStatus.Counters(1, 1, 0, 0, 0, 0, 0), Fixtures.XEN_NOTE);
    }

    private static VmState vm(String uuid, String name, HostId host) {
        return new VmState(new VmId(uuid), name, PowerState.RUNNING, Optional.of(host), 4 * GIB, 2, 0.4, Set.of());
    }

    @BeforeEach
    void pool() {
        controller.pools.add(xapiPool());
    }

    @Test
    void statusWhenIdsAreUuidsThenInFlightAndVmTablesShowTheNameLabelBesideEachUuid() throws Exception {
        StatusCommand status = new StatusCommand();
        status.controller = controller;
        status.vms = true;

        String out = run(status);

        assertThat(line(out, "m-41")).contains(WEB + " (web-01)",
                HOST_A + " → " + HOST_B + " (xs-rack1-01 → xs-rack1-02)");
        assertThat(line(out, "db-01")).contains(DB, HOST_A + " (xs-rack1-01)");
    }

    @Test
    void statusWhenNoFormatThenUuidAndNameInTheSameCell() throws Exception {
        StatusCommand status = new StatusCommand();
        status.controller = controller;
        status.noFormat = true;

        List<String> cells = Fixtures.cells(line(run(status), "m-41"));

        assertThat(cells).contains(WEB + " (web-01)", HOST_A + " → " + HOST_B + " (xs-rack1-01 → xs-rack1-02)");
    }

    @Test
    void historyWhenIdsAreUuidsThenNamesBesideThemAlsoWithoutFormat() throws Exception {
        controller.history.add(new AuditRecord(T0, AuditRecord.Type.OUTCOME, new PoolId("xen"),
                Optional.of(new MigrationId("m-41")), Optional.of(new VmId(WEB)), Optional.of(new HostId(HOST_A)),
                Optional.of(new HostId(HOST_B)), "threshold", "precopy", "io.ferry.policy-precopy/0.1.0",
                Optional.of(new MigrationCost(Duration.ofSeconds(12), Duration.ofMillis(250), 4 * GIB)),
                Optional.empty(), Optional.of(MigrationOutcome.Status.COMPLETED), false, "completed"));
        controller.history.add(new AuditRecord(T0, AuditRecord.Type.DECISION, new PoolId("xen"), Optional.empty(),
                Optional.of(new VmId("deleted-since")), Optional.empty(), Optional.empty(), "threshold", "precopy",
                "io.ferry.policy-precopy/0.1.0", Optional.empty(), Optional.empty(), Optional.empty(), false, "x"));
        HistoryCommand history = new HistoryCommand();
        history.controller = controller;
        history.noFormat = true;

        String out = run(history);

        assertThat(Fixtures.cells(line(out, "outcome"))).contains(WEB + " (web-01)",
                HOST_A + " → " + HOST_B + " (xs-rack1-01 → xs-rack1-02)");
        assertThat(Fixtures.cells(line(out, "decision"))).contains("deleted-since");
    }

    private MigrateCommand migrate(String vm, String host) {
        MigrateCommand c = new MigrateCommand();
        c.controller = controller;
        c.vm = vm;
        c.host = host;
        return c;
    }

    @Test
    void migrateWhenGivenNameLabelsThenTheControllerGetsTheirUuids() throws Exception {
        String out = run(migrate("web-01", "xs-rack1-02"));

        assertThat(controller.calls).containsExactly("migrate xen " + WEB + " " + HOST_B);
        assertThat(out).contains(WEB + " (web-01) → " + HOST_B + " (xs-rack1-02)");
    }

    @Test
    void migrateWhenGivenUuidsThenTheyArePassedAsThey() throws Exception {
        run(migrate(DB, HOST_B));

        assertThat(controller.calls).containsExactly("migrate xen " + DB + " " + HOST_B);
    }

    @Test
    void migrateWhenTheNameIsSharedThenRefusedListingTheMatchesAndNothingIsMigrated() {
        assertThatThrownBy(() -> run(migrate("worker", "xs-rack1-01"))).isInstanceOf(CommandException.class)
                .hasCauseInstanceOf(IllegalArgumentException.class)
                .hasMessage("VM name 'worker' is ambiguous in pool xen: 2 VMs have it (" + TWIN_1 + ", " + TWIN_2
                        + "); give the UUID");
        assertThat(controller.calls).isEmpty();
    }

    @Test
    void completersWhenIdsAreUuidsThenNamesCompleteToo() {
        assertThat(CompleterAccess.vmCandidates(controller)).contains(WEB, "web-01", "worker")
                .doesNotHaveDuplicates();
        assertThat(CompleterAccess.hostCandidates(controller)).contains(HOST_A, "xs-rack1-01", "xs-rack1-02");
    }
}
