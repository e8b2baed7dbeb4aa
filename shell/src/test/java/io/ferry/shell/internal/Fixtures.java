package io.ferry.shell.internal;

import io.ferry.api.model.Capability;
import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.HostId;
import io.ferry.api.model.HostState;
import io.ferry.api.model.MigrationCost;
import io.ferry.api.model.MigrationId;
import io.ferry.api.model.MigrationMetrics;
import io.ferry.api.model.MigrationOutcome;
import io.ferry.api.model.MigrationProgress;
import io.ferry.api.model.PoolId;
import io.ferry.api.model.PowerState;
import io.ferry.api.model.VmId;
import io.ferry.api.model.VmState;
import io.ferry.controller.AuditRecord;
import io.ferry.controller.InFlight;
import io.ferry.controller.PoolStatus;
import io.ferry.controller.Selection;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.karaf.shell.api.action.Action;

/** Scenario builders for the command tests, and the console capture. */
public final class Fixtures {

    public static final Instant T0 = Instant.parse("2025-03-01T10:15:30Z");
    public static final long GIB = 1L << 30;
    public static final String XEN_NOTE = "this xenserver pool migrates with pre-copy by its own rules: the policy "
            + "contributes its cost prediction and timing advice, not the rounds";

    private Fixtures() {
    }

    /** Runs a command with {@code System.out} captured, restoring it afterwards, and returns what it printed. */
    public static String run(Action command) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            command.execute();
        } finally {
            System.setOut(original);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

    public static Selection selection(String policy) {
        return new Selection(policy, "threshold", Optional.empty(), false);
    }

    /** A pool without snapshot, in flight migrations or problem. */
    public static PoolStatus pool(String name, String kind, Selection selection) {
        return new PoolStatus(new PoolId(name), kind, Set.of(Capability.PRE_COPY), selection, Optional.empty(),
                List.of(), Optional.empty(), Optional.empty(), new PoolStatus.Counters(0, 0, 0, 0, 0, 0, 0),
                "the policy steers each migration round by round");
    }

    /** A XenServer pool with two hosts, three VMs, one migration in flight and a problem. */
    public static PoolStatus busyXenPool() {
        HostId a = new HostId("host-a");
        HostId b = new HostId("host-b");
        ClusterSnapshot snapshot = new ClusterSnapshot(new PoolId("xen"), T0, List.of(
                new HostState(a, "rack1-a", true, false, 32, 0.72, 256 * GIB, 40 * GIB),
                new HostState(b, "rack1-b", true, true, 32, 0.10, 256 * GIB, 200 * GIB)),
                List.of(vm("vm-web", a, 0.9, Set.of("web", "frontend")), vm("vm-db", a, 0.5, Set.of("db")),
                        new VmState(new VmId("vm-off"), "old", PowerState.HALTED, Optional.empty(), GIB, 1, 0,
                                Set.of())));
        InFlight flight = new InFlight(new MigrationId("m-41"), new VmId("vm-web"), a, b, "hybrid",
                "io.ferry.policy-hybrid/0.1.0", new MigrationProgress(0.62, MigrationProgress.Phase.PRE_COPY, 3,
                        Duration.ofMillis(4_200), 3 * GIB),
                T0);
        return new PoolStatus(new PoolId("xen"), "xenserver", Set.of(Capability.PRE_COPY, Capability.CANCEL),
                new Selection("precopy", "threshold", Optional.of("ewma"), true), Optional.of(snapshot),
                List.of(flight), Optional.of(T0), Optional.of("lstm selected, not installed: deciding without forecasts"),
                new PoolStatus.Counters(120, 9, 2, 7, 5, 1, 1), XEN_NOTE);
    }

    private static VmState vm(String id, HostId host, double cpu, Set<String> tags) {
        return new VmState(new VmId(id), id + "-name", PowerState.RUNNING, Optional.of(host), 8 * GIB, 4, cpu, tags);
    }

    /** A completed migration's outcome record, with the policy's prediction beside the measurement. */
    public static AuditRecord outcome(String pool, Instant time, Duration predictedTotal, Duration predictedDowntime,
            Duration actualTotal, Duration actualDowntime) {
        MigrationMetrics metrics = new MigrationMetrics(actualTotal, actualDowntime, 5 * GIB, 1_300_000, 20_000, 4,
                0, Duration.ZERO, Duration.ZERO, false);
        return new AuditRecord(time, AuditRecord.Type.OUTCOME, new PoolId(pool), Optional.of(new MigrationId("m-1")),
                Optional.of(new VmId("vm-web")), Optional.of(new HostId("host-a")), Optional.of(new HostId("host-b")),
                "threshold", "precopy", "io.ferry.policy-precopy/0.1.0",
                Optional.of(new MigrationCost(predictedTotal, predictedDowntime, 4 * GIB)), Optional.of(metrics),
                Optional.of(MigrationOutcome.Status.COMPLETED), false, "completed");
    }

    /** A record of a type without prediction or measurement. */
    public static AuditRecord record(AuditRecord.Type type, String pool, Instant time, String detail) {
        return new AuditRecord(time, type, new PoolId(pool), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), "", "precopy", "io.ferry.policy-precopy/0.1.0", Optional.empty(), Optional.empty(),
                Optional.empty(), false, detail);
    }

    /** @return a {@code --no-format} line's cells: split on tabs, the padding stripped */
    public static List<String> cells(String line) {
        return Arrays.stream(line.split("\t")).map(String::strip).toList();
    }

    /** @return the first line of {@code out} that contains {@code text} */
    public static String line(String out, String text) {
        return out.lines().filter(l -> l.contains(text)).findFirst()
                .orElseThrow(() -> new AssertionError("no line contains '" + text + "' in:\n" + out));
    }
}
