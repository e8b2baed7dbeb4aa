package io.ferry.shell.internal;

import io.ferry.controller.PluginInfo;
import io.ferry.controller.PluginKind;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.apache.karaf.shell.support.table.ShellTable;

/**
 * {@code migration:policies}: what can be selected — every installed policy, agent and predictor with the bundle
 * and version that registered it, the capabilities a policy needs and uses, and the pools where it is active.
 * Decides nothing. Cost: one {@code plugins()} call.
 */
@Command(scope = "migration", name = "policies",
        description = "Lists the installed migration policies, agents and predictors: bundle, version, required and "
                + "optional capabilities, and the pools where each is active.")
@Service
public class PoliciesCommand extends MigrationCommandSupport {

    @Option(name = "--kind", description = "Only this kind: policy, agent or predictor")
    @Completion(value = StringsCompleter.class, values = {"policy", "agent", "predictor"})
    String kind;

    @Option(name = "--no-format", description = "Disable table rendered output (tab-separated, no borders)")
    boolean noFormat;

    @Override
    protected void doExecute() {
        Optional<PluginKind> only = kind(kind);
        List<PluginInfo> plugins = controller.plugins().stream()
                .filter(p -> only.isEmpty() || p.kind() == only.get()).toList();
        ShellTable table = new ShellTable();
        table.column("Kind");
        table.column("Name");
        table.column("Bundle");
        table.column("Version");
        table.column("Required");
        table.column("Optional");
        table.column("Detail");
        table.column("Active in");
        table.emptyTableText("no " + only.map(k -> k.word() + "s").orElse("strategies") + " installed");
        for (PluginInfo p : plugins) {
            table.addRow().addContent(p.kind().word(), p.name(), p.bundle(), p.version(),
                    Formats.capabilities(p.required()), Formats.capabilities(p.optional()),
                    Formats.orNone(p.detail()), p.activeIn().isEmpty() ? Formats.NONE : Formats.join(p.activeIn()));
        }
        table.print(System.out, !noFormat);
    }

    /** @return the kind an operator typed, empty when none */
    static Optional<PluginKind> kind(String word) {
        if (word == null) {
            return Optional.empty();
        }
        return Optional.of(Arrays.stream(PluginKind.values())
                .filter(k -> k.word().equals(word.toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "--kind = " + word + ": must be one of policy, agent, predictor")));
    }
}
