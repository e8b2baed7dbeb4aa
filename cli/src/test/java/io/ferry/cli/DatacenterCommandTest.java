package io.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferry.api.AgentContext;
import io.ferry.api.MigrationAgent;
import io.ferry.api.MigrationPolicy;
import io.ferry.api.model.MigrationDecision;
import io.ferry.api.spi.MigrationAgentFactory;
import io.ferry.api.spi.SettingDescription;
import io.ferry.datacenter.Candidate;
import io.ferry.datacenter.DatacenterResult;
import io.ferry.datacenter.DatacenterSetup;
import io.ferry.datacenter.DatacenterWorkload;
import io.ferry.datacenter.DayMetrics;
import io.ferry.datacenter.IntervalMetrics;
import io.ferry.datacenter.MigrationEstimate;
import io.ferry.datacenter.MigrationJob;
import io.ferry.datacenter.MigrationModel;
import io.ferry.datacenter.Placement;
import io.ferry.datacenter.PowerAccounting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ferry datacenter} in-process against a fake engine (a day whose figures follow from the candidate), so
 * that the options, the candidates, the parallel runs, the refusals and the reports are pinned in milliseconds.
 */
class DatacenterCommandTest {

    @TempDir
    Path dir;

    /** An agent factory with a {@code parameter} setting (and {@code seed} when asked), like the consolidation ones. */
    record FakeFactory(String name, String parameterDefault, boolean seeded) implements MigrationAgentFactory {
        @Override
        public String description() {
            return "fake";
        }

        @Override
        public List<SettingDescription> settings() {
            List<SettingDescription> s = new ArrayList<>();
            if (parameterDefault != null) {
                s.add(new SettingDescription("parameter", "Double", parameterDefault, "", Optional.empty(),
                        Optional.empty()));
            }
            if (seeded) {
                s.add(new SettingDescription("seed", "Long", "1", "", Optional.empty(), Optional.empty()));
            }
            return s;
        }

        @Override
        public MigrationAgent create(Map<String, ?> settings) {
            Object p = settings.get("parameter");
            if (p != null && Double.parseDouble(p.toString()) > 5) {
                throw new IllegalArgumentException("parameter = " + p + ": must be in [0, 5]");
            }
            return new FakeAgent(name, Map.copyOf(settings));
        }
    }

    record FakeAgent(String name, Map<String, ?> settings) implements MigrationAgent {
        @Override
        public List<MigrationDecision> decide(AgentContext context) {
            return List.of();
        }
    }

    /** A model that only says its name and policy; the fake engine never asks it for an estimate. */
    record FakeModel(String name, Optional<String> policy) implements MigrationModel {
        @Override
        public MigrationEstimate estimate(MigrationJob job) {
            throw new UnsupportedOperationException();
        }
    }

    record FakeWorkload(String label, List<String> names, int samples) implements DatacenterWorkload {
        @Override
        public int vms() {
            return names.size();
        }

        @Override
        public String vmName(int vm) {
            return names.get(vm);
        }

        @Override
        public double utilisation(int vm, int sample) {
            return 0.5;
        }
    }

    /** Figures that follow from the candidate alone; remembers what each run was given. */
    static final class FakeEngine implements DatacenterEngine {
        final Map<String, Candidate> candidates = new ConcurrentHashMap<>();
        final Map<String, DatacenterSetup> setups = new ConcurrentHashMap<>();
        final Set<String> threads = ConcurrentHashMap.newKeySet();
        final List<String> pageLevelPolicies = Collections.synchronizedList(new ArrayList<>());

        @Override
        public DatacenterWorkload planetLab(Path dir) {
            List<String> names = new ArrayList<>();
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.sorted().toList()) {
                    List<String> lines = Files.readAllLines(f);
                    for (int i = 0; i < lines.size(); i++) {
                        if (!lines.get(i).strip().matches("\\d+")) {
                            throw new IllegalArgumentException(f + " line " + (i + 1) + ": '" + lines.get(i)
                                    + "' is not an integer CPU percentage");
                        }
                    }
                    names.add(f.getFileName().toString());
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return new FakeWorkload(dir.toString(), names, 288);
        }

