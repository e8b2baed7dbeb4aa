package io.ferry.simcluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ClusterTest {

    private static final long GIB = 1L << 30;

    /** Three hosts of 16 GiB; VM 0 (4 GiB) on host 0, VM 1 (8 GiB) on host 1, VM 2 halted. */
    private static Cluster threeHosts() {
        Cluster c = Cluster.uniform(3, 16 * GIB, 8);
        c.addVm(4 * GIB, 4 * GIB, 2, 0);
        c.addVm(8 * GIB, 8 * GIB, 4, 1);
        c.addVm(2 * GIB, 2 * GIB, 1, -1);
        return c;
    }

    @Test
    void checkWhenEverythingFailsThenRefusalsComeInXapiOrder() {
        Cluster c = threeHosts();
        assertThat(c.check(2, -1, 1)).map(Refusal::reason).contains(Refusal.Reason.NOT_RUNNING);
        c.beginMigration(0, 1);
        assertThat(c.check(0, -1, 2)).map(Refusal::reason).contains(Refusal.Reason.MIGRATING);
        c.abortMigration(0);
        c.setMaintenance(2, true);
        c.setOnline(2, false);
        assertThat(c.check(0, -1, 2)).map(Refusal::reason).contains(Refusal.Reason.TARGET_DISABLED);
        c.setMaintenance(2, false);
        assertThat(c.check(0, -1, 2)).map(Refusal::reason).contains(Refusal.Reason.TARGET_OFFLINE);
        c.setOnline(2, true);
        c.setOnline(0, false);
        assertThat(c.check(0, 1, 2)).map(Refusal::reason).contains(Refusal.Reason.SOURCE_OFFLINE);
        c.setOnline(0, true);
        assertThat(c.check(0, 1, 2)).map(Refusal::reason).contains(Refusal.Reason.NOT_RESIDENT);
        assertThat(c.check(0, 0, 2)).isEmpty();
    }

    @Test
    void checkWhenTargetShortOfMemoryThenRefusalQuotesNeedAndFree() {
        Cluster c = threeHosts();
        c.addVm(6 * GIB, 6 * GIB, 1, 1); // host 1 now holds 14 of 16 GiB
        assertThat(c.check(0, -1, 1)).contains(new Refusal(Refusal.Reason.NOT_ENOUGH_MEMORY, 4 * GIB, 2 * GIB));
    }

    @Test
    void migrationWhenCompletedThenFootprintMovesAndReservationIsReleased() {
        Cluster c = threeHosts();
        c.beginMigration(0, 2);
        assertThat(c.reserved(2)).isEqualTo(4 * GIB);
        assertThat(c.free(2)).isEqualTo(12 * GIB);
        assertThat(c.migrationTarget(0)).isEqualTo(2);
        c.completeMigration(0);
        assertThat(c.host(0)).isEqualTo(2);
        assertThat(c.used(0)).isZero();
        assertThat(c.used(2)).isEqualTo(4 * GIB);
        assertThat(c.reserved(2)).isZero();
        assertThat(c.migrating(0)).isFalse();
    }

    @Test
    void migrationWhenAbortedThenVmStaysOnSourceAndTargetIsFreeAgain() {
        Cluster c = threeHosts();
        c.beginMigration(1, 0);
        c.abortMigration(1);
        assertThat(c.host(1)).isEqualTo(1);
        assertThat(c.free(0)).isEqualTo(12 * GIB);
        assertThatThrownBy(() -> c.abortMigration(1)).isInstanceOf(IllegalStateException.class)
                .hasMessage("VM 1 is not migrating");
    }

    @Test
    void beginMigrationWhenRefusedThenThrowsAndReservesNothing() {
        Cluster c = threeHosts();
        assertThatThrownBy(() -> c.beginMigration(2, 0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("NOT_RUNNING");
        assertThat(c.reserved(0)).isZero();
    }

    @Test
    void migrationNeedWhenLargerThanFootprintThenTargetReservesTheNeed() {
        Cluster c = Cluster.uniform(2, 16 * GIB, 8);
        c.addVm(4 * GIB, 5 * GIB, 1, 0); // xapi: a migration reserves the dynamic maximum plus overhead
        c.beginMigration(0, 1);
        assertThat(c.reserved(1)).isEqualTo(5 * GIB);
        c.completeMigration(0);
        assertThat(c.used(1)).isEqualTo(4 * GIB);
    }

    @Test
    void stuckVmsWhenNoOtherHostInServiceHasRoomThenListed() {
        Cluster c = Cluster.uniform(3, 16 * GIB, 8);
        c.addVm(12 * GIB, 12 * GIB, 1, 0);
        c.addVm(8 * GIB, 8 * GIB, 1, 1);
        c.setMaintenance(2, true);
        // VM 0 needs 12 GiB and host 1 has 8 free; VM 1 needs 8 and host 0 has 4; host 2 is in maintenance
        assertThat(c.stuckVms()).containsExactly(0, 1);
        c.setMaintenance(2, false);
        assertThat(c.stuckVms()).isEmpty();
    }

    @Test
    void cpuDemandWhenUtilisationsGivenThenSumsVcpusTimesUtilisationPerHost() {
        Cluster c = threeHosts();
        assertThat(c.cpuDemand(new double[] {0.5, 0.25, 1.0})).containsExactly(1.0, 1.0, 0.0);
    }

    @Test
    void addVmWhenManyThenIndicesAreDenseAndLedgerExact() {
        Cluster c = Cluster.uniform(10, 1L << 40, 8);
        for (int i = 0; i < 10_000; i++) {
            assertThat(c.addVm(GIB, GIB, 1, i % 10)).isEqualTo(i);
        }
        assertThat(c.vms()).isEqualTo(10_000);
        assertThat(c.used(3)).isEqualTo(1000 * GIB);
    }

    @Test
    void constructorWhenCpuCountZeroThenRejected() {
        assertThatThrownBy(() -> new Cluster(new long[] {GIB}, new int[] {0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host 0");
    }
}
