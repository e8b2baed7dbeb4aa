package io.ferry.controller.internal;

import static io.ferry.controller.internal.Fixtures.host;
import static io.ferry.controller.internal.Fixtures.vm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.api.HypervisorException;
import io.ferry.api.model.Capability;
import io.ferry.api.model.HostId;
import io.ferry.api.model.HostState;
import io.ferry.api.model.MigrationDecision;
import io.ferry.api.model.MigrationOutcome;
import io.ferry.api.model.PoolId;
import io.ferry.api.model.VmId;
import io.ferry.controller.AuditRecord;
import io.ferry.controller.ControllerException;
import io.ferry.controller.PluginKind;
import io.ferry.controller.PoolStatus;
import io.ferry.controller.Selection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The control cycle, the guard, selections and configuration, driven cycle by cycle with fakes. */
class ControllerTest {

    private static final PoolId POOL = new PoolId("p");
    private static final HostId H1 = new HostId("h1");
    private static final HostId H2 = new HostId("h2");
    private static final HostId H3 = new HostId("h3");
    private static final VmId V1 = new VmId("v1");
    private static final VmId V2 = new VmId("v2");
    private static final VmId V3 = new VmId("v3");

    @TempDir
    Path dir;

    private final Fixtures.MutableClock clock = new Fixtures.MutableClock();
    private final Fixtures.FakeAdapter adapter = new Fixtures.FakeAdapter("p");
    private final Fixtures.ScriptedAgent agent = new Fixtures.ScriptedAgent("scripted");
    private final Fixtures.FixedPolicy a = new Fixtures.FixedPolicy("a", Capability.PRE_COPY);
    private final Fixtures.FixedPolicy b = new Fixtures.FixedPolicy("b", Capability.PRE_COPY);
    private final Plugins plugins = new Plugins();
    private final List<Map<String, Object>> saved = new ArrayList<>();
    private ScheduledExecutorService timers;
    private AuditLog audit;
    private Controller controller;

    @BeforeEach
    void setUp() {
        adapter.hosts.addAll(List.of(host("h1", 0.95), host("h2", 0.2), host("h3", 0.3)));
        adapter.vms.addAll(List.of(vm("v1", "h1", 0.9), vm("v2", "h1", 0.9), vm("v3", "h2", 0.5)));
        plugins.policies().add(Fixtures.entry("a", a, 1));
        plugins.policies().add(Fixtures.entry("b", b, 2));
        plugins.agents().add(Fixtures.entry("scripted", agent, 3));
        timers = Executors.newSingleThreadScheduledExecutor();
        audit = new AuditLog(dir, 1 << 20, 3, 1000);
        controller = new Controller(plugins, audit, (pool, props) -> saved.add(new HashMap<>(props)), clock, timers,
                Runnable::run, false);
        controller.configure("io.ferry.pool~p", Map.of("policy", "a", "agent", "scripted", "holdSeconds", "0",
                "minImprovement", "0", "maxConcurrentPerPool", "2", "maxConcurrentPerHost", "2"));
        controller.addAdapter(adapter);
    }

    @AfterEach
    void tearDown() {
        timers.shutdownNow();
        audit.close();
    }

    private void decide(MigrationDecision... decisions) {
        agent.decide = c -> List.of(decisions);
    }

    private static MigrationDecision move(VmId vm, HostId from, HostId to) {
        return new MigrationDecision(vm, from, to, "scripted", "test");
    }

    private List<AuditRecord> records(AuditRecord.Type type) {
        return controller.history(Optional.of(POOL), 1000).stream().filter(r -> r.type() == type).toList();
    }

    private PoolStatus status() {
        return controller.pool(POOL).orElseThrow();
    }

    // ------------------------------------------------------------------ the cycle

