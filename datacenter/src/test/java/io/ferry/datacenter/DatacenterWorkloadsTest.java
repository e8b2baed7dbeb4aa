package io.ferry.datacenter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatacenterWorkloadsTest {

    @Test
    void planetLabReadsOneVmPerFileInNameOrderAsSharesOfCapacity(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("b-host"), "10\n20\n30\n");
        Files.writeString(dir.resolve("a-host"), "0\n50\n100\n");
        DatacenterWorkload w = DatacenterWorkloads.planetLab(dir);
        assertThat(w.vms()).isEqualTo(2);
        assertThat(w.samples()).isEqualTo(3);
        assertThat(w.vmName(0)).isEqualTo("a-host");
        assertThat(w.utilisation(0, 2)).isEqualTo(1.0);
        assertThat(w.utilisation(1, 1)).isEqualTo(0.2);
    }

    @Test
    void aMissingOrEmptyDirectoryIsOneClearLine(@TempDir Path dir) {
        assertThatThrownBy(() -> DatacenterWorkloads.planetLab(dir.resolve("nope")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("workload = ")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> DatacenterWorkloads.planetLab(dir))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("holds none");
    }

    @Test
    void aMalformedLineNamesTheFileAndTheLine(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("good"), "10\n20\n");
        Files.writeString(dir.resolve("bad"), "10\nx7\n");
        assertThatThrownBy(() -> DatacenterWorkloads.planetLab(dir))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad line 2");
    }

    @Test
    void theSyntheticWorkloadIsDeterministicForItsSeedAndWithinZeroToOne() {
        DatacenterWorkload a = DatacenterWorkloads.synthetic(5, 288, 9);
        DatacenterWorkload b = DatacenterWorkloads.synthetic(5, 288, 9);
        DatacenterWorkload c = DatacenterWorkloads.synthetic(5, 288, 10);
        boolean differs = false;
        for (int vm = 0; vm < 5; vm++) {
            for (int k = 0; k < 288; k++) {
                assertThat(a.utilisation(vm, k)).isEqualTo(b.utilisation(vm, k)).isBetween(0.0, 1.0);
                differs |= a.utilisation(vm, k) != c.utilisation(vm, k);
            }
        }
        assertThat(differs).isTrue();
    }
}
