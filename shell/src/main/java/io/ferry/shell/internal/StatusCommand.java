package io.ferry.shell.internal;

import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.HostState;
import io.ferry.api.model.MigrationProgress;
import io.ferry.api.model.VmState;
import io.ferry.controller.InFlight;
import io.ferry.controller.PoolStatus;
import io.ferry.controller.PredictorUse;
import io.ferry.shell.internal.completers.PoolNameCompleter;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/**
 * {@code migration:status}: how each pool runs now — its selection, its counters and last cycle; then, per pool,
 * what its hypervisor really executes (the controller's note: on XenServer the policy only predicts and advises
 * while XAPI runs its own pre-copy) and what stops it from deciding, if anything; then, per pool and metric, the
 * selected predictor (installed or not, its bundle, its model, its failed forecasts); then the migrations in flight
 * with their progress. Without a pool argument, the lines of the controller's status sources (e.g. the cluster member:
 * its group, generation and owned pools) and every problem that is not a pool's. {@code --hosts} and {@code --vms} add the last snapshot's hosts and VMs. Hosts and VMs are
 * shown by id with their name label beside it ({@link Names}: XAPI UUIDs mean little to an operator). Decides nothing;
 * reads the controller's cached state and never calls a hypervisor. Cost: one {@code pools()} call,
 * O(pools + migrations in flight), plus O(hosts + VMs) with the options.
 */
@Command(scope = "migration", name = "status",
        description = "Shows each pool (selection, dry-run, counters, last cycle), what its hypervisor really "
                + "executes, its problem if any, and the migrations in flight with their progress. Without a pool, "
                + "every pool.")
@Service
public class StatusCommand extends MigrationCommandSupport {

    @Argument(index = 0, name = "pool", description = "The pool (default: every pool)")
    @Completion(PoolNameCompleter.class)
    String pool;

    @Option(name = "--hosts", description = "Also list each pool's hosts (CPU, memory, maintenance, VMs)")
    boolean hosts;

    @Option(name = "--vms", description = "Also list each pool's VMs (power, host, memory, vCPUs, CPU, tags)")
    boolean vms;

    @Option(name = "--no-format", description = "Disable table rendered output (tab-separated, no borders)")
    boolean noFormat;

    @Override
    protected void doExecute() {
        List<PoolStatus> pools = poolsOrAll(pool);
        PrintStream out = System.out;
        List<String> problems = pool == null ? controller.problems() : List.of();
        List<String> sources = pool == null ? controller.status() : List.of();
        if (pools.isEmpty()) {
            out.println("no pool is attached to the controller");
            sources.forEach(out::println);
            problems.forEach(p -> out.println("problem: " + p));
            return;
        }
        poolTable(pools).print(out, !noFormat);
        for (PoolStatus p : pools) {
            out.println(p.pool() + " note: " + p.note());
            p.problem().ifPresent(problem -> out.println(p.pool() + " problem: " + problem));
            if (p.snapshotStale()) {
                out.println(p.pool() + " snapshot: as seen at " + Formats.time(p.snapshotAt()) + ", "
                        + Formats.seconds(java.time.Duration.between(p.snapshotAt().get(), p.lastCycle().get()))
                        + " before the last cycle; the hypervisor has not answered since");
            }
        }
        sources.forEach(out::println);
        problems.forEach(p -> out.println("problem: " + p));
        if (pools.stream().anyMatch(p -> !p.predictors().isEmpty())) {
            out.println();
            out.println("Predictors");
            predictorTable(pools).print(out, !noFormat);
        }
        out.println();
        out.println("Migrations in flight");
        inFlightTable(pools).print(out, !noFormat);
        if (hosts) {
            out.println();
            out.println("Hosts");
            hostTable(pools).print(out, !noFormat);
        }
        if (vms) {
            out.println();
            out.println("VMs");
            vmTable(pools).print(out, !noFormat);
        }
    }

    private static ShellTable poolTable(List<PoolStatus> pools) {
        ShellTable t = new ShellTable();
        t.column("Pool");
        t.column("Hypervisor");
        t.column("Policy");
        t.column("Agent");
        t.column("Predictor");
        t.column("Dry-run");
        t.column("Hosts").alignRight();
        t.column("VMs running").alignRight();
        t.column("In flight").alignRight();
        t.column("Cycles").alignRight();
        t.column("Decisions").alignRight();
        t.column("Refused").alignRight();
        t.column("Completed").alignRight();
        t.column("Failed").alignRight();
        t.column("Cancelled").alignRight();
        t.column("Last cycle");
        for (PoolStatus p : pools) {
            Optional<ClusterSnapshot> s = p.snapshot();
            PoolStatus.Counters c = p.counters();
            t.addRow().addContent(p.pool(), p.kind(), p.selection().policy(), p.selection().agent(),
                    p.selection().predictor().orElse(Formats.NONE), Formats.onOff(p.selection().dryRun()),
                    s.map(x -> (Object) x.hosts().size()).orElse(Formats.NONE),
                    s.map(x -> (Object) x.vms().stream().filter(VmState::migratable).count()).orElse(Formats.NONE),
                    p.inFlight().size(), c.cycles(), c.decisions(), c.refused(), c.completed(), c.failed(),
                    c.cancelled(), Formats.time(p.lastCycle()));
        }
        return t;
    }