    @Test
    void cycleWhenAgentDecidesThenMigratesAndAuditsDecisionThenOutcome() {
        decide(move(V1, H1, H2));
        controller.cycle(POOL);
        assertThat(adapter.handles).hasSize(1);
        assertThat(status().inFlight()).singleElement().satisfies(f -> {
            assertThat(f.vm()).isEqualTo(V1);
            assertThat(f.policy()).isEqualTo("a");
            assertThat(f.bundle()).isEqualTo("io.ferry.test.a/1.0.1");
        });
        adapter.completeAll();
        assertThat(status().inFlight()).isEmpty();
        AuditRecord decision = records(AuditRecord.Type.DECISION).get(0);
        assertThat(decision.policy()).isEqualTo("a");
        assertThat(decision.bundle()).isEqualTo("io.ferry.test.a/1.0.1");
        assertThat(decision.agent()).isEqualTo("scripted");
        assertThat(decision.predicted()).isPresent();
        AuditRecord outcome = records(AuditRecord.Type.OUTCOME).get(0);
        assertThat(outcome.migration()).isEqualTo(decision.migration());
        assertThat(outcome.status()).contains(MigrationOutcome.Status.COMPLETED);
        assertThat(outcome.predicted()).isEqualTo(decision.predicted());
        assertThat(outcome.actual()).isPresent();
        assertThat(agent.learned).singleElement().extracting(MigrationOutcome::status)
                .isEqualTo(MigrationOutcome.Status.COMPLETED);
        assertThat(status().counters().completed()).isEqualTo(1);
    }

    @Test
    void cycleHandsAgentPlansFromTheActivePolicyAndMeasuredMetrics() {
        adapter.series.put("v1|DIRTY_PAGES_PER_SECOND", new double[] {100, 300});
        controller.cycle(POOL);
        var context = agent.contexts.get(0);
        assertThat(context.plan(V1, H2)).hasValueSatisfying(p -> assertThat(p.policy()).isEqualTo("a"));
        assertThat(context.plan(V1, H1)).isEmpty();
        assertThat(context.metrics("v1", io.ferry.api.model.Metric.DIRTY_PAGES_PER_SECOND, 2)
                .orElseThrow().latest()).isEqualTo(300);
    }

    @Test
    void dryRunRecordsDecisionsAndExecutesNothing() throws ControllerException {
        controller.dryRun(POOL, true);
        decide(move(V1, H1, H2));
        controller.cycle(POOL);
        assertThat(adapter.handles).isEmpty();
        assertThat(records(AuditRecord.Type.DECISION)).singleElement()
                .satisfies(r -> assertThat(r.dryRun()).isTrue());
    }

    @Test
    void oneRefusedDecisionDoesNotBlockTheOthers() {
        adapter.hosts.set(1, new HostState(H2, "h2", true, true, 16, 0.2, 64 * Fixtures.GIB, 32 * Fixtures.GIB));
        decide(move(V1, H1, H2), move(V2, H1, H3));
        controller.cycle(POOL);
        assertThat(records(AuditRecord.Type.REFUSED)).singleElement()
                .satisfies(r -> assertThat(r.detail()).isEqualTo("target h2 is in maintenance"));
        assertThat(adapter.handles.values()).singleElement().satisfies(h -> assertThat(h.request.vm()).isEqualTo(V2));
    }

    @Test
    void agentThatThrowsIsRecordedAndTheNextCycleRunsAgain() {
        agent.decide = c -> {
            throw new IllegalStateException("agent bug");
        };
        controller.cycle(POOL);
        assertThat(records(AuditRecord.Type.ERROR)).singleElement()
                .satisfies(r -> assertThat(r.detail()).contains("agent 'scripted' failed").contains("agent bug"));
        assertThat(status().problem()).hasValueSatisfying(p -> assertThat(p).contains("agent bug"));
        decide(move(V1, H1, H2));
        controller.cycle(POOL);
        assertThat(adapter.handles).hasSize(1);
    }

