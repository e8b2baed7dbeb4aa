package io.ferry.controller.embedded;

import static io.ferry.controller.internal.Fixtures.host;
import static io.ferry.controller.internal.Fixtures.vm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.ferry.api.model.Capability;
import io.ferry.api.model.HostId;
import io.ferry.api.model.MigrationDecision;
import io.ferry.api.model.PoolId;
import io.ferry.api.model.VmId;
import io.ferry.controller.AuditRecord;
import io.ferry.controller.ControllerException;
import io.ferry.controller.PluginInfo;
import io.ferry.controller.PluginKind;
import io.ferry.controller.internal.Fixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded façade: registration by name, configuration through the controller's parser, cycles, closing. */
class EmbeddedControllerTest {

    private static final PoolId POOL = new PoolId("p");
    private static final Map<String, Object> SETTINGS = Map.of("policy", "a", "agent", "scripted", "holdSeconds", "0",
            "minImprovement", "0", "maxConcurrentPerHost", "2");

    @TempDir
    Path dir;

    private final Fixtures.FakeAdapter adapter = new Fixtures.FakeAdapter("p");
    private final Fixtures.ScriptedAgent agent = new Fixtures.ScriptedAgent("scripted");
    private final Fixtures.FixedPolicy a = new Fixtures.FixedPolicy("a", Capability.PRE_COPY);
    private final Fixtures.FixedPolicy b = new Fixtures.FixedPolicy("b", Capability.PRE_COPY);
    private EmbeddedController embedded;

    @BeforeEach
    void setUp() {
        adapter.hosts.addAll(List.of(host("h1", 0.95), host("h2", 0.2), host("h3", 0.3)));
        adapter.vms.addAll(List.of(vm("v1", "h1", 0.9), vm("v2", "h1", 0.9)));
        agent.decide = c -> List.of(new MigrationDecision(new VmId("v1"), new HostId("h1"), new HostId("h2"),
                "scripted", "test"));
        embedded = new EmbeddedController(dir, false);
        embedded.addPolicy(a);
        embedded.addPolicy(b);
        embedded.addAgent(agent);
        embedded.configure("p", SETTINGS);
        embedded.addAdapter(adapter);
    }

    @AfterEach
    void tearDown() {
        embedded.close();
    }

    @Test
    void cycleWhenAgentDecidesThenMigratesAndAuditsWithTheEmbeddedBundle() throws InterruptedException {
        embedded.cycle(POOL);

        assertThat(adapter.handles).hasSize(1);
        AuditRecord decision = only(AuditRecord.Type.DECISION);
        assertThat(decision.policy()).isEqualTo("a");
        assertThat(decision.bundle()).isEqualTo(EmbeddedController.BUNDLE + "/" + EmbeddedController.VERSION);
        adapter.completeAll();
        AuditRecord outcome = awaitRecord(AuditRecord.Type.OUTCOME);
        assertThat(outcome.migration()).isEqualTo(decision.migration());
        assertThat(embedded.pool(POOL).orElseThrow().counters().completed()).isEqualTo(1);
    }

    @Test
    void selectWhenPolicyChangesThenStoredWithTheConfigurationAndUsedByTheNextCycle() throws ControllerException {
        embedded.select(POOL, PluginKind.POLICY, "b");

        assertThat(embedded.configuration("p")).containsEntry("policy", "b").containsEntry("holdSeconds", "0")
                .containsEntry("pool.name", "p").containsEntry("dryRun", false);
        embedded.cycle(POOL);
        assertThat(only(AuditRecord.Type.DECISION).policy()).isEqualTo("b");
        assertThat(b.plans).isPositive();
        assertThat(a.plans).isZero();
    }

    @Test
    void configureWhenPolicyChangesThenTheNextCycleUsesItAndSelectionIsAudited() {
        embedded.configure("p", Map.of("policy", "b", "agent", "scripted", "holdSeconds", "0", "minImprovement", "0",
                "maxConcurrentPerHost", "2"));

        embedded.cycle(POOL);
        assertThat(only(AuditRecord.Type.SELECTION).detail()).startsWith("configuration: policy b");
        assertThat(only(AuditRecord.Type.DECISION).policy()).isEqualTo("b");
    }