        @Override
        public MigrationModel cloudSim() {
            return new FakeModel("cloudsim", Optional.empty());
        }

        @Override
        public MigrationModel pageLevel(MigrationPolicy policy, long seed) {
            pageLevelPolicies.add(policy.name());
            return new FakeModel("page-level", Optional.of(policy.name()));
        }

        @Override
        public DatacenterResult run(DatacenterSetup setup, DatacenterWorkload workload, Candidate candidate,
                IntConsumer progress) {
            candidates.put(candidate.label(), candidate);
            setups.put(candidate.label(), setup);
            threads.add(Thread.currentThread().getName());
            int h = Math.abs(candidate.label().hashCode() % 1000);
            boolean page = setup.migrationModel().name().equals("page-level");
            List<IntervalMetrics> intervals = new ArrayList<>();
            for (int k = 0; k < 288; k++) {
                intervals.add(new IntervalMetrics(k, 300.0 * k + 0.1, setup.hosts() - k % 3, 1000.0 + h, 0.08,
                        k % 4, 0, k % 2, page ? 0.2 : 0, page ? 1L << 20 : 0));
                progress.accept(k + 1);
            }
            double energy = candidate.accounting() == PowerAccounting.MAXIMUM_ALWAYS ? 2410.8 : 100 + h / 10.0;
            DayMetrics day = new DayMetrics(energy, h * 10L, 0.05, 0.001, 5e-5, energy * 5e-5, h, 200.5 + workload
                    .vms(), h / 2, 0, page ? OptionalDouble.of(3.5) : OptionalDouble.empty(),
                    page ? OptionalLong.of(h / 7) : OptionalLong.empty(), page ? OptionalLong.of(h * 1000L)
                            : OptionalLong.empty(), page ? OptionalDouble.of(1.5) : OptionalDouble.empty());
            return new DatacenterResult(candidate.label(), setup.migrationModel().name(), day, intervals, 0.01);
        }
    }

    private final FakeEngine engine = new FakeEngine();

    private static final List<MigrationAgentFactory> FACTORIES = List.of(new FakeFactory("thr-mmt", "0.8", false),
            new FakeFactory("iqr-mmt", "1.5", false), new FakeFactory("mad-mmt", "2.5", false),
            new FakeFactory("lr-mmt", "1.2", false), new FakeFactory("lrr-mmt", "1.2", false),
            new FakeFactory("lr-mu", "1.2", false), new FakeFactory("lr-rs", "1.2", true),
            new FakeFactory("threshold", null, false));

    private CommandLine commandLine() {
        CommandLine cl = FerryCli.commandLine();
        cl.getCommandSpec().removeSubcommand("datacenter");
        cl.addSubcommand("datacenter", new DatacenterCommand(engine, AgentCatalog.discover(FACTORIES),
                PolicyCatalog.standard()));
        return cl;
    }

    private Run run(String... args) {
        return Run.of(commandLine(), args);
    }

    private Path out() {
        return dir.resolve("out");
    }

    private Path traces(int vms) throws IOException {
        Path traces = dir.resolve("traces");
        Files.createDirectories(traces);
        for (int i = vms - 1; i >= 0; i--) {
            Files.writeString(traces.resolve("vm-" + i), "10\n20\n30\n");
        }
        return traces;
    }