    @Test
    void agentFailureWhenItsMessageHasSeveralLinesThenStatusShowsTheFirstLineWithoutTheClassName() {
        decide(move(V1, H1, H2));
        var wrapped = agent.decide;
        agent.decide = c -> {
            throw new IllegalArgumentException("model file /m/dqn.zip expects 14 features, this agent builds 16\n"
                    + "\tat io.ferry.agent.dqn.DqnModel.read(DqnModel.java:240)");
        };
        controller.cycle(POOL);
        assertThat(status().problem()).contains("agent 'scripted' failed in the last cycle: model file /m/dqn.zip"
                + " expects 14 features, this agent builds 16");
        assertThat(records(AuditRecord.Type.ERROR)).singleElement().satisfies(r -> assertThat(r.detail())
                .isEqualTo("agent 'scripted' failed: model file /m/dqn.zip expects 14 features, this agent builds 16"));
        assertThat(adapter.handles).isEmpty();
        agent.decide = wrapped;
        controller.cycle(POOL);
        assertThat(status().problem()).isEmpty();
        assertThat(adapter.handles).hasSize(1);
    }

    @Test
    void agentFailureWithoutAMessageIsNamedByItsSimpleClassName() {
        agent.decide = c -> {
            throw new UnsupportedOperationException();
        };
        controller.cycle(POOL);
        assertThat(status().problem()).contains("agent 'scripted' failed in the last cycle: "
                + "UnsupportedOperationException");
    }

    @Test
    void theSameAgentFailureCycleAfterCycleIsRecordedOnceAndNothingIsDecided() {
        String[] message = {"model file /m/dqn.zip: no such file"};
        agent.decide = c -> {
            throw new IllegalArgumentException(message[0]);
        };
        for (int i = 0; i < 5; i++) {
            controller.cycle(POOL);
        }
        assertThat(records(AuditRecord.Type.ERROR)).hasSize(1);
        assertThat(status().counters().cycles()).isEqualTo(5);
        message[0] = "model file /m/dqn.zip expects 14 features, this agent builds 16";
        controller.cycle(POOL);
        controller.cycle(POOL);
        assertThat(records(AuditRecord.Type.ERROR)).extracting(AuditRecord::detail).containsExactly(
                "agent 'scripted' failed: model file /m/dqn.zip: no such file",
                "agent 'scripted' failed: model file /m/dqn.zip expects 14 features, this agent builds 16");
        assertThat(status().problem()).contains("agent 'scripted' failed in the last cycle: " + message[0]);
        assertThat(records(AuditRecord.Type.DECISION)).isEmpty();
        assertThat(adapter.handles).isEmpty();
    }

    @Test
    void policyThatCannotPlanIsRecordedAndNothingRuns() {
        a.planFailure = new ArithmeticException("NaN cost");
        decide(move(V1, H1, H2));
        controller.cycle(POOL);
        assertThat(adapter.handles).isEmpty();
        assertThat(records(AuditRecord.Type.ERROR)).singleElement()
                .satisfies(r -> assertThat(r.detail()).contains("policy 'a' could not plan").contains("NaN cost"));
    }

    @Test
    void hypervisorRefusalIsRecordedWithItsCodeAndTheVmBacksOff() {
        adapter.refuse = new HypervisorException("HOST_NOT_ENOUGH_FREE_MEMORY", "needs 2147483648, has 1024", null);
        decide(move(V1, H1, H2));
        controller.cycle(POOL);
        assertThat(records(AuditRecord.Type.REFUSED)).singleElement().satisfies(r -> assertThat(r.detail())
                .isEqualTo("hypervisor refused: HOST_NOT_ENOUGH_FREE_MEMORY: needs 2147483648, has 1024"));
        adapter.refuse = null;
        controller.cycle(POOL);
        assertThat(records(AuditRecord.Type.REFUSED).get(1).detail()).startsWith("VM v1 failed to migrate recently");
    }

