package io.ferry.qemu.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The repository's dirty-rate dataset (data/dirty-rates): every file parses with the recorder's header, its guest
 * clock advances, and the samples agree with the ground truth: the median of calc-dirty-rate over the guest's own
 * count of distinct pages, where the guest dirties enough pages for sampling to see them, is within 25 %.
 */
class DirtyRateDatasetTest {

    private static Path dataset() {
        return Path.of(System.getProperty("ferry.repository", "..")).resolve("data/dirty-rates");
    }

    private static List<double[]> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        assertThat(lines.get(0)).as(file.toString()).isEqualTo(DirtyRateRecorder.HEADER);
        List<double[]> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            assertThat(cells).as(file + ": " + line).hasSize(6);
            rows.add(Arrays.stream(cells).mapToDouble(c -> c.isEmpty() ? Double.NaN : Double.parseDouble(c))
                    .toArray());
        }
        return rows;
    }

    @Test
    void everyFileWhenReadThenWellFormedAndItsSamplesAgreeWithTheGroundTruth() throws IOException {
        Path dir = dataset();
        assertThat(dir.resolve("README.md")).exists();
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(3);
        long bytes = 0;
        for (Path f : files) {
            bytes += Files.size(f);
            List<double[]> rows = read(f);
            assertThat(rows).as(f.toString()).hasSizeGreaterThanOrEqualTo(50);
            for (int i = 1; i < rows.size(); i++) {
                assertThat(rows.get(i)[0]).as(f + " row " + i).isGreaterThan(rows.get(i - 1)[0]);
            }
            for (double[] r : rows) {
                // distinct pages never exceed writes
                assertThat(r[3]).as(f.toString()).isLessThanOrEqualTo(r[2]);
            }
            double[] ratios = rows.stream().filter(r -> !Double.isNaN(r[4]) && r[3] >= 5_000)
                    .mapToDouble(r -> r[4] / r[3]).sorted().toArray();
            if (ratios.length >= 5) {
                assertThat(ratios[ratios.length / 2]).as(f + ": median sampled / unique").isBetween(0.75, 1.25);
            }
        }
        assertThat(bytes).as("the dataset stays small").isLessThan(200_000);
    }
}