    private String[] args(String... more) throws IOException {
        List<String> a = new ArrayList<>(List.of("datacenter", "--workload", traces(3).toString(), "--out",
                out().toString()));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    private void assertUsageError(Run r, String message) {
        assertThat(r.err()).isEqualTo(message + System.lineSeparator());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(out()).doesNotExist();
        assertThat(engine.candidates).isEmpty();
    }

    @Test
    void datacenterWhenAgentsGivenThenOneRowEachInOrderAndTheFourFiles() throws IOException {
        Run r = run(args("--agents", "npa,dvfs,thr-mmt-0.8,lr-mmt-1.2", "--hosts", "10", "--threads", "2"));

        assertThat(r.exit()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).startsWith("agent").contains("energy kWh", "migrations", "SLATAH %", "PDM %",
                "SLAV", "ESV", "shutdowns", "mean active hosts", "overloaded host-intervals")
                .doesNotContain("downtime");
        assertThat(lines.subList(2, 6)).extracting(l -> l.split(" +")[0])
                .containsExactly("npa", "dvfs", "thr-mmt-0.8", "lr-mmt-1.2");
        assertThat(lines.get(2).split(" +")[1]).isEqualTo("2410.80");
        Path abs = out().toAbsolutePath().normalize();
        assertThat(lines).endsWith("wrote " + abs.resolve("datacenter.json"), "wrote " + abs.resolve("datacenter.csv"),
                "wrote " + abs.resolve("datacenter-intervals.csv"), "wrote " + abs.resolve("datacenter.html"));
        assertThat(out().resolve("datacenter.html")).content().contains("<dt>command</dt><dd>ferry datacenter "
                + "--workload ");
        JsonNode json = new ObjectMapper().readTree(out().resolve("datacenter.json").toFile());
        assertThat(json.get("setup").get("hosts").intValue()).isEqualTo(10);
        assertThat(json.get("setup").get("vms").intValue()).isEqualTo(3);
        assertThat(json.get("setup").get("migrationModel").textValue()).isEqualTo("cloudsim");
        assertThat(json.get("setup").get("policy").isNull()).isTrue();
        assertThat(json.get("setup").get("seed").longValue()).isEqualTo(42);
        assertThat(json.get("candidates")).hasSize(4);
        assertThat(Files.readAllLines(out().resolve("datacenter-intervals.csv"))).hasSize(1 + 4 * 288);
    }

    @Test
    void datacenterWhenRunningThenPercentagesAndOneLinePerCandidateFinishedOnStderr() throws IOException {
        Run r = run(args("--agents", "npa,dvfs,lr-mmt-1.2", "--threads", "1"));

        assertThat(r.exit()).as(r.err()).isZero();
        List<String> lines = r.err().lines().toList();
        assertThat(lines).filteredOn(l -> l.startsWith("datacenter: ")).extracting(l -> l.split(" ")[1])
                .containsExactly("10", "20", "30", "40", "50", "60", "70", "80", "90");
        assertThat(lines).filteredOn(l -> l.startsWith("[")).hasSize(3)
                .allMatch(l -> l.matches("\\[[1-3]/3] \\S+ done: \\d+\\.\\d\\d kWh, [\\d,]+ migrations, \\d+\\.\\d s"));
        assertThat(lines).filteredOn(l -> l.startsWith("[")).first().asString()
                .startsWith("[1/3] npa done: 2410.80 kWh, ");
        assertThat(lines).filteredOn(l -> l.startsWith("[")).extracting(l -> l.split(" ")[1])
                .containsExactly("npa", "dvfs", "lr-mmt-1.2");
    }

    @Test
    void datacenterWhenNamesResolvedThenReferencesAgentsPlacementsAndOwnInstances() throws IOException {
        Run r = run(args("--agents", "npa,dvfs,thr-mmt-0.9,lr-mmt-1.2,lr-mmt,lr-rs-1.2,threshold", "--seed", "7"));

        assertThat(r.exit()).as(r.err()).isZero();
        Map<String, Candidate> c = engine.candidates;
        assertThat(c.get("npa").agent()).isEmpty();
        assertThat(c.get("npa").accounting()).isEqualTo(PowerAccounting.MAXIMUM_ALWAYS);
        assertThat(c.get("npa").placement()).isEqualTo(Placement.FIRST_FIT);
        assertThat(c.get("dvfs").agent()).isEmpty();
        assertThat(c.get("dvfs").accounting()).isEqualTo(PowerAccounting.BY_UTILISATION);
        assertThat(c.get("dvfs").placement()).isEqualTo(Placement.FIRST_FIT);
        assertThat(c.get("thr-mmt-0.9").placement()).isEqualTo(Placement.pabfd(0.9));
        assertThat(c.get("lr-mmt-1.2").placement()).isEqualTo(Placement.pabfd(0.7));
        assertThat(c.get("threshold").placement()).isEqualTo(Placement.pabfd(0.7));
        // cloudsim: CloudSim's accounting of migration targets, so that SLATAH is comparable with the literature
        assertThat(engine.setups.values()).allMatch(DatacenterSetup::migratingInAsksFullDemand);
        assertThat(((FakeAgent) c.get("lr-mmt-1.2").agent().orElseThrow()).settings())
                .isEqualTo(Map.of("parameter", "1.2"));
        assertThat(((FakeAgent) c.get("lr-mmt").agent().orElseThrow()).settings()).isEmpty();
        assertThat(((FakeAgent) c.get("lr-rs-1.2").agent().orElseThrow()).settings())
                .isEqualTo(Map.of("parameter", "1.2", "seed", "7"));
        Set<Object> agents = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<Object> models = Collections.newSetFromMap(new IdentityHashMap<>());
        c.values().forEach(x -> x.agent().ifPresent(agents::add));
        engine.setups.values().forEach(s -> models.add(s.migrationModel()));
        assertThat(agents).hasSize(5);
        assertThat(models).hasSize(7);
        assertThat(engine.setups.values()).allSatisfy(s -> {
            assertThat(s.hosts()).isEqualTo(800);
            assertThat(s.seed()).isEqualTo(7);
            assertThat(s.intervalSeconds()).isEqualTo(300);
            assertThat(s.lengthSeconds()).isEqualTo(86400);
        });
    }

    @Test
    void datacenterWhenDefaultAgentsThenTheTenOfTheLiteratureTableInOrder() throws IOException {
        Run r = run(args());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().lines().skip(2).takeWhile(l -> !l.isBlank()).map(l -> l.split(" +")[0]))
                .containsExactly("npa", "dvfs", "thr-mmt-0.8", "iqr-mmt-1.5", "mad-mmt-2.5", "lr-mmt-1.2",
                        "lrr-mmt-1.2", "lr-mu-1.2", "lr-rs-1.2", "threshold");
    }

