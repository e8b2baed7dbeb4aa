package io.ferry.datacenter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CloudSimMigrationModelTest {

    @Test
    void an870MegabyteVmTakesRamOverHalfTheGigabitLinkWithoutDowntime() {
        MigrationEstimate e = CloudSimMigrationModel.INSTANCE.estimate(
                new MigrationJob(0, 870 * HostType.MB, 0.5, 2500, 1, HostType.CLOUDSIM_GIGABIT, 1, 1));
        assertThat(e.durationSeconds()).isEqualTo(870 / (1_000_000 / (2 * 8000.0)));
        assertThat(e.durationSeconds()).isCloseTo(13.92, within(1e-12));
        assertThat(e.downtimeSeconds()).isZero();
        assertThat(e.bytesMoved()).isEqualTo(870 * HostType.MB);
        assertThat(e.lostCpuShare()).isEqualTo(0.1);
        assertThat(CloudSimMigrationModel.INSTANCE.name()).isEqualTo("cloudsim");
    }
}
