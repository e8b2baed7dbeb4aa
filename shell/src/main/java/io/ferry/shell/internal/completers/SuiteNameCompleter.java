package io.ferry.shell.internal.completers;

import io.ferry.compare.ScenarioSuites;
import java.util.List;
import java.util.Set;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes the names of the comparison's scenario suites ({@link ScenarioSuites#names()}). Cost: O(suites). */
@Service
public class SuiteNameCompleter implements Completer {

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(candidates()).complete(session, commandLine, candidates);
    }

    Set<String> candidates() {
        return ScenarioSuites.names();
    }
}