    @Test
    void datacenterWhenThreadCountChangesThenTheFiguresDoNot() throws IOException {
        String[] agents = {"--agents", "npa,dvfs,thr-mmt-0.8,lr-mmt-1.2,lr-rs-1.2"};
        Run one = run(concat(args(agents), "--threads", "1"));
        String first = withoutWallTime(Files.readString(out().resolve("datacenter.json")));
        String firstCsv = Files.readString(out().resolve("datacenter-intervals.csv"));
        Run four = run(concat(args(agents), "--threads", "4"));

        assertThat(one.exit()).isZero();
        assertThat(four.exit()).isZero();
        assertThat(withoutWallTime(Files.readString(out().resolve("datacenter.json")))).isEqualTo(first);
        assertThat(Files.readString(out().resolve("datacenter-intervals.csv"))).isEqualTo(firstCsv);
        assertThat(four.out()).isEqualTo(one.out());
        assertThat(engine.threads).hasSizeGreaterThan(1);
    }

    @Test
    void datacenterWhenPageLevelThenOneSharedModelRunsThePolicyAndTheExtraColumns()
            throws IOException {
        Run r = run(args("--agents", "dvfs,lr-mmt-1.2", "--migration-model", "page-level", "--policy", "hybrid"));

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(engine.pageLevelPolicies).containsExactly("hybrid");
        assertThat(engine.setups.get("dvfs").migrationModel()).isSameAs(engine.setups.get("lr-mmt-1.2")
                .migrationModel());
        assertThat(r.out().lines().findFirst().orElseThrow()).contains("downtime s", "SLA-violating", "GiB moved",
                "post-copy degraded s");
        JsonNode json = new ObjectMapper().readTree(out().resolve("datacenter.json").toFile());
        assertThat(json.get("setup").get("migrationModel").textValue()).isEqualTo("page-level");
        assertThat(json.get("setup").get("policy").textValue()).isEqualTo("hybrid");
        assertThat(json.get("candidates").get(1).get("downtimeMsTotal").doubleValue()).isEqualTo(3500);
        // page-level migrations last minutes: a target counts in SLATAH only when overloaded, not while one lasts
        assertThat(engine.setups.values()).allMatch(s -> !s.migratingInAsksFullDemand());
    }

