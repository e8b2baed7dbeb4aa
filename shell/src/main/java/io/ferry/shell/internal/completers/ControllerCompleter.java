package io.ferry.shell.internal.completers;

import io.ferry.controller.FerryController;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/**
 * A completer whose candidates come from the {@link FerryController}, asked afresh at every TAB so that
 * strategies installed or pools attached a moment ago complete at once. Subclasses say which names;
 * {@link StringsCompleter} matches them against what was typed. Cost: one controller query per TAB.
 */
abstract class ControllerCompleter implements Completer {

    /** Injected by Karaf (set directly by tests). */
    @Reference
    FerryController controller;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(candidates()).complete(session, commandLine, candidates);
    }

    /** @return the names to offer, in any order */
    abstract List<String> candidates();
}
