package io.ferry.benchmarks;

import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.HostId;
import io.ferry.api.model.HostState;
import io.ferry.api.model.MigrationDecision;
import io.ferry.api.model.MigrationId;
import io.ferry.api.model.MigrationOutcome;
import io.ferry.api.model.VmId;
import io.ferry.api.model.VmState;
import io.ferry.controller.AuditRecord;
import io.ferry.controller.PoolStatus;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Accounts for every decision of a run in which the pool's policy was swapped while the controller ran: what the
 * agent returned, what the audit log recorded, what the hypervisor was asked to do and where every VM ended up.
 * It decides whether the swap semantics of DESIGN.md §5 held — no decision dropped or duplicated, every decision
 * made with the selection in force at its cycle, every migration ended once with the policy it started with, every
 * VM on exactly one host.
 *
 * <p>The checks, each counted and, when it fails, named in {@link Report#problems()}:
 * <ol>
 * <li><b>judged once</b>: per cycle, the multiset of (VM, source, target) the agent returned equals that of the
 * cycle's judged records — DECISION, REFUSED by the guard (no migration id) and ERROR from a policy that could not
 * plan (a VM, no migration id). A decision with no record is <em>lost</em>, a record with no decision
 * <em>duplicated</em>. Records belong to the cycle whose snapshot precedes them: cycles of a pool never overlap.</li>
 * <li><b>executed once</b>: every DECISION id is unique; outside dry-run it had exactly one {@code migrate} call (a
 * DECISION in dry-run none), and every call belongs to a DECISION. A call the hypervisor refused has exactly one
 * REFUSED record with its id; a call it accepted has exactly one OUTCOME (or, when the adapter reported none, one
 * ERROR) with its id.</li>
 * <li><b>right policy</b>: a judged record names a policy that was in force while its cycle read the selection:
 * the one in force at the window's start, or one being swapped in during the window (an <em>ambiguous</em> cycle,
 * counted). An OUTCOME names the policy of its DECISION.</li>
 * <li><b>counters</b>: the controller's totals agree — decisions with what the agent returned, started with the
 * accepted calls, completed + failed + cancelled with the outcomes, refused with the refusals.</li>
 * <li><b>placement</b>: replaying the COMPLETED outcomes on the pool's starting placement gives exactly where the
 * final snapshot says every VM runs; the same VMs exist; every host's free memory is its total less the VMs on it
 * (nothing still reserved, nothing counted twice).</li>
 * </ol>
 *
 * <p>Cost: O(records + decisions + VMs) with a sort of the cycles. A pure function of its inputs: the scenario run
 * collects them; the unit test feeds it a hand-made run with a planted fault.
 */
final class DecisionLedger {

    /** Problems listed per check, beyond which only the count grows. */
    static final int EXAMPLES = 5;

    /** How a swap was made. */
    enum Path {
        /** {@code FerryController.select(pool, POLICY, name)}, as {@code migration:use} does. */
        SELECT,
        /** a new pool configuration, as {@code config:property-set} or an edited {@code .cfg} file does. */
        CONFIGURE
    }

    /** One successful change of the pool's policy: the call began at {@code before} and returned at {@code after}. */
    record Swap(Instant before, Instant after, String policy, Path path) {
    }

    /** Everything a run collected. */
    record Run(String initialPolicy, List<Swap> swaps, List<RecordingAdapter.Cycle> cycles,
            List<CountingAgent.Proposal> proposals, List<RecordingAdapter.MigrateCall> migrateCalls,
            List<AuditRecord> records, ClusterSnapshot first, ClusterSnapshot last, PoolStatus.Counters counters) {
    }