    @Test
    void datacenterSlatahTargetsOptionChoosesHowMigrationTargetsCountWhateverTheModel() throws IOException {
        Run overloaded = run(args("--agents", "dvfs", "--slatah-targets", "overloaded"));
        assertThat(overloaded.exit()).as(overloaded.err()).isZero();
        assertThat(engine.setups.values()).allMatch(s -> !s.migratingInAsksFullDemand());
        engine.setups.clear();
        Run all = run(args("--agents", "dvfs", "--migration-model", "page-level", "--slatah-targets", "all"));
        assertThat(all.exit()).as(all.err()).isZero();
        assertThat(engine.setups.values()).allMatch(DatacenterSetup::migratingInAsksFullDemand);
        Run bad = run(args("--agents", "dvfs", "--slatah-targets", "some"));
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err().strip()).isEqualTo("--slatah-targets = some: must be all or overloaded");
    }

    @Test
    void datacenterPlacementOptionPlacesEveryCandidateAsItSays() throws IOException {
        Run r = run(args("--agents", "npa,lr-mmt-1.2", "--placement", "pabfd-0.9"));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(engine.candidates.values()).allMatch(c -> c.placement().equals(Placement.pabfd(0.9)));
        engine.candidates.clear();
        run(args("--agents", "lr-mmt-1.2", "--placement", "first-fit"));
        assertThat(engine.candidates.get("lr-mmt-1.2").placement()).isEqualTo(Placement.FIRST_FIT);
        engine.candidates.clear();
        run(args("--agents", "thr-mmt-0.8"));
        assertThat(engine.candidates.get("thr-mmt-0.8").placement()).isEqualTo(Placement.pabfd(0.8));
        for (String bad : new String[] {"pabfd-0", "pabfd-1.5", "pabfd-x", "best"}) {
            Run refused = run(args("--agents", "dvfs", "--placement", bad));
            assertThat(refused.exit()).isEqualTo(2);
            assertThat(refused.err().strip()).isEqualTo("--placement = " + bad
                    + ": must be first-fit, pabfd or pabfd-T with T in (0, 1]");
        }
    }

    @Test
    void datacenterWhenWorkloadMissingThenUsageError() {
        Run r = run("datacenter", "--out", out().toString());

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().lines()).hasSize(1).allMatch(l -> l.contains("--workload"));
        assertThat(out()).doesNotExist();
    }

    @Test
    void datacenterWhenWorkloadDirectoryDoesNotExistThenUsageError() {
        Path missing = dir.resolve("nowhere");
        assertUsageError(run("datacenter", "--workload", missing.toString(), "--out", out().toString()),
                "--workload = " + missing + ": no such directory");
    }

    @Test
    void datacenterWhenWorkloadDirectoryEmptyThenUsageError() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertUsageError(run("datacenter", "--workload", empty.toString(), "--out", out().toString()),
                "--workload = " + empty + ": is empty: it must hold trace files, one per VM");
    }

    @Test
    void datacenterWhenWorkloadIsAFileThenUsageError() throws IOException {
        Path file = Files.writeString(dir.resolve("trace"), "1\n");
        assertUsageError(run("datacenter", "--workload", file.toString(), "--out", out().toString()),
                "--workload = " + file + ": is a file, not a directory of trace files");
    }

    @Test
    void datacenterWhenATraceLineIsMalformedThenTheEngineLineNamingFileAndLine() throws IOException {
        Path traces = traces(3);
        Files.writeString(traces.resolve("vm-1"), "10\n2x0\n");
        assertUsageError(run("datacenter", "--workload", traces.toString(), "--out", out().toString()),
                "--workload: " + traces.resolve("vm-1") + " line 2: '2x0' is not an integer CPU percentage");
    }

    @Test
    void datacenterWhenAgentUnknownThenOneLineListingTheKnownAgents() throws IOException {
        assertUsageError(run(args("--agents", "npa,lr-xyz-1.2")), "--agents: unknown agent \"lr-xyz-1.2\": known "
                + "agents are npa, dvfs, iqr-mmt, lr-mmt, lr-mu, lr-rs, lrr-mmt, mad-mmt, thr-mmt, threshold "
                + "(a name, or NAME-NUMBER to set its parameter, e.g. lr-mmt-1.2)");
    }

    @Test
    void datacenterWhenAgentRefusesItsParameterThenItsLine() throws IOException {
        assertUsageError(run(args("--agents", "lr-mmt-9")),
                "--agents: agent \"lr-mmt-9\": parameter = 9: must be in [0, 5]");
    }

    @Test
    void datacenterWhenAgentNamedTwiceThenUsageError() throws IOException {
        assertUsageError(run(args("--agents", "npa,lr-mmt-1.2,npa")),
                "--agents = npa,lr-mmt-1.2,npa: \"npa\" appears twice");
    }

    @Test
    void datacenterWhenHostsZeroNegativeOrNotANumberThenUsageError() throws IOException {
        assertUsageError(run(args("--hosts", "0")), "--hosts = 0: must be an integer > 0");
        assertUsageError(run(args("--hosts", "-5")), "--hosts = -5: must be an integer > 0");
        assertUsageError(run(args("--hosts", "many")), "--hosts = many: must be an integer > 0");
    }

    @Test
    void datacenterWhenThreadsZeroOrSeedNotANumberThenUsageError() throws IOException {
        assertUsageError(run(args("--threads", "0")), "--threads = 0: must be an integer > 0");
        assertUsageError(run(args("--seed", "x")), "--seed = x: must be an integer");
    }

    @Test
    void datacenterWhenMigrationModelUnknownThenUsageError() throws IOException {
        assertUsageError(run(args("--migration-model", "xen")),
                "--migration-model = xen: must be one of cloudsim, page-level");
    }

    @Test
    void datacenterWhenPolicyUnknownThenUsageError() throws IOException {
        assertUsageError(run(args("--migration-model", "page-level", "--policy", "teleport")),
                "--policy = teleport: unknown policy; known policies are hybrid, postcopy, precopy");
    }

    @Test
    void datacenterWhenOutIsAFileThenUsageErrorAndNothingRuns() throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "x");
        Run r = run("datacenter", "--workload", traces(2).toString(), "--out", file.resolve("sub").toString());

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("--out = " + file.resolve("sub") + ": cannot write there: " + file
                + " is a file, not a directory" + System.lineSeparator());
        assertThat(r.out()).isEmpty();
        assertThat(engine.candidates).isEmpty();
    }

    @Test
    void helpWhenAskedThenListsDatacenterAndItsNameRules() {
        Run root = run("--help");
        Run help = run("datacenter", "--help");

        assertThat(root.out()).contains("datacenter");
        assertThat(help.exit()).isZero();
        assertThat(help.err()).as("picocli's warnings on the descriptions").isEmpty();
        assertThat(help.out()).contains("--agents", "--workload", "--hosts", "--migration-model", "--policy",
                "--seed", "--out", "--threads", "NAME-NUMBER", "0.7 fallback", "thr-mmt-0.8: 0.8",
                "one integer CPU % per line",
                "10 % of the VM's CPU");
    }

    private static String[] concat(String[] a, String... b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }

    private static String withoutWallTime(String json) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        JsonNode root = mapper.readTree(json);
        root.get("candidates").forEach(c -> ((ObjectNode) c).remove("wallSeconds"));
        return mapper.writeValueAsString(root);
    }

    @Test
    void datacenterWithHoursThenEveryCandidatesRunThatLongAndADayWithout() throws IOException {
        Run r = run(args("--agents", "npa,lr-mmt-1.2", "--hours", "6"));

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(engine.setups.values()).extracting(DatacenterSetup::lengthSeconds).containsOnly(6 * 3600.0);
        engine.setups.clear();
        assertThat(run(args("--agents", "npa")).exit()).isZero();
        assertThat(engine.setups.get("npa").lengthSeconds()).isEqualTo(24 * 3600.0);
    }

    @Test
    void datacenterWithHoursOutOfRangeThenUsageError() throws IOException {
        assertUsageError(run(args("--hours", "25")), "--hours = 25: must be in (0, 24]");
        assertUsageError(run(args("--hours", "six")), "--hours = six: must be a number of hours in (0, 24]");
    }
}