    @Test
    void outcomeIsRecordedOnceEvenIfTheAdapterCompletesTwice() {
        decide(move(V1, H1, H2));
        controller.cycle(POOL);
        var handle = adapter.handles.values().iterator().next();
        handle.complete(MigrationOutcome.Status.COMPLETED);
        handle.outcome.obtrudeValue(handle.outcome.join());
        assertThat(records(AuditRecord.Type.OUTCOME)).hasSize(1);
    }

    @Test
    void outcomeWhenTheEngineFellBackIsRecordedAsAFallbackNotAPlainCompletion() {
        decide(move(V1, H1, H2));
        controller.cycle(POOL);
        var handle = adapter.handles.values().iterator().next();
        handle.outcome.complete(new MigrationOutcome(handle.id, V1, H1, H2, MigrationOutcome.Status.COMPLETED, H2,
                io.ferry.api.model.Technique.PRE_COPY, Optional.empty(), "completed",
                Optional.of("policy failed after round 1 (java.lang.NoClassDefFoundError: DoublePoint)")));
        AuditRecord outcome = records(AuditRecord.Type.OUTCOME).get(0);
        assertThat(outcome.fallback()).isTrue();
        assertThat(outcome.detail()).startsWith("FALLBACK").contains("NoClassDefFoundError");
    }

    @Test
    void outcomeWhenThePolicySteeredToTheEndIsNoFallback() {
        decide(move(V1, H1, H2));
        controller.cycle(POOL);
        adapter.handles.values().iterator().next().complete(MigrationOutcome.Status.COMPLETED);
        AuditRecord outcome = records(AuditRecord.Type.OUTCOME).get(0);
        assertThat(outcome.fallback()).isFalse();
        assertThat(outcome.detail()).doesNotContain("FALLBACK");
    }

    // ------------------------------------------------------------------ the guard

    @Test
    void guardEnforcesPoolAndHostConcurrency() {
        controller.configure("io.ferry.pool~p", Map.of("policy", "a", "agent", "scripted", "holdSeconds", "0",
                "minImprovement", "0", "maxConcurrentPerPool", "2", "maxConcurrentPerHost", "1"));
        decide(move(V1, H1, H2), move(V2, H1, H3));
        controller.cycle(POOL);
        assertThat(adapter.handles).hasSize(1);
        assertThat(records(AuditRecord.Type.REFUSED)).singleElement().satisfies(
                r -> assertThat(r.detail()).isEqualTo("host h1 at its limit of 1 concurrent migration(s)"));
    }

    @Test
    void refusalWhenTheAgentReproposesACoolingVmEveryCycleThenRecordedAndCountedOnceWithItsCount() {
        decide(move(V1, H1, H2));
        controller.cycle(POOL);
        adapter.completeAll();
        decide(move(V1, H2, H3));
        for (int i = 0; i < 4; i++) {
            clock.advance(Duration.ofSeconds(10));
            controller.cycle(POOL);
        }
        assertThat(records(AuditRecord.Type.REFUSED)).singleElement()
                .satisfies(r -> assertThat(r.detail()).startsWith("VM v1 moved recently: cooldown"));
        assertThat(status().counters().refused()).isEqualTo(1);

        decide();
        controller.cycle(POOL);
        assertThat(records(AuditRecord.Type.REFUSED)).hasSize(2).last().satisfies(r -> assertThat(r.detail())
                .startsWith("refused 4 times in a row, recorded once: VM v1 moved recently: cooldown"));
        assertThat(status().counters().refused()).isEqualTo(1);
    }

    @Test
    void guardRefusesAVmAlreadyMovingAndCoolsItDownAfterwards() {
        decide(move(V1, H1, H2));
        controller.cycle(POOL);
        controller.cycle(POOL);
        assertThat(records(AuditRecord.Type.REFUSED)).singleElement()
                .satisfies(r -> assertThat(r.detail()).isEqualTo("VM v1 is already migrating"));
        adapter.completeAll();
        decide(move(V1, H2, H3));
        controller.cycle(POOL);
        assertThat(records(AuditRecord.Type.REFUSED).get(1).detail()).startsWith("VM v1 moved recently: cooldown");
        clock.advance(Duration.ofSeconds(601));
        controller.cycle(POOL);
        assertThat(adapter.handles).hasSize(1);
    }