    /**
     * The accounting.
     *
     * @param cycles             cycles that read the selection
     * @param proposed           decisions the agent returned
     * @param decisions          DECISION records
     * @param refusedByGuard     REFUSED records without a migration (the guard)
     * @param planErrors         ERROR records of a decision the policy could not plan
     * @param refusedByHypervisor REFUSED records of a migration the hypervisor would not start
     * @param started            migrations the hypervisor started
     * @param outcomes           OUTCOME records by status
     * @param noOutcome          ERROR records of a migration whose adapter reported no outcome
     * @param swaps              swaps by path
     * @param ambiguousCycles    cycles that read the selection while a swap was being made
     * @param windows            the cycles' windows (clock read to snapshot), in microseconds
     * @param lost               decisions with no record, DECISIONs with no {@code migrate} call, migrations with no
     *                           outcome
     * @param duplicated         records with no decision, repeated DECISION ids, repeated {@code migrate} calls,
     *                           repeated outcomes
     * @param policyMismatches   records naming a policy that was not in force (or, for an outcome, not its
     *                           decision's)
     * @param vmsChecked         VMs whose final host was checked
     * @param problems           one line per failed check (at most {@value #EXAMPLES} per check, then a count)
     */
    record Report(int cycles, long proposed, long decisions, long refusedByGuard, long planErrors,
            long refusedByHypervisor, long started, Map<MigrationOutcome.Status, Long> outcomes, long noOutcome,
            Map<Path, Long> swaps, long ambiguousCycles, Percentiles windows, long lost, long duplicated,
            long policyMismatches, int vmsChecked, List<String> problems) {

        /** @return whether every check held */
        boolean ok() {
            return problems.isEmpty();
        }

        /** Prints the counts, and "lost: 0, duplicated: 0" only when both were computed as zero. */
        void print(PrintStream out) {
            out.printf(Locale.ROOT, "cycles (snapshots taken):   %d%n", cycles);
            out.printf(Locale.ROOT, "swaps:                      %d (select %d, configure %d); ambiguous cycles %d%n",
                    swaps.values().stream().mapToLong(Long::longValue).sum(), swaps.getOrDefault(Path.SELECT, 0L),
                    swaps.getOrDefault(Path.CONFIGURE, 0L), ambiguousCycles);
            out.printf(Locale.ROOT, "selection-read windows:     p50 %.1f us, max %.1f us (clock read -> snapshot)%n",
                    windows.p50(), windows.max());
            out.printf(Locale.ROOT, "agent decisions:            %d%n", proposed);
            out.printf(Locale.ROOT, "  = DECISION %d + REFUSED by the guard %d + ERROR (no plan) %d = %d%n", decisions,
                    refusedByGuard, planErrors, decisions + refusedByGuard + planErrors);
            out.printf(Locale.ROOT, "DECISIONs executed:         %d migrate calls: %d started, %d refused by the "
                    + "hypervisor%n", started + refusedByHypervisor, started, refusedByHypervisor);
            out.printf(Locale.ROOT, "outcomes of started:        %d = COMPLETED %d + FAILED %d + CANCELLED %d + no "
                    + "outcome %d%n", outcomes.values().stream().mapToLong(Long::longValue).sum() + noOutcome,
                    outcomes.getOrDefault(MigrationOutcome.Status.COMPLETED, 0L),
                    outcomes.getOrDefault(MigrationOutcome.Status.FAILED, 0L),
                    outcomes.getOrDefault(MigrationOutcome.Status.CANCELLED, 0L), noOutcome);
            out.printf(Locale.ROOT, "policy of every decision:   %d mismatches%n", policyMismatches);
            out.printf(Locale.ROOT, "VMs where the outcomes say: %d checked%n", vmsChecked);
            if (ok()) {
                out.printf(Locale.ROOT, "lost: %d, duplicated: %d%n", lost, duplicated);
            } else {
                out.printf(Locale.ROOT, "FAILED: lost %d, duplicated %d, policy mismatches %d; %d problem(s):%n", lost,
                        duplicated, policyMismatches, problems.size());
                problems.forEach(p -> out.println("  " + p));
            }
        }
    }

    private DecisionLedger() {
    }

