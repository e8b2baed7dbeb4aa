package io.ferry.cluster.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.api.HypervisorAdapter;
import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.PoolId;
import io.ferry.api.model.VmId;
import io.ferry.api.model.VmState;
import io.ferry.kafka.broker.ChildKafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two deciding instances as child JVMs, killed ({@link Process#destroyForcibly()}) and restarted in turn while the
 * attached site executes their decisions: ten kills and ten joins, twenty forced rebalances. After each kill the
 * survivor must own every pool (within a generous bound; the time is measured and printed, never asserted). At the
 * end no decision was executed twice, every committed decision has exactly one final outcome, and every VM runs on
 * the host its last outcome says.
 */
class FailoverTest {

    private static final Duration BOUND = Duration.ofSeconds(90);
    private static final int KILLS = 10;

    @TempDir
    Path dir;

    @Test
    void killedInstancesPoolsMoveToTheSurvivorAndNoDecisionIsExecutedTwiceOrLost() throws Exception {
        List<Long> failovers = new ArrayList<>();
        List<Long> joins = new ArrayList<>();
        try (ChildKafkaBroker broker = ChildKafkaBroker.start(Fixture.broker(), System.getProperty("java.class.path"));
                AttachedSite site = new AttachedSite(Fixture.settings(broker.bootstrapServers(), "site"));
                ChildNode a = new ChildNode(broker.bootstrapServers(), "a", Files.createFile(dir.resolve("a.log")));
                ChildNode b = new ChildNode(broker.bootstrapServers(), "b", Files.createFile(dir.resolve("b.log")))) {
            Set<PoolId> all = site.pools.keySet();
            a.start();
            b.start();
            assertThat(Fixture.await(BOUND, () -> split(a, b, all))).as("a %s, b %s", a.owned(), b.owned())
                    .isTrue();
            for (int i = 0; i < KILLS; i++) {
                ChildNode victim = i % 2 == 0 ? a : b;
                ChildNode survivor = victim == a ? b : a;
                int executed = site.executor.finished().size();
                Fixture.await(Duration.ofSeconds(3), () -> site.executor.finished().size() > executed);
                long t0 = System.nanoTime();
                victim.kill();
                assertThat(Fixture.await(BOUND, () -> survivor.owned().equals(all)))
                        .as("kill %d: %s owns %s", i, survivor.instance, survivor.owned()).isTrue();
                failovers.add((System.nanoTime() - t0) / 1_000_000);
                long t1 = System.nanoTime();
                victim.start();
                assertThat(Fixture.await(BOUND, () -> split(a, b, all))).as("join %d: a %s, b %s", i, a.owned(),
                        b.owned()).isTrue();
                joins.add((System.nanoTime() - t1) / 1_000_000);
            }
            a.kill();
            b.kill();

            List<Decision> committed = TopicRecords.decisions(broker.bootstrapServers(), "migration-decisions");
            Set<String> ids = committed.stream().map(Decision::id).collect(Collectors.toSet());
            assertThat(ids).hasSize(committed.size());
            assertThat(Fixture.await(BOUND, () -> site.executor.finished().containsAll(ids)))
                    .as("every committed decision has a final outcome").isTrue();
            List<Outcome> outcomes = TopicRecords.outcomes(broker.bootstrapServers(), "migration-outcomes");
            Map<String, Long> finals = outcomes.stream().filter(o -> o.status().isFinal())
                    .collect(Collectors.groupingBy(Outcome::decisionId, Collectors.counting()));
            assertThat(finals.keySet()).containsAll(ids);
            assertThat(finals.values()).allSatisfy(n -> assertThat(n).isEqualTo(1L));
            assertThat(site.executor.started().values()).allSatisfy(n -> assertThat(n).isEqualTo(1));
            assertThat(site.executor.started()).isNotEmpty();
            everyVmOnExactlyOneHost(site, outcomes);

            Map<Outcome.Status, Long> byStatus = outcomes.stream().filter(o -> o.status().isFinal())
                    .collect(Collectors.groupingBy(Outcome::status, Collectors.counting()));
            String figures = String.format("failover after kill over %d kills: median %d ms, max %d ms; "
                    + "join (child JVM start to split) over %d joins: median %d ms, max %d ms; decisions committed "
                    + "%d, started by the executor %d (each once), final outcomes %s; owners' decisions per "
                    + "instance %s", failovers.size(), median(failovers), max(failovers), joins.size(),
                    median(joins), max(joins), ids.size(), site.executor.started().size(), byStatus,
                    committed.stream().collect(Collectors.groupingBy(Decision::owner, Collectors.counting())));
            System.out.println("FIGURES " + figures);
            Path out = Path.of("target", "cluster-failover.txt");
            Files.writeString(out, figures + "\nfailovers ms " + failovers + "\njoins ms " + joins + "\n");
        }
    }

    private static boolean split(ChildNode a, ChildNode b, Set<PoolId> all) {
        Set<PoolId> x = a.owned();
        Set<PoolId> y = b.owned();
        Set<PoolId> union = new HashSet<>(x);
        union.addAll(y);
        return !x.isEmpty() && !y.isEmpty() && x.size() + y.size() == all.size() && union.equals(all);
    }

    private static void everyVmOnExactlyOneHost(AttachedSite site, List<Outcome> outcomes) throws Exception {
        Map<VmId, Outcome> last = new HashMap<>();
        outcomes.stream().filter(o -> o.status() == Outcome.Status.COMPLETED || o.status() == Outcome.Status.FAILED)
                .forEach(o -> last.put(o.vm(), o));
        for (HypervisorAdapter pool : site.pools.values()) {
            ClusterSnapshot s = pool.snapshot();
            for (VmState vm : s.vms()) {
                if (vm.migratable()) {
                    assertThat(vm.residentOn().flatMap(s::host)).as(vm.id().value()).isPresent();
                    Outcome o = last.get(vm.id());
                    if (o != null && o.pool().equals(pool.pool())) {
                        assertThat(vm.residentOn().get()).as("%s after %s", vm.id(), o).isEqualTo(o.finalHost());
                    }
                }
            }
        }
    }

    private static long median(List<Long> v) {
        List<Long> s = v.stream().sorted().toList();
        return s.get(s.size() / 2);
    }

    private static long max(List<Long> v) {
        return v.stream().mapToLong(Long::longValue).max().orElse(0);
    }
}
