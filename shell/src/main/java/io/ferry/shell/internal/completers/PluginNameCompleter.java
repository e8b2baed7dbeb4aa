package io.ferry.shell.internal.completers;

import io.ferry.controller.PluginInfo;
import io.ferry.controller.PluginKind;
import java.util.List;

/**
 * Completes the names of the installed strategies of one kind, from {@code plugins()}. Cost: one
 * {@code plugins()} call per TAB.
 */
abstract class PluginNameCompleter extends ControllerCompleter {

    private final PluginKind kind;

    PluginNameCompleter(PluginKind kind) {
        this.kind = kind;
    }

    @Override
    List<String> candidates() {
        return controller.plugins().stream().filter(p -> p.kind() == kind).map(PluginInfo::name).toList();
    }
}
