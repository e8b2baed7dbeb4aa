package io.ferry.shell.internal;

import io.ferry.api.model.MigrationCost;
import io.ferry.api.model.MigrationMetrics;
import io.ferry.api.model.PoolId;
import io.ferry.controller.AuditRecord;
import io.ferry.controller.ForecastRecord;
import io.ferry.shell.internal.completers.PoolNameCompleter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.apache.karaf.shell.support.table.ShellTable;

/**
 * {@code migration:history}: the audit log, oldest first — decisions (with the forecasts that informed them:
 * predictor, model, subject, metric, horizon, value), refusals, outcomes, selection changes, errors and forecasts
 * beside what was measured when their round came ({@code --type forecast}), each with the agent, the policy and the policy's bundle and version that made it. For outcomes the
 * policy's prediction stands beside what the hypervisor measured (totals in seconds, downtimes in milliseconds),
 * which is how an operator sees whether a policy's predictions can be trusted on this pool. VMs and hosts are shown
 * by id with their current name label beside it ({@link Names}). Decides nothing.
 *
 * <p>Cost: one {@code history} call for the last {@code -n} records and one {@code pools()} call for the names; with {@code --type} the last
 * {@value #TYPE_SCAN} records are read and filtered, so rare types further back are not found.
 */
@Command(scope = "migration", name = "history",
        description = "Shows the audit log, oldest first: decisions, refusals, outcomes (predicted beside actual "
                + "total time and downtime), selection changes and errors, with the strategy bundle and version. "
                + "Without a pool, every pool.")
@Service
public class HistoryCommand extends MigrationCommandSupport {

    /** Shown for a figure the hypervisor did not measure. */
    static final String NOT_MEASURED = "not measured";
    /** The default number of records shown. */
    static final int DEFAULT_LIMIT = 20;
    /** How many recent records {@code --type} searches. */
    static final int TYPE_SCAN = 10_000;

    @Argument(index = 0, name = "pool", description = "The pool (default: every pool)")
    @Completion(PoolNameCompleter.class)
    String pool;

    @Option(name = "-n", aliases = "--limit", description = "How many of the most recent records to show (default 20)")
    int limit = DEFAULT_LIMIT;

    @Option(name = "--type", description = "Only records of this type: decision, refused, outcome, selection, error "
            + "or forecast (a forecast beside what was measured when its round came)")
    @Completion(value = StringsCompleter.class, values = {"decision", "refused", "outcome", "selection", "error",
            "forecast"})
    String type;

    @Option(name = "--no-format", description = "Disable table rendered output (tab-separated, no borders)")
    boolean noFormat;

    @Override
    protected void doExecute() {
        if (limit < 1) {
            throw new IllegalArgumentException("-n = " + limit + ": must be >= 1");
        }
        Optional<AuditRecord.Type> only = type(type);
        Optional<PoolId> id = optionalPool(pool);
        List<AuditRecord> records = controller.history(id, only.isPresent() ? TYPE_SCAN : limit).stream()
                .filter(r -> only.isEmpty() || r.type() == only.get()).toList();
        if (records.size() > limit) {
            records = records.subList(records.size() - limit, records.size());
        }
        ShellTable t = new ShellTable();
        t.column("Time");
        t.column("Type");
        t.column("Pool");
        t.column("VM");
        t.column("Source → Target");
        t.column("Agent");
        t.column("Policy");
        t.column("Bundle");
        t.column("Predicted total").alignRight();
        t.column("Actual total").alignRight();
        t.column("Predicted downtime").alignRight();
        t.column("Actual downtime").alignRight();
        t.column("Status");
        t.column("Detail");
        t.emptyTableText("no audit records");
        Names names = Names.of(controller.pools());
        for (AuditRecord r : records) {
            Optional<MigrationCost> predicted = r.predicted();
            Optional<MigrationMetrics> actual = r.actual();
            t.addRow().addContent(Formats.time(r.time()), Formats.word(r.type()), r.pool(),
                    r.vm().map(v -> names.vm(r.pool(), v)).orElse(Formats.NONE),
                    names.route(r.pool(), r.source(), r.target()),
                    Formats.orNone(r.agent()), Formats.orNone(r.policy()), Formats.orNone(r.bundle()),
                    predicted.map(c -> Formats.seconds(c.totalTime())).orElse(Formats.NONE),
                    actual.map(m -> Formats.seconds(m.totalTime())).orElse(Formats.NONE),
                    predicted.map(c -> Formats.millis(c.downtime())).orElse(Formats.NONE),
                    actual.map(HistoryCommand::actualDowntime).orElse(Formats.NONE),
                    status(r), detail(r));
        }
        t.print(System.out, !noFormat);
    }

    /** The measured downtime, or "not measured" where the hypervisor does not measure it (XAPI). */
    static String actualDowntime(MigrationMetrics m) {
        if (!m.reports(MigrationMetrics.Figure.DOWNTIME)) {
            return NOT_MEASURED;
        }
        return Formats.millis(m.downtime()) + (m.slaViolated() ? " (SLA)" : "");
    }

    /** @return the record's detail, and for a decision the forecasts that informed it */
    static String detail(AuditRecord r) {
        if (r.type() == AuditRecord.Type.FORECAST || r.forecasts().isEmpty()) {
            return Formats.orNone(r.detail());
        }
        StringBuilder b = new StringBuilder(Formats.orNone(r.detail())).append("; forecasts:");
        for (ForecastRecord f : r.forecasts()) {
            b.append(' ').append(forecast(f));
        }
        return b.toString();
    }

    /** @return e.g. {@code lstm[lstm-cpu 1.0.0 sha256:ab] h1 cpu-utilisation +1 = 0.91} */
    static String forecast(ForecastRecord f) {
        return f.predictor() + f.model().map(m -> "[" + m.name() + " " + m.version() + " " + m.fingerprint() + "]")
                .orElse("") + " " + f.subject() + " " + Formats.word(f.metric()) + " +" + f.horizon() + " = "
                + String.format(Locale.ROOT, "%.4g", f.value());
    }

    static String status(AuditRecord r) {
        // a migration the engine finished after the policy's steering failed is no plain completion
        String status = r.status().map(Formats::word).orElse(Formats.NONE) + (r.fallback() ? " (fallback)" : "");
        return r.dryRun() ? (r.status().isPresent() ? status + " (dry-run)" : "dry-run") : status;
    }

    static Optional<AuditRecord.Type> type(String word) {
        if (word == null) {
            return Optional.empty();
        }
        return Optional.of(Arrays.stream(AuditRecord.Type.values())
                .filter(t -> Formats.word(t).equals(word.toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("--type = " + word
                        + ": must be one of decision, refused, outcome, selection, error, forecast")));
    }
}
