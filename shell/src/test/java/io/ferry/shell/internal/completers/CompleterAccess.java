package io.ferry.shell.internal.completers;

import io.ferry.controller.FerryController;
import java.util.List;

/** The completers' candidates for tests outside this package. */
public final class CompleterAccess {

    private CompleterAccess() {
    }

    public static List<String> vmCandidates(FerryController controller) {
        VmIdCompleter c = new VmIdCompleter();
        c.controller = controller;
        return c.candidates();
    }

    public static List<String> hostCandidates(FerryController controller) {
        HostIdCompleter c = new HostIdCompleter();
        c.controller = controller;
        return c.candidates();
    }
}