    @Test
    void guardRespectsAntiAffinityGroups() {
        adapter.vms.set(0, vm("v1", "h1", 0.9, "aa:db"));
        adapter.vms.set(2, vm("v3", "h2", 0.5, "aa:db"));
        decide(move(V1, H1, H2));
        controller.cycle(POOL);
        assertThat(adapter.handles).isEmpty();
        assertThat(records(AuditRecord.Type.REFUSED).get(0).detail())
                .isEqualTo("anti-affinity: v3 on h2 is in group aa:db");
    }

    @Test
    void guardHysteresisWaitsForTheHoldTimeThenLetsTheMoveThrough() {
        controller.configure("io.ferry.pool~p", Map.of("policy", "a", "agent", "scripted", "holdSeconds", "20",
                "minImprovement", "0.05"));
        decide(move(V1, H1, H2));
        controller.cycle(POOL);
        assertThat(adapter.handles).isEmpty();
        assertThat(records(AuditRecord.Type.REFUSED).get(0).detail())
                .isEqualTo("hysteresis: condition held 0 s of the 20 s required");
        clock.advance(Duration.ofSeconds(20));
        controller.cycle(POOL);
        assertThat(adapter.handles).hasSize(1);
    }

    @Test
    void guardHysteresisRefusesAMoveThatBarelyNarrowsTheGap() {
        controller.configure("io.ferry.pool~p", Map.of("policy", "a", "agent", "scripted", "holdSeconds", "0",
                "minImprovement", "0.5"));
        decide(move(V1, H1, H2));
        controller.cycle(POOL);
        assertThat(records(AuditRecord.Type.REFUSED).get(0).detail())
                .startsWith("hysteresis: the move narrows the CPU gap by 0.450, less than 0.500");
    }

    // ------------------------------------------------------------------ selection and hot swap

    @Test
    void selectWhenPolicyUnknownThenListsInstalledOnes() {
        assertThatThrownBy(() -> controller.select(POOL, PluginKind.POLICY, "nope"))
                .isInstanceOf(ControllerException.class).hasMessage("unknown policy 'nope': installed policies are a, b");
        assertThatThrownBy(() -> controller.select(new PoolId("zz"), PluginKind.POLICY, "a"))
                .hasMessage("unknown pool 'zz': pools are p");
    }

    @Test
    void selectWhenCapabilityMissingThenRefusesNamingIt() {
        adapter.capabilities = EnumSet.of(Capability.PRE_COPY, Capability.CANCEL);
        plugins.policies().add(Fixtures.entry("post", new Fixtures.FixedPolicy("post", Capability.POST_COPY), 9));
        assertThatThrownBy(() -> controller.select(POOL, PluginKind.POLICY, "post"))
                .hasMessage("policy 'post' needs POST_COPY (post-copy: resume on the target, fetch pages on fault), "
                        + "which pool p (fake) lacks");
        assertThat(status().selection().policy()).isEqualTo("a");
    }