    @Test
    void configureWhenMalformedThenThrowsNamingTheKeyAndKeepsThePreviousOne() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> embedded.configure("p", Map.of("policy", "b", "intervalSeconds", "soon")))
                .withMessageContaining("intervalSeconds = soon");

        assertThat(embedded.configuration("p")).containsEntry("policy", "a");
        embedded.cycle(POOL);
        assertThat(only(AuditRecord.Type.DECISION).policy()).isEqualTo("a");
    }

    @Test
    void configureWhenPolicyNeedsACapabilityThePoolLacksThenThrowsEveryTime() {
        adapter.capabilities = EnumSet.of(Capability.PRE_COPY);
        embedded.addPolicy(new Fixtures.FixedPolicy("post", Capability.POST_COPY));

        for (int i = 0; i < 2; i++) {
            assertThatIllegalArgumentException().isThrownBy(() -> embedded.configure("p", Map.of("policy", "post")))
                    .withMessageContaining("POST_COPY");
        }
        assertThat(embedded.configuration("p")).containsEntry("policy", "a");
    }

    @Test
    void configureWhenPoolNameNamesAnotherPoolThenThrows() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> embedded.configure("p", Map.of("pool.name", "q")))
                .withMessageContaining("pool.name = q");
    }

    @Test
    void addPolicyWhenNameTakenThenReplacesIt() {
        Fixtures.FixedPolicy a2 = new Fixtures.FixedPolicy("a", Capability.PRE_COPY);

        embedded.addPolicy(a2);

        assertThat(embedded.plugins()).filteredOn(p -> p.kind() == PluginKind.POLICY).extracting(PluginInfo::name)
                .containsExactly("a", "b");
        embedded.cycle(POOL);
        assertThat(a2.plans).isPositive();
        assertThat(a.plans).isZero();
    }

    @Test
    void removePolicyWhenSelectedThenTheCycleReportsItMissingAndDecidesNothing() {
        assertThat(embedded.removePolicy("a")).isTrue();
        assertThat(embedded.removePolicy("a")).isFalse();

        embedded.cycle(POOL);

        assertThat(only(AuditRecord.Type.ERROR).detail()).contains("policy 'a' is not installed");
        assertThat(records(AuditRecord.Type.DECISION)).isEmpty();
        assertThat(adapter.handles).isEmpty();
    }

    @Test
    void cycleWhenPoolUnknownThenThrowsNamingThePools() {
        assertThatIllegalArgumentException().isThrownBy(() -> embedded.cycle(new PoolId("nope")))
                .withMessageContaining("nope").withMessageContaining("p");
    }

    @Test
    void autoStartRunsCyclesOnItsOwnAndRefusesManualCycles() throws InterruptedException {
        CountDownLatch twoCycles = new CountDownLatch(2);
        Fixtures.ScriptedAgent counting = new Fixtures.ScriptedAgent("scripted");
        counting.decide = c -> {
            twoCycles.countDown();
            return List.of();
        };
        try (EmbeddedController scheduled = new EmbeddedController(dir.resolve("scheduled"), true)) {
            scheduled.addPolicy(a);
            scheduled.addAgent(counting);
            scheduled.configure("p", Map.of("policy", "a", "agent", "scripted", "intervalSeconds", "1"));
            scheduled.addAdapter(adapter);

            assertThat(twoCycles.await(30, TimeUnit.SECONDS)).as("two scheduled cycles ran").isTrue();
            assertThatIllegalStateException().isThrownBy(() -> scheduled.cycle(POOL))
                    .withMessageContaining("autoStart");
        }
    }

    @Test
    void closeWhenClosedThenIdempotentAndRefusesWork() {
        embedded.close();
        embedded.close();

        assertThatIllegalStateException().isThrownBy(() -> embedded.cycle(POOL)).withMessageContaining("closed");
        assertThatIllegalStateException().isThrownBy(() -> embedded.configure("p", SETTINGS));
    }

    @Test
    void historySurvivesANewInstanceOnTheSameDirectory() {
        embedded.cycle(POOL);
        embedded.close();

        try (EmbeddedController again = new EmbeddedController(dir, false)) {
            assertThat(again.history(Optional.of(POOL), 100)).extracting(AuditRecord::type)
                    .contains(AuditRecord.Type.DECISION);
        }
    }

    @Test
    void constructorWhenArgumentOutOfRangeThenNamesIt() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new EmbeddedController(dir, false, java.time.Clock.systemUTC(), 0, 1 << 20, 2, 100))
                .withMessage("threads = 0: must be >= 1");
    }

    private List<AuditRecord> records(AuditRecord.Type type) {
        return embedded.history(Optional.of(POOL), 1000).stream().filter(r -> r.type() == type).toList();
    }

    private AuditRecord only(AuditRecord.Type type) {
        List<AuditRecord> found = records(type);
        assertThat(found).as("%s records", type).hasSize(1);
        return found.get(0);
    }

    /** Outcomes are recorded on the controller's threads: waits for one (outcomes only, never a time). */
    private AuditRecord awaitRecord(AuditRecord.Type type) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (records(type).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return only(type);
    }
}
