package io.ferry.xapisim;

import io.ferry.xapisim.internal.XapiSimCommand;

/**
 * The standalone simulator: {@code ./ferry xapi-sim [--port PORT] [--hosts N] [--vms M] [--halted K]
 * [--user U] [--password P] [--faults FILE] [--seed S] [--time-scale X] [--trace-dir DIR]}. Prints exactly
 * {@code listening on http://127.0.0.1:PORT} on standard output once it accepts calls, then runs until it is
 * killed; SIGTERM (or Ctrl-C) closes it cleanly. Everything else goes to standard error. Exit status: 2 for a bad
 * option or setting, 1 when the port cannot be bound. Defaults: 4 hosts, 12 VMs (1 halted), user {@code root},
 * password {@code xenroot}, seed 42, time scale 1, a free port.
 *
 * <p>Needs picocli on the class path (the runnable layout has it in {@code target/lib}).
 */
public final class XapiSimulatorMain {

    private XapiSimulatorMain() {
    }

    public static void main(String[] args) {
        System.exit(XapiSimCommand.run(args));
    }
}
