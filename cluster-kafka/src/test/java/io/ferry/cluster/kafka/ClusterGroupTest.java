package io.ferry.cluster.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.api.HypervisorAdapter;
import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.HostId;
import io.ferry.api.model.PoolId;
import io.ferry.api.model.VmId;
import io.ferry.api.model.VmState;
import io.ferry.controller.PoolStatus;
import io.ferry.kafka.broker.ChildKafkaBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two deciding instances (threads of this JVM, each its own controller) and the attached site against one real
 * broker in a child JVM: they split the six simulated pools, each pool decided by its owner only; malformed and
 * future-version records are skipped and counted; with the broker gone the shared pools say so in one line while a
 * local pool keeps cycling; the broker restarted on the same directory and port, decisions resume and none is lost.
 * The steps build on each other (one broker, one group), in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterGroupTest {

    private static final Duration BOUND = Duration.ofSeconds(90);

    @TempDir
    static Path dir;

    private ChildKafkaBroker broker;
    private AttachedSite site;
    private ClusterNode a;
    private ClusterNode b;
    private HypervisorAdapter local;
    private final List<String> events = new CopyOnWriteArrayList<>();

    @BeforeAll
    void start() {
        broker = ChildKafkaBroker.start(Fixture.broker(), System.getProperty("java.class.path"));
        site = new AttachedSite(Fixture.settings(broker.bootstrapServers(), "site"));
        a = new ClusterNode(Fixture.settings(broker.bootstrapServers(), "a"), dir.resolve("a"), events::add);
        b = new ClusterNode(Fixture.settings(broker.bootstrapServers(), "b"), dir.resolve("b"), events::add);
    }

    @AfterAll
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {a, b, site, broker}) {
            Fixture.close(c);
        }
        Fixture.close(local);
    }

    private Set<PoolId> all() {
        return site.pools.keySet();
    }

    private boolean split() {
        Set<PoolId> x = a.member.owned();
        Set<PoolId> y = b.member.owned();
        Set<PoolId> both = new HashSet<>(x);
        both.retainAll(y);
        Set<PoolId> union = new HashSet<>(x);
        union.addAll(y);
        return !x.isEmpty() && !y.isEmpty() && both.isEmpty() && union.equals(all());
    }

    @Test
    @Order(1)
    void twoInstancesSplitThePoolsAndEachPoolIsDecidedByItsOwnerOnly() throws Exception {
        assertThat(Fixture.await(BOUND, this::split)).as("a %s, b %s", a.member.owned(), b.member.owned())
                .isTrue();
        Instant stable = Instant.now();
        Map<PoolId, String> owner = new HashMap<>();
        a.member.owned().forEach(p -> owner.put(p, "a"));
        b.member.owned().forEach(p -> owner.put(p, "b"));
        int before = site.executor.finished().size();
        assertThat(Fixture.await(BOUND, () -> site.executor.finished().size() >= before + 6))
                .as("decisions executed").isTrue();
        assertThat(split()).as("ownership unchanged while deciding").isTrue();

        List<Decision> decided = TopicRecords.decisions(broker.bootstrapServers(), "migration-decisions");
        List<Decision> since = decided.stream().filter(d -> d.decidedAt().isAfter(stable)).toList();
        assertThat(since).isNotEmpty();
        assertThat(since).allSatisfy(d -> assertThat(d.owner()).as(d.id()).isEqualTo(owner.get(d.pool())));
        assertThat(a.controller.pools().stream().map(PoolStatus::pool).collect(Collectors.toSet()))
                .isEqualTo(a.member.owned());
        assertThat(b.controller.pools().stream().map(PoolStatus::pool).collect(Collectors.toSet()))
                .isEqualTo(b.member.owned());
        assertThat(site.executor.started().values()).allSatisfy(n -> assertThat(n).isEqualTo(1));
    }

    @Test
    @Order(2)
    void ownersSeeTheHypervisorTheSamplesCarryAndOutcomesCarryTheMeasuredMetricsIntoTheAuditLog() throws Exception {
        for (ClusterNode n : List.of(a, b)) {
            for (PoolId p : n.member.owned()) {
                PoolStatus status = n.controller.pool(p).orElseThrow();
                HypervisorAdapter real = site.pools.get(p);
                assertThat(status.kind()).as("kind of %s", p).startsWith(real.kind() + " via kafka");
                assertThat(status.capabilities()).as("capabilities of %s", p).isEqualTo(real.capabilities());
            }
        }
        List<Outcome> completed = TopicRecords.outcomes(broker.bootstrapServers(), "migration-outcomes").stream()
                .filter(o -> o.status() == Outcome.Status.COMPLETED).toList();
        Map<String, Duration> budgets = TopicRecords.decisions(broker.bootstrapServers(), "migration-decisions")
                .stream().collect(Collectors.toMap(Decision::id, d -> d.request().downtimeBudget(), (x, y) -> x));
        assertThat(completed).isNotEmpty().allSatisfy(o -> {
            assertThat(o.metrics()).as("metrics of %s", o.decisionId()).isPresent();
            assertThat(o.slaViolated()).as("SLA verdict of %s", o.decisionId()).contains(
                    o.metrics().orElseThrow().downtime().compareTo(budgets.get(o.decisionId())) > 0);
        });
        assertThat(Fixture.await(BOUND, () -> completedWithMetrics(a) + completedWithMetrics(b) > 0))
                .as("the owners' audit logs record completed outcomes with their metrics").isTrue();
    }

    private static long completedWithMetrics(ClusterNode n) {
        List<io.ferry.controller.AuditRecord> outcomes = n.controller.history(Optional.empty(), 10_000).stream()
                .filter(r -> r.type() == io.ferry.controller.AuditRecord.Type.OUTCOME
                        && r.status().equals(Optional.of(io.ferry.api.model.MigrationOutcome.Status.COMPLETED)))
                .toList();
        assertThat(outcomes).allSatisfy(r -> assertThat(r.actual()).as(r.detail()).isPresent());
        return outcomes.size();
    }

    @Test
    @Order(3)
    void malformedAndFutureVersionRecordsAreSkippedAndCountedAndConsumingGoesOn() throws Exception {
        long memberSkips = a.member.skipped() + b.member.skipped();
        long executorSkips = site.executor.skipped();
        byte[] garbage = "{not json".getBytes(StandardCharsets.UTF_8);
        byte[] future = "{\"schemaVersion\":99,\"pool\":\"sim-0\"}".getBytes(StandardCharsets.UTF_8);
        for (PoolId p : all()) {
            TopicRecords.write(broker.bootstrapServers(), "vm-metrics", p.value(), garbage, future);
        }
        TopicRecords.write(broker.bootstrapServers(), "migration-decisions", "sim-0", garbage, future);
        TopicRecords.write(broker.bootstrapServers(), "migration-outcomes", "sim-0", garbage);
        int before = site.executor.finished().size();

        assertThat(Fixture.await(BOUND, () -> a.member.skipped() + b.member.skipped() >= memberSkips
                + 2L * all().size() + 2 * 3)).as("samples, decisions and outcomes skipped by both ledgers")
                .isTrue();
        assertThat(Fixture.await(BOUND, () -> site.executor.skipped() >= executorSkips + 2)).isTrue();
        assertThat(Fixture.await(BOUND, () -> site.executor.finished().size() >= before + 2))
                .as("deciding and executing go on").isTrue();
        assertThat(split()).isTrue();
    }

    @Test
    @Order(4)
    void brokerGoneSharedPoolsSayItInOneLineAndALocalPoolKeepsCycling() throws Exception {
        local = Fixture.pool(99);
        a.controller.configure(local.pool().value(), Fixture.poolSettings());
        a.controller.addAdapter(local);
        assertThat(Fixture.await(BOUND, () -> cycles(local.pool()) >= 2)).isTrue();
        PoolId shared = a.member.owned().iterator().next();

        broker.kill();
        assertThat(Fixture.await(BOUND, () -> a.controller.pool(shared).flatMap(PoolStatus::problem)
                .filter(p -> p.contains("unreachable since") || p.contains("no sample")).isPresent()))
                .as("status of %s: %s", shared, a.controller.pool(shared)).isTrue();
        String line = a.controller.pool(shared).flatMap(PoolStatus::problem).orElseThrow();
        assertThat(line).doesNotContain("\n");
        long cyclesThen = cycles(local.pool());
        assertThat(Fixture.await(BOUND, () -> cycles(local.pool()) >= cyclesThen + 2)).as("local pool cycles")
                .isTrue();
        assertThat(a.controller.pool(local.pool()).flatMap(PoolStatus::problem)).isEmpty();
        // each member says so itself (its status line when it owns no pool), and keeps saying it through an outage
        // longer than the ten 5 s aborts a member once gave up after, dying with "cluster member stopped" (the
        // local pool's cycles, one a second, as the clock)
        assertThat(Fixture.await(BOUND, () -> brokerGone(a) && brokerGone(b)))
                .as("members' problems: %s, %s", a.member.problem(), b.member.problem()).isTrue();
        long outageFrom = cycles(local.pool());
        assertThat(Fixture.await(Duration.ofSeconds(240), () -> cycles(local.pool()) >= outageFrom + 60))
                .as("local pool cycles through the outage").isTrue();
        assertThat(brokerGone(a) && brokerGone(b))
                .as("members' problems: %s, %s", a.member.problem(), b.member.problem()).isTrue();
        System.out.println("status line with the broker gone: " + line);
    }

    private static boolean brokerGone(ClusterNode n) {
        return n.member.problem().filter(p -> p.startsWith("kafka: broker ") && p.contains("unreachable since"))
                .isPresent();
    }

    private long cycles(PoolId pool) {
        return a.controller.pool(pool).map(s -> s.counters().cycles()).orElse(0L);
    }

    @Test
    @Order(5)
    void brokerRestartedMidStreamDecisionsResumeAndNoneIsLost() throws Exception {
        broker.restart();
        int before = site.executor.finished().size();
        assertThat(Fixture.await(BOUND, () -> site.executor.finished().size() >= before + 4))
                .as("decisions executed after the restart").isTrue();
        a.close();
        b.close();
        List<Decision> committed = TopicRecords.decisions(broker.bootstrapServers(), "migration-decisions");
        Set<String> ids = committed.stream().map(Decision::id).collect(Collectors.toSet());
        assertThat(Fixture.await(BOUND, () -> site.executor.finished().containsAll(ids)))
                .as("every committed decision has a final outcome").isTrue();
        List<Outcome> outcomes = TopicRecords.outcomes(broker.bootstrapServers(), "migration-outcomes");
        Map<String, Long> finals = outcomes.stream().filter(o -> o.status().isFinal())
                .collect(Collectors.groupingBy(Outcome::decisionId, Collectors.counting()));
        assertThat(finals.keySet()).containsAll(ids);
        assertThat(finals.values()).allSatisfy(n -> assertThat(n).isEqualTo(1L));
        assertThat(site.executor.started().values()).allSatisfy(n -> assertThat(n).isEqualTo(1));
        everyVmOnTheHostItsLastOutcomeSays(outcomes);
    }

    private void everyVmOnTheHostItsLastOutcomeSays(List<Outcome> outcomes) throws Exception {
        Map<VmId, Outcome> last = new HashMap<>();
        outcomes.stream().filter(o -> o.status() == Outcome.Status.COMPLETED || o.status() == Outcome.Status.FAILED)
                .forEach(o -> last.put(o.vm(), o));
        for (HypervisorAdapter pool : site.pools.values()) {
            ClusterSnapshot s = pool.snapshot();
            for (VmState vm : s.vms()) {
                if (!vm.migratable()) {
                    continue;
                }
                Optional<HostId> host = vm.residentOn();
                assertThat(host).isPresent();
                assertThat(s.host(host.get())).isPresent();
                Outcome o = last.get(vm.id());
                if (o != null && o.pool().equals(pool.pool())) {
                    assertThat(host.get()).as("%s after %s", vm.id(), o).isEqualTo(o.finalHost());
                }
            }
        }
    }

    @Test
    @Order(6)
    void executorRefusesAMovedVmRunsARedeliveredDecisionOnceAndNeverRestartsAnAcceptedOne() throws Exception {
        HypervisorAdapter pool = site.pools.get(Fixture.name(0));
        VmState vm = pool.snapshot().vms().stream().filter(VmState::migratable).findFirst().orElseThrow();
        HostId here = vm.residentOn().orElseThrow();
        HostId other = pool.snapshot().hosts().stream().map(h -> h.id()).filter(h -> !h.equals(here)).findFirst()
                .orElseThrow();
        HostId third = pool.snapshot().hosts().stream().map(h -> h.id())
                .filter(h -> !h.equals(here) && !h.equals(other)).findFirst().orElseThrow();
        String bootstrap = broker.bootstrapServers();

        Decision moved = decision("t-moved", vm, other, third);
        Decision twice = decision("t-twice", vm, here, other);
        TopicRecords.write(bootstrap, "migration-decisions", "sim-0", Messages.encode(moved), Messages.encode(twice),
                Messages.encode(twice));
        assertThat(Fixture.await(BOUND, () -> site.executor.finished().containsAll(Set.of("t-moved", "t-twice"))))
                .isTrue();
        List<Outcome> outcomes = TopicRecords.outcomes(bootstrap, "migration-outcomes");
        assertThat(outcomes).filteredOn(o -> o.decisionId().equals("t-moved")).singleElement().satisfies(o -> {
            assertThat(o.status()).isEqualTo(Outcome.Status.REFUSED);
            assertThat(o.detail()).contains("runs on " + here + ", not on the decision's source " + other);
        });
        assertThat(outcomes).filteredOn(o -> o.decisionId().equals("t-twice")).extracting(Outcome::status)
                .containsExactly(Outcome.Status.ACCEPTED, Outcome.Status.COMPLETED);
        assertThat(site.executor.started()).containsEntry("t-twice", 1).doesNotContainKey("t-moved");
        assertThat(site.executor.duplicates()).isPositive();

        // an executor that stopped after ACCEPTED and before the outcome: its successor never starts it again
        VmState now = pool.snapshot().vm(vm.id()).orElseThrow();
        HostId at = now.residentOn().orElseThrow();
        HostId elsewhere = pool.snapshot().hosts().stream().map(h -> h.id()).filter(h -> !h.equals(at)).findFirst()
                .orElseThrow();
        Decision crashed = decision("t-crashed", now, at, elsewhere);
        site.executor.close();
        TopicRecords.write(bootstrap, "migration-outcomes", "sim-0", Messages.encode(new Outcome("t-crashed",
                Fixture.name(0), vm.id(), at, elsewhere, Outcome.Status.ACCEPTED, at, "", "accepted", "site",
                Instant.now())));
        TopicRecords.write(bootstrap, "migration-decisions", "sim-0", Messages.encode(crashed));
        io.ferry.api.MigrationPolicy precopy = Fixture.precopy();
        try (DecisionExecutor again = new DecisionExecutor(Fixture.settings(bootstrap, "site"), site.pools,
                n -> Optional.of(precopy), java.time.Clock.systemUTC())) {
            again.start();
            assertThat(Fixture.await(BOUND, () -> again.finished().contains("t-crashed"))).isTrue();
            assertThat(again.started()).isEmpty();
            assertThat(again.duplicates()).isPositive(); // every earlier decision was met again, none re-run
            assertThat(pool.snapshot().vm(vm.id()).flatMap(VmState::residentOn)).contains(at);
        }
        assertThat(TopicRecords.outcomes(bootstrap, "migration-outcomes"))
                .filteredOn(o -> o.decisionId().equals("t-crashed") && o.status().isFinal()).singleElement()
                .satisfies(o -> {
                    assertThat(o.status()).isEqualTo(Outcome.Status.FAILED);
                    assertThat(o.detail()).contains("executor restarted before the outcome");
                });
    }

    private static Decision decision(String id, VmState vm, HostId from, HostId to) {
        io.ferry.api.model.MigrationRequest r = new io.ferry.api.model.MigrationRequest(vm.id(), from, to,
                vm.memoryBytes(), 4096, 0, new io.ferry.api.model.LinkSpec(1.25e9, Duration.ofNanos(500_000), 1),
                new io.ferry.api.model.DirtyBehaviour(100, 0, io.ferry.api.model.DirtyBehaviour.Source.ASSUMED),
                Duration.ofMillis(300));
        return new Decision(id, Fixture.name(0), r, "test", "written by the test", "precopy", "test", 0,
                Instant.now());
    }
}
