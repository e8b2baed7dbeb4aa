package io.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry datacenter} through the real engine and the real agents on the class path, on a small hand-made
 * day (24 VMs, 12 hosts, 288 samples): the command line as a user runs it, in well under a second per candidate.
 */
class DatacenterEndToEndTest {

    @TempDir
    Path dir;

    private static Run run(String... args) {
        return Run.ferry(args);
    }

    /** 24 VMs whose CPU wanders between 0 and 100 %, drawn from a fixed seed. */
    private Path traces() throws IOException {
        Path traces = Files.createDirectories(dir.resolve("day"));
        Random random = new Random(3);
        for (int vm = 0; vm < 24; vm++) {
            StringBuilder lines = new StringBuilder();
            int cpu = random.nextInt(60);
            for (int k = 0; k < 288; k++) {
                cpu = Math.max(0, Math.min(100, cpu + random.nextInt(21) - 10));
                lines.append(cpu).append('\n');
            }
            Files.writeString(traces.resolve(String.format("vm-%02d", vm)), lines);
        }
        return traces;
    }

    @Test
    void datacenterWhenRealEngineThenReferencesAndConsolidationAgentsRunAndDiffer() throws IOException {
        Path out = dir.resolve("out");
        Run r = run("datacenter", "--agents", "npa,dvfs,thr-mmt-0.8,lr-mmt-1.2,threshold", "--workload",
                traces().toString(), "--hosts", "12", "--out", out.toString(), "--threads", "2");

        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(out.resolve("datacenter.json").toFile());
        assertThat(json.get("setup").get("vms").intValue()).isEqualTo(24);
        assertThat(json.get("setup").get("hosts").intValue()).isEqualTo(12);
        JsonNode c = json.get("candidates");
        assertThat(c).extracting(n -> n.get("agent").textValue())
                .containsExactly("npa", "dvfs", "thr-mmt-0.8", "lr-mmt-1.2", "threshold");
        double npa = c.get(0).get("energyKWh").doubleValue();
        double dvfs = c.get(1).get("energyKWh").doubleValue();
        double thr = c.get(2).get("energyKWh").doubleValue();
        // NPA: every host at full power all day; DVFS less; consolidation less again, by migrating
        assertThat(npa).isGreaterThan(dvfs);
        assertThat(dvfs).isGreaterThan(thr);
        assertThat(c.get(0).get("migrations").longValue()).isZero();
        assertThat(c.get(1).get("migrations").longValue()).isZero();
        assertThat(c.get(2).get("migrations").longValue()).isPositive();
        assertThat(c.get(3).get("migrations").longValue()).isPositive();
        // a header, then one line per candidate and interval of the 288-sample day
        assertThat(Files.readAllLines(out.resolve("datacenter-intervals.csv"))).hasSize(1 + 5 * 288);
        assertThat(r.err()).contains("[5/5] ");
    }

    @Test
    void datacenterWhenThreadCountChangesThenTheRealEngineGivesTheSameFigures() throws IOException {
        Path traces = traces();
        String[] common = {"datacenter", "--agents", "dvfs,thr-mmt-0.8,lr-rs-1.2,lr-mmt-1.2", "--workload",
                traces.toString(), "--hosts", "12"};
        Run one = run(concat(common, "--threads", "1", "--out", dir.resolve("one").toString()));
        Run three = run(concat(common, "--threads", "3", "--out", dir.resolve("three").toString()));

        assertThat(one.exit()).as(one.err()).isZero();
        assertThat(three.exit()).as(three.err()).isZero();
        assertThat(three.out().replace("three", "one")).isEqualTo(one.out());
        assertThat(Files.readString(dir.resolve("three/datacenter-intervals.csv")))
                .isEqualTo(Files.readString(dir.resolve("one/datacenter-intervals.csv")));
    }

    @Test
    void datacenterWhenTooFewHostsForTheVmsThenTheEnginesLineStatusTwoAndNoDirectoryLeft() throws IOException {
        Path out = dir.resolve("out");

        Run r = run("datacenter", "--agents", "dvfs", "--workload", traces().toString(), "--hosts", "1", "--out",
                out.toString());

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines()).singleElement().asString().contains("hosts = 1", "too few");
        assertThat(out).doesNotExist();
    }

    private static String[] concat(String[] a, String... b) {
        return java.util.stream.Stream.concat(java.util.Arrays.stream(a), java.util.Arrays.stream(b))
                .toArray(String[]::new);
    }

    @Test
    void datacenterWhenPageLevelThenThePageLevelFiguresAreThere() throws IOException {
        Path out = dir.resolve("out");
        Run r = run("datacenter", "--agents", "dvfs,thr-mmt-0.8", "--workload", traces().toString(), "--hosts",
                "12", "--out", out.toString(), "--migration-model", "page-level", "--policy", "precopy");

        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode thr = new ObjectMapper().readTree(out.resolve("datacenter.json").toFile()).get("candidates").get(1);
        assertThat(thr.get("migrations").longValue()).isPositive();
        assertThat(thr.get("bytesMoved").longValue()).isPositive();
        assertThat(thr.get("downtimeMsTotal").doubleValue()).isPositive();
        assertThat(thr.get("slaViolatingMigrations").isIntegralNumber()).isTrue();
        assertThat(r.out().lines().findFirst().orElseThrow()).contains("downtime s", "GiB moved");
    }

    @Test
    void datacenterWhenATraceLineIsMalformedThenTheEnginesLineNamesFileAndLine() throws IOException {
        Path traces = traces();
        Files.writeString(traces.resolve("vm-07"), "10\n20\n1x0\n");
        Path out = dir.resolve("out");

        Run r = run("datacenter", "--workload", traces.toString(), "--out", out.toString());

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines()).singleElement().asString().startsWith("--workload = " + traces + ": ")
                .contains("vm-07 line 3", "'1x0'");
        assertThat(out).doesNotExist();
    }
}