    @Test
    void selectPersistsAndTakesEffectAtTheNextDecisionWhileTheMigrationInFlightKeepsItsPolicy()
            throws ControllerException {
        decide(move(V1, H1, H2));
        controller.cycle(POOL);
        controller.select(POOL, PluginKind.POLICY, "b");
        assertThat(saved).last().satisfies(m -> assertThat(m).containsEntry("policy", "b"));
        decide(move(V2, H1, H3));
        controller.cycle(POOL);
        assertThat(adapter.steerings).containsExactly(new Fixtures.NamedSteering("a"), new Fixtures.NamedSteering("b"));
        adapter.completeAll();
        List<AuditRecord> outcomes = records(AuditRecord.Type.OUTCOME);
        assertThat(outcomes).extracting(AuditRecord::vm, AuditRecord::policy).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(Optional.of(V1), "a"),
                org.assertj.core.groups.Tuple.tuple(Optional.of(V2), "b"));
    }

    @Test
    void migrationInFlightFinishesWhenItsPolicyIsUninstalled() {
        decide(move(V1, H1, H2));
        controller.cycle(POOL);
        plugins.policies().remove(1);
        adapter.completeAll();
        assertThat(records(AuditRecord.Type.OUTCOME)).singleElement()
                .satisfies(r -> assertThat(r.policy()).isEqualTo("a"));
        decide(move(V2, H1, H3));
        controller.cycle(POOL);
        assertThat(status().problem()).hasValueSatisfying(
                p -> assertThat(p).startsWith("policy 'a' is not installed (installed: b)"));
        assertThat(adapter.handles).isEmpty();
    }

    @Test
    void configurationCarryingAnOlderSelectionRevisionDoesNotUndoTheLatestSelection() throws ControllerException {
        Map<String, Object> base = Map.of("agent", "scripted", "holdSeconds", "0", "minImprovement", "0",
                "maxConcurrentPerPool", "2", "maxConcurrentPerHost", "2");
        controller.select(POOL, PluginKind.POLICY, "b");
        controller.select(POOL, PluginKind.POLICY, "a");
        controller.select(POOL, PluginKind.POLICY, "b");
        assertThat(saved).extracting(m -> m.get(Controller.REVISION_KEY)).containsExactly(1L, 2L, 3L);

        // Config Admin delivers the three writes after all three were applied in memory, then Karaf re-reads a
        // .cfg file it had not rewritten yet (the second write): none of it may undo the latest selection
        for (int i : new int[] {0, 1, 2, 1}) {
            Map<String, Object> event = new HashMap<>(base);
            event.putAll(saved.get(i));
            controller.configure("io.ferry.pool~p", event);
            assertThat(status().selection().policy()).as("after the write of revision %d", i + 1).isEqualTo("b");
        }
        assertThat(records(AuditRecord.Type.SELECTION)).hasSize(3);

        // an edit by hand keeps the file's latest revision, and applies
        Map<String, Object> edit = new HashMap<>(base);
        edit.putAll(saved.get(2));
        edit.put("policy", "a");
        controller.configure("io.ferry.pool~p", edit);
        assertThat(status().selection().policy()).isEqualTo("a");

        // so does a configuration written without any revision
        Map<String, Object> fresh = new HashMap<>(base);
        fresh.put("policy", "b");
        controller.configure("io.ferry.pool~p", fresh);
        assertThat(status().selection().policy()).isEqualTo("b");
    }

    @Test
    void rollbackRestoresThePreviousSelection() throws ControllerException {
        controller.select(POOL, PluginKind.POLICY, "b");
        assertThat(controller.rollback(POOL).policy()).isEqualTo("a");
        assertThatThrownBy(() -> controller.rollback(POOL)).hasMessage("pool p has no previous selection");
        assertThat(records(AuditRecord.Type.SELECTION)).extracting(AuditRecord::policy).containsExactly("b", "a");
    }

    @Test
    void selectPredictorNoneAndUnknownAgent() throws ControllerException {
        assertThat(controller.select(POOL, PluginKind.PREDICTOR, "").predictor()).isEmpty();
        assertThatThrownBy(() -> controller.select(POOL, PluginKind.AGENT, "dqn"))
                .hasMessage("unknown agent 'dqn': installed agents are scripted");
    }

    // ------------------------------------------------------------------ configuration

    @Test
    void malformedConfigurationKeepsThePreviousOneAndNamesTheKey() {
        controller.configure("io.ferry.pool~p", Map.of("policy", "b", "intervalSeconds", "soon"));
        assertThat(status().selection().policy()).isEqualTo("a");
        assertThat(records(AuditRecord.Type.ERROR)).singleElement().satisfies(r -> assertThat(r.detail()).isEqualTo(
                "configuration io.ferry.pool~p rejected, the previous one stays in force: "
                        + "intervalSeconds = soon: must be a number in [1, 3600]"));
    }

    @Test
    void configurationSelectingAPolicyTheHypervisorCannotRunIsRejected() {
        adapter.capabilities = EnumSet.of(Capability.PRE_COPY);
        plugins.policies().add(Fixtures.entry("post", new Fixtures.FixedPolicy("post", Capability.POST_COPY), 9));
        controller.configure("io.ferry.pool~p", Map.of("policy", "post"));
        assertThat(status().selection().policy()).isEqualTo("a");
        assertThat(records(AuditRecord.Type.ERROR).get(0).detail()).contains("policy = post: policy 'post' needs POST_COPY");
    }

    @Test
    void configurationNamingAPolicyNotYetInstalledWaitsForIt() {
        controller.configure("io.ferry.pool~p", Map.of("policy", "later", "agent", "scripted", "holdSeconds", "0",
                "minImprovement", "0"));
        decide(move(V1, H1, H2));
        controller.cycle(POOL);
        assertThat(adapter.handles).isEmpty();
        assertThat(status().problem()).hasValueSatisfying(p -> assertThat(p).startsWith("policy 'later' is not installed"));
        plugins.policies().add(Fixtures.entry("later", new Fixtures.FixedPolicy("later", Capability.PRE_COPY), 7));
        controller.cycle(POOL);
        assertThat(adapter.handles).hasSize(1);
        assertThat(status().problem()).isEmpty();
    }

    @Test
    void poolNameComesFromThePropertyThePidOrTheFile() {
        assertThat(Controller.poolName("io.ferry.pool~x", Map.of())).isEqualTo("x");
        assertThat(Controller.poolName("io.ferry.pool.123", Map.of("felix.fileinstall.filename",
                "file:/opt/karaf/etc/io.ferry.pool-lab.cfg"))).isEqualTo("lab");
        assertThat(Controller.poolName("io.ferry.pool~x", Map.of("pool.name", "y"))).isEqualTo("y");
    }

    // ------------------------------------------------------------------ operator requests

    @Test
    void manualMigrationGoesThroughTheGuardButNotTheHysteresis() throws ControllerException {
        controller.configure("io.ferry.pool~p", Map.of("policy", "a", "agent", "scripted", "holdSeconds", "600"));
        assertThat(controller.migrate(POOL, V3, H3).value()).startsWith("p-");
        assertThat(adapter.handles).hasSize(1);
        assertThatThrownBy(() -> controller.migrate(POOL, V3, H1)).hasMessage("VM v3 is already migrating");
        assertThatThrownBy(() -> controller.migrate(POOL, new VmId("nope"), H1)).hasMessage("VM nope is not in pool p");
    }

    @Test
    void statusSaysWhatAPreCopyOnlyHypervisorReallyExecutes() {
        adapter.capabilities = EnumSet.of(Capability.PRE_COPY, Capability.CANCEL);
        assertThat(status().note()).isEqualTo("this fake pool migrates with pre-copy by its own rules: the policy "
                + "contributes its cost prediction and timing advice, not the rounds");
    }

    @Test
    void statusWhenTheAdapterStatesItsBandwidthCapsThenTheNoteSaysWhichCapAppliesAndOtherwiseNothing() {
        assertThat(status().note()).isEqualTo("the policy steers each migration round by round");
        adapter.bandwidthCaps = java.util.Optional.of("bandwidth cap 64 MiB/s pre-copy, post-copy unlimited (QEMU "
                + "default)");
        assertThat(status().note()).isEqualTo("the policy steers each migration round by round; bandwidth cap "
                + "64 MiB/s pre-copy, post-copy unlimited (QEMU default)");
    }

    @Test
    void pluginsListBundlesVersionsAndWhereActive() {
        var infos = controller.plugins();
        assertThat(infos).filteredOn(i -> i.name().equals("a")).singleElement().satisfies(i -> {
            assertThat(i.kind()).isEqualTo(PluginKind.POLICY);
            assertThat(i.bundle()).isEqualTo("io.ferry.test.a");
            assertThat(i.activeIn()).containsExactly(POOL);
        });
        assertThat(infos).filteredOn(i -> i.name().equals("b")).singleElement()
                .satisfies(i -> assertThat(i.activeIn()).isEmpty());
    }

    @Test
    void recordingKeepsTheBusiestVmsWithTheirMeasuredDirtyRates() throws ControllerException {
        adapter.series.put("v1|DIRTY_PAGES_PER_SECOND", new double[] {100, 300, 200});
        var recording = controller.recording(POOL, 2);
        assertThat(recording.vms()).hasSize(2);
        assertThat(recording.vms().get(0).vm().id()).isEqualTo(V1);
        assertThat(recording.vms().get(0).dirtyRate().orElseThrow().values()).containsExactly(100, 300, 200);
        assertThat(recording.vms().get(1).dirtyRate()).isEmpty();
        assertThat(recording.pageSizeBytes()).isEqualTo(4096);
    }

    @Test
    void statusWhenTheHypervisorStopsAnsweringThenAsksItNothingAndSaysHowOldItsSnapshotIs() {
        controller.cycle(POOL);
        java.time.Instant seen = clock.now;
        adapter.unreachable = new HypervisorException("HOST_OFFLINE", "connection timed out", null);
        clock.advance(Duration.ofSeconds(30));
        controller.cycle(POOL);
        int asked = adapter.snapshotCalls;

        PoolStatus s = status();

        assertThat(adapter.snapshotCalls).as("status asks the hypervisor nothing").isEqualTo(asked);
        assertThat(s.snapshot()).isPresent();
        assertThat(s.snapshotAt()).contains(seen);
        assertThat(s.snapshotStale()).isTrue();
        assertThat(s.problem()).hasValueSatisfying(p -> assertThat(p).contains("hypervisor unreachable"));
    }

    @Test
    void statusWhenTheFirstSnapshotFailedThenAsksAgainInTheBackgroundAndShowsItOnceItCame() throws Exception {
        controller.removeAdapter(adapter);
        adapter.unreachable = new HypervisorException("HOST_OFFLINE", "the master does not answer yet", null);
        controller.addAdapter(adapter);
        timers.submit(() -> { }).get(); // the first background snapshot has been tried (and failed)
        assertThat(status().snapshot()).isEmpty();

        adapter.unreachable = null;
        int asked = adapter.snapshotCalls;
        assertThat(status().snapshot()).as("status itself does not wait for the hypervisor").isEmpty();
        timers.submit(() -> { }).get(); // the refresh that status asked for has run

        assertThat(adapter.snapshotCalls).isEqualTo(asked + 1);
        assertThat(status().snapshot()).hasValueSatisfying(snap -> assertThat(snap.vms()).hasSize(3));
    }

    @Test
    void historySurvivesARestart() {
        decide(move(V1, H1, H2));
        controller.cycle(POOL);
        audit.close();
        AuditLog reopened = new AuditLog(dir, 1 << 20, 3, 1000);
        assertThat(reopened.recent(r -> true, 100)).extracting(AuditRecord::type).contains(AuditRecord.Type.DECISION);
        reopened.close();
    }

    @Test
    void selectionStaysWhenThePoolsAdapterComesBack() throws ControllerException {
        controller.select(POOL, PluginKind.POLICY, "b");
        controller.removeAdapter(adapter);
        assertThat(controller.pools()).isEmpty();
        controller.addAdapter(adapter);
        assertThat(status().selection()).isEqualTo(new Selection("b", "scripted", Optional.empty(), false));
    }
}
