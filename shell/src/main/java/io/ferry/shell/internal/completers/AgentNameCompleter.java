package io.ferry.shell.internal.completers;

import io.ferry.controller.PluginKind;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Completes the names of the installed migration agents ({@code agent.name}). */
@Service
public class AgentNameCompleter extends PluginNameCompleter {

    public AgentNameCompleter() {
        super(PluginKind.AGENT);
    }
}
