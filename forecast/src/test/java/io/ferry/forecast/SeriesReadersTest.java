package io.ferry.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.api.model.Metric;
import io.ferry.api.model.MetricWindow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeriesReadersTest {

    @TempDir
    Path dir;

    @Test
    void aPlanetLabDayIsOneCpuSeriesPerFileInFractionsFiveMinutesApart() throws IOException {
        Path day = Files.createDirectories(dir.resolve("20110303"));
        Files.writeString(day.resolve("b-vm"), "10\n20\n30\n");
        Files.writeString(day.resolve("a-vm"), "0\n100\n");

        List<Series> series = SeriesReaders.read(List.of(day), Metric.CPU_UTILISATION);

        assertThat(series).extracting(Series::name).containsExactly("20110303/a-vm", "20110303/b-vm");
        assertThat(series.get(1).values()).containsExactly(0.1, 0.2, 0.3);
        assertThat(series.get(0).step()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void aDirtyRateRecordingIsTheGuestsUniquePagesAtTheRecordedStep() throws IOException {
        Files.writeString(dir.resolve("run.csv"), """
                t_seconds,schedule_writes_per_second,guest_writes_per_second,guest_unique_pages_per_second,sampled_pages_per_second,sample_overlap
                0.0,5000,4875,4730,,
                0.2,5000,4990,4890,4700,0.9
                0.4,5000,4990,4900,4800,1.0
                """);
        Files.writeString(dir.resolve("README.md"), "not a recording");

        List<Series> series = SeriesReaders.read(List.of(dir), Metric.DIRTY_PAGES_PER_SECOND);

        assertThat(series).hasSize(1);
        assertThat(series.get(0).values()).containsExactly(4730, 4890, 4900);
        assertThat(series.get(0).step()).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void aLineThatIsNotAPercentageIsNamedWithItsFileAndLine() throws IOException {
        Files.writeString(dir.resolve("vm"), "10\nten\n");

        assertThatThrownBy(() -> SeriesReaders.read(List.of(dir), Metric.CPU_UTILISATION))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("vm:2").hasMessageContaining("'ten'");
    }

    @Test
    void aMissingDirectoryAnEmptyOneAndACsvWithoutTheColumnAreClearErrors() throws IOException {
        assertThatThrownBy(() -> SeriesReaders.read(List.of(dir.resolve("nope")), Metric.CPU_UTILISATION))
                .hasMessageContaining("no such directory");
        assertThatThrownBy(() -> SeriesReaders.read(List.of(dir), Metric.CPU_UTILISATION))
                .hasMessageContaining("holds no trace files");
        Files.writeString(dir.resolve("x.csv"), "t_seconds,rate\n0,1\n0.2,2\n");
        assertThatThrownBy(() -> SeriesReaders.read(List.of(dir), Metric.DIRTY_PAGES_PER_SECOND))
                .hasMessageContaining("guest_unique_pages_per_second");
        assertThatThrownBy(() -> SeriesReaders.read(List.of(dir), Metric.MEMORY_USED_BYTES))
                .hasMessageContaining("no on-disk format");
    }

    @Test
    void theFingerprintChangesWithOneSampleAndNotWithARereading() throws IOException {
        Files.writeString(dir.resolve("vm"), "10\n20\n");
        String first = SeriesReaders.fingerprint(SeriesReaders.read(List.of(dir), Metric.CPU_UTILISATION));
        String again = SeriesReaders.fingerprint(SeriesReaders.read(List.of(dir), Metric.CPU_UTILISATION));
        Files.writeString(dir.resolve("vm"), "10\n21\n");
        String changed = SeriesReaders.fingerprint(SeriesReaders.read(List.of(dir), Metric.CPU_UTILISATION));

        assertThat(again).isEqualTo(first).hasSize(64);
        assertThat(changed).isNotEqualTo(first);
    }

    @Test
    void aWindowIsTheSamplesBeforeItsEndAndMustFit() {
        Series s = new Series("vm", Metric.CPU_UTILISATION, Duration.ofMinutes(5), new double[] {0.1, 0.2, 0.3, 0.4});

        MetricWindow w = s.window(3, 2);

        assertThat(w.values()).containsExactly(0.2, 0.3);
        assertThatThrownBy(() -> s.window(5, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Series("vm", Metric.CPU_UTILISATION, Duration.ofMinutes(5), new double[] {Double.NaN}))
                .hasMessageContaining("sample 0");
    }
}
