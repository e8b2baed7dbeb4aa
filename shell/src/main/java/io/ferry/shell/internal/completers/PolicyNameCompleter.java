package io.ferry.shell.internal.completers;

import io.ferry.controller.PluginKind;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Completes the names of the installed migration policies ({@code policy.name}). */
@Service
public class PolicyNameCompleter extends PluginNameCompleter {

    public PolicyNameCompleter() {
        super(PluginKind.POLICY);
    }
}
