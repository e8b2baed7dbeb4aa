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

    /** A v2 file's name: workload.family.sSEED.csv. */
    private static final java.util.regex.Pattern V2_NAME = java.util.regex.Pattern.compile(
            "([a-z0-9-]+)\\.([a-z-]+)\\.s(\\d+)\\.csv");

    private static List<Path> csvs(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
        }
    }

    @Test
    void theV2SetWhenReadThenWellFormedWithCpuColumnsInRangeLargeEnoughAndSplitByRunWithAnUnseenTestFamilyAndWorkload()
            throws IOException {
        Path v2 = dataset().resolve("v2");
        List<Path> train = csvs(v2.resolve("train"));
        List<Path> test = csvs(v2.resolve("test"));
        assertThat(train).hasSizeGreaterThanOrEqualTo(10);
        assertThat(test).hasSizeGreaterThanOrEqualTo(3);
        int cpus = Runtime.getRuntime().availableProcessors();
        long windows = 0;
        long bytes = 0;
        java.util.Set<String> trainFamilies = new java.util.TreeSet<>();
        java.util.Set<String> trainWorkloads = new java.util.TreeSet<>();
        java.util.Set<String> trainSeeds = new java.util.TreeSet<>();
        for (List<Path> split : List.of(train, test)) {
            for (Path f : split) {
                java.util.regex.Matcher m = V2_NAME.matcher(f.getFileName().toString());
                assertThat(m.matches()).as(f + ": named workload.family.sSEED.csv").isTrue();
                if (split == train) {
                    trainWorkloads.add(m.group(1));
                    trainFamilies.add(m.group(2));
                    trainSeeds.add(m.group(3));
                } else {
                    // split by run: no test run shares a training run's seed (its schedule and its data)
                    assertThat(trainSeeds).as(f + ": its seed is a training run's").doesNotContain(m.group(3));
                }
                bytes += Files.size(f);
                List<String> lines = Files.readAllLines(f);
                assertThat(lines.get(0)).as(f.toString()).isEqualTo(DirtyRateRecorder.HEADER_CPU);
                double previous = Double.NEGATIVE_INFINITY;
                for (String line : lines.subList(1, lines.size())) {
                    String[] c = line.split(",", -1);
                    assertThat(c).as(f + ": " + line).hasSize(8);
                    double t = Double.parseDouble(c[0]);
                    assertThat(t).as(f + ": " + line + ": the guest clock advances").isGreaterThan(previous);
                    previous = t;
                    assertThat(Double.parseDouble(c[3])).as(f + ": " + line + ": unique <= writes")
                            .isLessThanOrEqualTo(Double.parseDouble(c[2])).isGreaterThanOrEqualTo(0);
                    // QEMU's CPU: threads beside the vCPU and 10 ms ticks may pass one CPU, never the machine's
                    assertThat(Double.parseDouble(c[6])).as(f + ": " + line + ": qemu_cpu_fraction")
                            .isBetween(0.0, cpus + 0.25);
                    assertThat(Double.parseDouble(c[7])).as(f + ": " + line + ": guest_cpu_fraction")
                            .isBetween(0.0, 1.0);
                }
                assertThat(lines.size() - 1).as(f.toString()).isGreaterThanOrEqualTo(100);
                windows += lines.size() - 1;
            }
        }
        assertThat(windows).as("windows in the v2 set").isGreaterThanOrEqualTo(5_000);
        assertThat(bytes).as("the v2 set stays small").isLessThan(600_000);
        // an honest held-out set: every test run has a schedule family or a workload no training run has
        for (Path f : test) {
            java.util.regex.Matcher m = V2_NAME.matcher(f.getFileName().toString());
            assertThat(m.matches()).isTrue();
            assertThat(!trainWorkloads.contains(m.group(1)) || !trainFamilies.contains(m.group(2)))
                    .as(f + ": its family or its workload is new to the test set").isTrue();
        }
        assertThat(train.stream().map(p -> p.getFileName().toString()))
                .doesNotContainAnyElementsOf(test.stream().map(p -> p.getFileName().toString()).toList());
    }
}