    /** @return the accounting of {@code run} */
    static Report account(Run run) {
        Problems problems = new Problems();
        List<RecordingAdapter.Cycle> cycles = run.cycles().stream()
                .sorted(Comparator.comparing(RecordingAdapter.Cycle::snapshot)).toList();

        // ---------------------------------------------------------------- 1. judged once, per cycle
        Map<Integer, Map<String, Integer>> expected = new TreeMap<>();
        long proposed = 0;
        for (CountingAgent.Proposal p : run.proposals()) {
            int cycle = cycleAt(cycles, p.at());
            if (cycle < 0) {
                problems.add("cycle", "the agent was called at " + p.at() + ", before any recorded cycle");
            }
            for (MigrationDecision d : p.decisions()) {
                expected.computeIfAbsent(cycle, k -> new HashMap<>()).merge(key(d.vm(), d.source(), d.target()), 1,
                        Integer::sum);
                proposed++;
            }
        }
        Map<Integer, Map<String, Integer>> actual = new TreeMap<>();
        Map<Integer, List<AuditRecord>> judgedByCycle = new TreeMap<>();
        long decisions = 0;
        long refusedByGuard = 0;
        long planErrors = 0;
        for (AuditRecord r : run.records()) {
            if (isJudged(r)) {
                switch (r.type()) {
                    case DECISION -> decisions++;
                    case REFUSED -> refusedByGuard++;
                    default -> planErrors++;
                }
                int cycle = cycleAt(cycles, r.time());
                actual.computeIfAbsent(cycle, k -> new HashMap<>())
                        .merge(key(r.vm().orElseThrow(), r.source().orElseThrow(), r.target().orElseThrow()), 1,
                                Integer::sum);
                judgedByCycle.computeIfAbsent(cycle, k -> new ArrayList<>()).add(r);
            }
        }
        long lost = 0;
        long duplicated = 0;
        Set<Integer> allCycles = new LinkedHashSet<>(expected.keySet());
        allCycles.addAll(actual.keySet());
        for (int cycle : allCycles) {
            Map<String, Integer> want = expected.getOrDefault(cycle, Map.of());
            Map<String, Integer> got = actual.getOrDefault(cycle, Map.of());
            Set<String> keys = new LinkedHashSet<>(want.keySet());
            keys.addAll(got.keySet());
            for (String k : keys) {
                int diff = want.getOrDefault(k, 0) - got.getOrDefault(k, 0);
                if (diff > 0) {
                    lost += diff;
                    problems.add("lost", "cycle " + cycle + ": decision " + k + " returned by the agent, recorded "
                            + got.getOrDefault(k, 0) + " of " + want.get(k) + " time(s)");
                } else if (diff < 0) {
                    duplicated += -diff;
                    problems.add("duplicated", "cycle " + cycle + ": " + k + " recorded " + got.get(k)
                            + " time(s), returned " + want.getOrDefault(k, 0) + " time(s) by the agent");
                }
            }
        }

        // ---------------------------------------------------------------- 2. executed once
        Map<MigrationId, AuditRecord> decisionById = new HashMap<>();
        for (AuditRecord r : run.records()) {
            if (r.type() == AuditRecord.Type.DECISION) {
                MigrationId id = r.migration().orElseThrow();
                if (decisionById.putIfAbsent(id, r) != null) {
                    duplicated++;
                    problems.add("duplicated", "DECISION " + id.value() + " recorded twice");
                }
            }
        }
        Map<MigrationId, List<RecordingAdapter.MigrateCall>> callsById = run.migrateCalls().stream()
                .collect(Collectors.groupingBy(RecordingAdapter.MigrateCall::id));
        for (AuditRecord d : decisionById.values()) {
            int calls = callsById.getOrDefault(d.migration().orElseThrow(), List.of()).size();
            if (d.dryRun() && calls != 0) {
                duplicated += calls;
                problems.add("executed", "dry-run DECISION " + d.migration().get().value() + " was executed");
            } else if (!d.dryRun() && calls == 0) {
                lost++;
                problems.add("lost", "DECISION " + d.migration().get().value() + " was never executed");
            } else if (calls > 1) {
                duplicated += calls - 1;
                problems.add("duplicated", "DECISION " + d.migration().get().value() + " was executed " + calls
                        + " times");
            }
        }
        Map<MigrationId, Long> hypervisorRefusals = countById(run.records(), AuditRecord.Type.REFUSED);
        Map<MigrationId, Long> outcomeRecords = countById(run.records(), AuditRecord.Type.OUTCOME);
        Map<MigrationId, Long> noOutcomeRecords = countById(run.records(), AuditRecord.Type.ERROR);
        long refusedByHypervisor = hypervisorRefusals.values().stream().mapToLong(Long::longValue).sum();
        long noOutcome = noOutcomeRecords.values().stream().mapToLong(Long::longValue).sum();
        long started = 0;
        for (RecordingAdapter.MigrateCall call : run.migrateCalls()) {
            if (!decisionById.containsKey(call.id())) {
                duplicated++;
                problems.add("duplicated", "migration " + call.id().value() + " of " + call.vm().value()
                        + " started without a DECISION");
            }
            if (call.refused()) {
                long n = hypervisorRefusals.getOrDefault(call.id(), 0L);
                if (n != 1) {
                    problems.add("refused", "migration " + call.id().value() + " refused by the hypervisor has " + n
                            + " REFUSED records");
                }
            } else {
                started++;
                long n = outcomeRecords.getOrDefault(call.id(), 0L) + noOutcomeRecords.getOrDefault(call.id(), 0L);
                if (n == 0) {
                    lost++;
                    problems.add("lost", "migration " + call.id().value() + " has no outcome");
                } else if (n > 1) {
                    duplicated += n - 1;
                    problems.add("duplicated", "migration " + call.id().value() + " has " + n + " outcomes");
                }
            }
        }
        Set<MigrationId> startedIds = run.migrateCalls().stream().filter(c -> !c.refused())
                .map(RecordingAdapter.MigrateCall::id).collect(Collectors.toSet());
        for (MigrationId id : outcomeRecords.keySet()) {
            if (!startedIds.contains(id)) {
                duplicated++;
                problems.add("duplicated", "OUTCOME of " + id.value() + ", which never started");
            }
        }

        // ---------------------------------------------------------------- 3. right policy
        long mismatches = 0;
        long ambiguous = 0;
        for (Map.Entry<Integer, List<AuditRecord>> e : judgedByCycle.entrySet()) {
            if (e.getKey() < 0) {
                continue; // reported above
            }
            Set<String> allowed = policiesInForce(run, cycles.get(e.getKey()));
            if (allowed.size() > 1) {
                ambiguous++;
            }
            for (AuditRecord r : e.getValue()) {
                if (!allowed.contains(r.policy())) {
                    mismatches++;
                    problems.add("policy", r.type() + " " + r.migration().map(MigrationId::value).orElse("")
                            + " of " + r.vm().map(VmId::value).orElse("?") + " in cycle " + e.getKey() + " names "
                            + r.policy() + "; in force then: " + allowed);
                }
            }
        }
        for (AuditRecord r : run.records()) {
            if (r.type() == AuditRecord.Type.OUTCOME) {
                AuditRecord d = decisionById.get(r.migration().orElseThrow());
                if (d != null && !d.policy().equals(r.policy())) {
                    mismatches++;
                    problems.add("policy", "OUTCOME " + r.migration().get().value() + " names " + r.policy()
                            + ", its DECISION " + d.policy());
                }
            }
        }

        // ---------------------------------------------------------------- 4. counters
        Map<MigrationOutcome.Status, Long> outcomes = new TreeMap<>(run.records().stream()
                .filter(r -> r.type() == AuditRecord.Type.OUTCOME)
                .collect(Collectors.groupingBy(r -> r.status().orElseThrow(), Collectors.counting())));
        long outcomeCount = outcomes.values().stream().mapToLong(Long::longValue).sum();
        PoolStatus.Counters c = run.counters();
        check(problems, "decisions", c.decisions(), proposed);
        check(problems, "started", c.started(), started);
        check(problems, "completed + failed + cancelled", c.completed() + c.failed() + c.cancelled(),
                outcomeCount + noOutcome);
        check(problems, "refused", c.refused(), refusedByGuard + planErrors + refusedByHypervisor);

        // ---------------------------------------------------------------- 5. placement
        Map<VmId, Optional<HostId>> expectedHost = new HashMap<>();
        for (VmState v : run.first().vms()) {
            expectedHost.put(v.id(), v.residentOn());
        }
        for (AuditRecord r : run.records()) {
            if (r.type() == AuditRecord.Type.OUTCOME && r.status().orElseThrow() == MigrationOutcome.Status.COMPLETED) {
                expectedHost.put(r.vm().orElseThrow(), r.target());
            }
        }
        Set<VmId> seen = new java.util.HashSet<>();
        Map<HostId, Long> residentBytes = new HashMap<>();
        for (VmState v : run.last().vms()) {
            if (!seen.add(v.id())) {
                problems.add("placement", v.id().value() + " appears twice in the final snapshot");
            }
            if (!expectedHost.containsKey(v.id())) {
                problems.add("placement", v.id().value() + " appeared during the run");
            } else if (!expectedHost.get(v.id()).equals(v.residentOn())) {
                problems.add("placement", v.id().value() + " runs on " + v.residentOn().map(HostId::value)
                        .orElse("no host") + "; its outcomes say " + expectedHost.get(v.id()).map(HostId::value)
                        .orElse("no host"));
            }
            v.residentOn().ifPresent(h -> residentBytes.merge(h, v.memoryBytes(), Long::sum));
        }
        if (seen.size() != expectedHost.size()) {
            problems.add("placement", (expectedHost.size() - seen.size()) + " VM(s) missing from the final snapshot");
        }
        for (HostState h : run.last().hosts()) {
            long free = Math.max(0, h.memoryTotalBytes() - residentBytes.getOrDefault(h.id(), 0L));
            if (h.memoryFreeBytes() != free) {
                problems.add("placement", h.id().value() + " reports " + h.memoryFreeBytes() + " bytes free; the VMs "
                        + "on it leave " + free);
            }
        }

        Map<Path, Long> swaps = new TreeMap<>(run.swaps().stream()
                .collect(Collectors.groupingBy(Swap::path, Collectors.counting())));
        Percentiles windows = Percentiles.of(cycles.stream()
                .map(w -> Duration.between(w.start(), w.snapshot()).toNanos() / 1e3).toList());
        return new Report(cycles.size(), proposed, decisions, refusedByGuard, planErrors, refusedByHypervisor,
                started, outcomes, noOutcome, swaps, ambiguous, windows, lost, duplicated, mismatches, seen.size(),
                problems.list());
    }

