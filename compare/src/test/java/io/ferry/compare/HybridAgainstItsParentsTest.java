package io.ferry.compare;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.engine.EngineScenario;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hybrid policy against its two parents on the same scenarios and seeds, as {@code ./ferry compare} runs them:
 * every scenario of the {@code standard} suite on the ideal engine and of {@code standard-tcg} under the
 * {@code qemu-tcg} profile, three seeds each.
 *
 * <p>Where the hybrid ends in pre-copy (every migration of the row stopped and copied) its pause is at most
 * pre-copy's, with no tolerance: until it stops it sends pre-copy's rounds, and the same seed gives the same guest
 * writes, so any difference is a real one. (A row where some concurrent migrations switched is not "ended in
 * pre-copy": its link shares differ from pre-copy's.) Wherever pre-copy or post-copy meets the downtime budget, so
 * does the hybrid.
 *
 * <p>One known miss under {@code qemu-tcg}, pinned so that it is noticed when it goes: on {@code heavy-writer} the
 * hybrid switches after round 1 (DP_t >= θ) because at the link's 64 MiB/s cap the rest cannot fit the budget, but
 * QEMU's pause runs uncapped (pre-copy's stop-and-copy of 5 rounds takes 83 ms) and after the switch the guest
 * waits for its kernel's pages (302.5 ms here, 308 ms measured on real QEMU). Neither the pause speed nor the resume
 * stall is in the migration request, so the policy cannot weigh them.
 */
class HybridAgainstItsParentsTest {

    private static final Map<String, Set<String>> KNOWN_MISSES = Map.of("standard-tcg", Set.of("heavy-writer"));

    private static final Map<String, Comparison> RUNS = new ConcurrentHashMap<>();

    private static Comparison run(String suite, String profile, long seed) {
        return RUNS.computeIfAbsent(suite + "/" + profile + "/" + seed, k -> {
            EngineProfile p = EngineProfiles.byName(profile).orElseThrow();
            List<EngineScenario> scenarios = p.apply(ScenarioSuites.byName(suite).orElseThrow());
            try {
                return new ComparisonRunner(p.engine()).run(scenarios, Policies.all(), seed);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        });
    }

    private static void hybridPausesNoLongerThanPreCopyWhereItEndsInPreCopy(String suite, String profile, long seed) {
        Comparison c = run(suite, profile, seed);
        SoftAssertions soft = new SoftAssertions();
        int endedInPreCopy = 0;
        for (String scenario : c.scenarios()) {
            ResultRow hybrid = c.row(scenario, "hybrid").orElseThrow();
            ResultRow precopy = c.row(scenario, "precopy").orElseThrow();
            if (hybrid.technique().equals("PRE_COPY")) {
                endedInPreCopy++;
                soft.assertThat(hybrid.downtimeMs()).as("%s seed %d: hybrid's pause (ended in pre-copy) against "
                        + "pre-copy's", scenario, seed).isLessThanOrEqualTo(precopy.downtimeMs());
                soft.assertThat(hybrid.degradedMs()).as("%s seed %d: degraded", scenario, seed).isZero();
            }
        }
        soft.assertAll();
        assertThat(endedInPreCopy).as("scenarios where the hybrid ends in pre-copy").isGreaterThanOrEqualTo(3);
    }

    private static void hybridMeetsTheBudgetWhereverAParentMeetsIt(String suite, String profile, long seed) {
        Comparison c = run(suite, profile, seed);
        Set<String> known = KNOWN_MISSES.getOrDefault(suite, Set.of());
        SoftAssertions soft = new SoftAssertions();
        for (String scenario : c.scenarios()) {
            ResultRow hybrid = c.row(scenario, "hybrid").orElseThrow();
            boolean parentMeets = !c.row(scenario, "precopy").orElseThrow().slaViolated()
                    || !c.row(scenario, "postcopy").orElseThrow().slaViolated();
            if (known.contains(scenario)) {
                soft.assertThat(hybrid.slaViolated() && hybrid.technique().equals("HYBRID") && parentMeets)
                        .as("%s seed %d: the known miss (switch, then the resume stall) is still there; if it is "
                                + "gone, drop it from KNOWN_MISSES", scenario, seed).isTrue();
            } else if (parentMeets) {
                soft.assertThat(hybrid.slaViolated()).as("%s seed %d: hybrid's downtime %.1f ms against the "
                        + "%.0f ms budget", scenario, seed, hybrid.downtimeMs(), hybrid.downtimeBudgetMs()).isFalse();
            }
        }
        soft.assertAll();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {42, 7, 2026})
    @Timeout(300)
    void onTheStandardSuiteWhereTheHybridEndsInPreCopyItPausesNoLongerThanPreCopy(long seed) {
        hybridPausesNoLongerThanPreCopyWhereItEndsInPreCopy("standard", "ideal", seed);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {42, 7, 2026})
    @Timeout(300)
    void onTheStandardSuiteTheHybridMeetsTheBudgetWhereverPreCopyOrPostCopyMeetsIt(long seed) {
        hybridMeetsTheBudgetWhereverAParentMeetsIt("standard", "ideal", seed);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {42, 7, 2026})
    @Timeout(300)
    void underQemuTcgWhereTheHybridEndsInPreCopyItPausesNoLongerThanPreCopy(long seed) {
        hybridPausesNoLongerThanPreCopyWhereItEndsInPreCopy("standard-tcg", "qemu-tcg", seed);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {42, 7, 2026})
    @Timeout(300)
    void underQemuTcgTheHybridMeetsTheBudgetWhereverAParentMeetsItButTheKnownResumeStallMiss(long seed) {
        hybridMeetsTheBudgetWhereverAParentMeetsIt("standard-tcg", "qemu-tcg", seed);
    }
}