    /** Per pool and metric: the selected predictor, whether it is installed, its bundle and model, its failures. */
    private static ShellTable predictorTable(List<PoolStatus> pools) {
        ShellTable t = new ShellTable();
        t.column("Pool");
        t.column("Metric");
        t.column("Predictor");
        t.column("Installed");
        t.column("Bundle");
        t.column("Model");
        t.column("Failures").alignRight();
        t.column("Last failure");
        for (PoolStatus p : pools) {
            for (PredictorUse u : p.predictors()) {
                t.addRow().addContent(p.pool(), Formats.word(u.metric()), u.predictor(),
                        u.installed() ? "yes" : "no: deciding without it", Formats.orNone(u.bundle()),
                        u.model().map(m -> m.name() + " " + m.version() + " " + m.fingerprint()).orElse(
                                u.installed() ? "formula" : Formats.NONE),
                        u.failures(), u.lastFailure().orElse(Formats.NONE));
            }
        }
        return t;
    }

    private static ShellTable inFlightTable(List<PoolStatus> pools) {
        ShellTable t = new ShellTable();
        t.column("Pool");
        t.column("ID");
        t.column("VM");
        t.column("Source → Target");
        t.column("Policy");
        t.column("Bundle");
        t.column("Phase");
        t.column("Round").alignRight();
        t.column("Done").alignRight();
        t.column("Elapsed").alignRight();
        t.column("Sent").alignRight();
        t.emptyTableText("no migrations in flight");
        Names names = Names.of(pools);
        for (PoolStatus p : pools) {
            for (InFlight f : p.inFlight()) {
                MigrationProgress g = f.progress();
                t.addRow().addContent(p.pool(), f.id(), names.vm(p.pool(), f.vm()),
                        names.route(p.pool(), Optional.of(f.source()), Optional.of(f.target())), f.policy(),
                        f.bundle(), Formats.word(g.phase()), g.round() == 0 ? Formats.NONE : g.round(),
                        Formats.percent(g.fraction()), Formats.seconds(g.elapsed()), Formats.bytes(g.bytesSent()));
            }
        }
        return t;
    }

    private static ShellTable hostTable(List<PoolStatus> pools) {
        ShellTable t = new ShellTable();
        t.column("Pool");
        t.column("Host");
        t.column("Name");
        t.column("CPU").alignRight();
        t.column("Memory free").alignRight();
        t.column("Memory total").alignRight();
        t.column("Enabled");
        t.column("Maintenance");
        t.column("VMs").alignRight();
        t.emptyTableText("no snapshot yet");
        for (PoolStatus p : pools) {
            p.snapshot().ifPresent(s -> {
                for (HostState h : s.hosts()) {
                    t.addRow().addContent(p.pool(), h.id(), h.name(), Formats.percent(h.cpuUtilisation()),
                            Formats.bytes(h.memoryFreeBytes()), Formats.bytes(h.memoryTotalBytes()),
                            Formats.yesNo(h.enabled()), Formats.yesNo(h.maintenance()), s.vmsOn(h.id()).size());
                }
            });
        }
        return t;
    }

    private static ShellTable vmTable(List<PoolStatus> pools) {
        ShellTable t = new ShellTable();
        t.column("Pool");
        t.column("VM");
        t.column("Name");
        t.column("Power");
        t.column("Host");
        t.column("Memory").alignRight();
        t.column("vCPUs").alignRight();
        t.column("CPU").alignRight();
        t.column("Tags");
        t.emptyTableText("no snapshot yet");
        Names names = Names.of(pools);
        for (PoolStatus p : pools) {
            p.snapshot().ifPresent(s -> {
                for (VmState v : s.vms()) {
                    t.addRow().addContent(p.pool(), v.id(), v.name(), Formats.word(v.power()),
                            v.residentOn().map(h -> names.host(p.pool(), h)).orElse(Formats.NONE),
                            Formats.bytes(v.memoryBytes()),
                            v.vcpus(), Formats.percent(v.cpuUtilisation()),
                            v.tags().isEmpty() ? Formats.NONE : Formats.join(new TreeSet<>(v.tags())));
                }
            });
        }
        return t;
    }
}