    /**
     * @return whether a record is the one judgement of one decision: a DECISION, a REFUSED by the guard (no
     *         migration id) or an ERROR of a policy that could not plan (a VM, no migration id)
     */
    private static boolean isJudged(AuditRecord r) {
        return switch (r.type()) {
            case DECISION -> true;
            case REFUSED -> r.migration().isEmpty();
            case ERROR -> r.migration().isEmpty() && r.vm().isPresent();
            default -> false;
        };
    }

    /** @return the index of the last cycle whose snapshot was taken at or before {@code t}, or -1 */
    private static int cycleAt(List<RecordingAdapter.Cycle> cycles, Instant t) {
        int lo = 0;
        int hi = cycles.size() - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (!cycles.get(mid).snapshot().isAfter(t)) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /**
     * @return the policies that may have been read in the cycle's window: the one in force at its start, and every
     *         one whose swap call overlapped the window
     */
    private static Set<String> policiesInForce(Run run, RecordingAdapter.Cycle cycle) {
        String atStart = run.initialPolicy();
        Set<String> allowed = new LinkedHashSet<>();
        for (Swap s : run.swaps()) {
            if (!s.after().isAfter(cycle.start())) {
                atStart = s.policy();
            } else if (!s.before().isAfter(cycle.snapshot())) {
                allowed.add(s.policy());
            }
        }
        allowed.add(atStart);
        return allowed;
    }

    private static Map<MigrationId, Long> countById(List<AuditRecord> records, AuditRecord.Type type) {
        return records.stream().filter(r -> r.type() == type && r.migration().isPresent())
                .collect(Collectors.groupingBy(r -> r.migration().get(), Collectors.counting()));
    }

    private static String key(VmId vm, HostId source, HostId target) {
        return vm.value() + " " + source.value() + "->" + target.value();
    }

    private static void check(Problems problems, String counter, long reported, long counted) {
        if (reported != counted) {
            problems.add("counters", "the controller counts " + reported + " " + counter + "; the records and calls "
                    + "give " + counted);
        }
    }

    /** Problem lines, at most {@value #EXAMPLES} per check, then how many more. */
    private static final class Problems {
        private final Map<String, List<String>> byCheck = new TreeMap<>();
        private final Map<String, Integer> counts = new TreeMap<>();

        void add(String check, String line) {
            int n = counts.merge(check, 1, Integer::sum);
            if (n <= EXAMPLES) {
                byCheck.computeIfAbsent(check, k -> new ArrayList<>()).add(check + ": " + line);
            }
        }

        List<String> list() {
            List<String> out = new ArrayList<>();
            for (Map.Entry<String, List<String>> e : byCheck.entrySet()) {
                out.addAll(e.getValue());
                int more = counts.get(e.getKey()) - e.getValue().size();
                if (more > 0) {
                    out.add(e.getKey() + ": … and " + more + " more");
                }
            }
            return out;
        }
    }
}
