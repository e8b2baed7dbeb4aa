package io.ferry.xapisim.internal;

import io.ferry.xapisim.XapiSimulator;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The command line behind {@link io.ferry.xapisim.XapiSimulatorMain} (kept here so that the exported package
 * does not use picocli). The standalone simulator: {@code ./ferry xapi-sim --port PORT --hosts N --vms M
 * [--user U --password P] [--faults FILE]}. Prints exactly {@code listening on http://127.0.0.1:PORT} on standard output once it
 * accepts calls, then runs until it is killed; SIGTERM (or Ctrl-C) closes it cleanly. Everything else goes to
 * standard error. Exit status: 2 for a bad option or setting, 1 when the port cannot be bound.
 */
@Command(name = "xapi-sim", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Start a simulated XenServer (XAPI) pool: an XML-RPC server on loopback that speaks xapi's "
                + "wire format, so the unmodified XenAPI SDK works against it.",
                "Host N also answers on 127.0.0.(N+1) where the system allows it (Linux does)."},
        versionProvider = XapiSimCommand.Version.class)
public final class XapiSimCommand implements Callable<Integer> {

    @Option(names = "--port", paramLabel = "PORT", description = "TCP port on 127.0.0.1; 0 picks a free one "
            + "(default: ${DEFAULT-VALUE}).")
    int port = 0;

    @Option(names = "--hosts", paramLabel = "N", description = "Hosts in the pool (default: ${DEFAULT-VALUE}).")
    int hosts = XapiSimulator.DEFAULT_HOSTS;

    @Option(names = "--vms", paramLabel = "M", description = "Guest VMs, not counting control domains and "
            + "templates (default: ${DEFAULT-VALUE}).")
    int vms = XapiSimulator.DEFAULT_VMS;

    @Option(names = "--halted", paramLabel = "K", description = "How many guests are halted "
            + "(default: ${DEFAULT-VALUE}).")
    int halted = XapiSimulator.DEFAULT_HALTED_VMS;

    @Option(names = "--user", paramLabel = "U", description = "User name logins accept (default: ${DEFAULT-VALUE}).")
    String user = XapiSimulator.DEFAULT_USER;

    @Option(names = "--password", paramLabel = "P", description = "Password logins accept "
            + "(default: ${DEFAULT-VALUE}).")
    String password = XapiSimulator.DEFAULT_PASSWORD;

    @Option(names = "--faults", paramLabel = "FILE", description = "Fault file (Java properties) to inject "
            + "migration failures, host outages, slow replies, session expiry, connection resets.")
    Path faults;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of layout, workloads and faults "
            + "(default: ${DEFAULT-VALUE}).")
    long seed = XapiSimulator.DEFAULT_SEED;

    @Option(names = "--time-scale", paramLabel = "X", description = "Simulated seconds per wall-clock second "
            + "(default: ${DEFAULT-VALUE}).")
    double timeScale = XapiSimulator.DEFAULT_TIME_SCALE;

    @Option(names = "--trace-dir", paramLabel = "DIR", description = "PlanetLab CPU traces, one file per VM "
            + "(default: synthetic workload).")
    Path traceDir;

    private final PrintStream out;
    private final PrintStream err;
    private final CountDownLatch stop;

    /** For {@link #main}: prints to the process's streams and runs until the JVM shuts down. */
    public XapiSimCommand() {
        this(System.out, System.err, new CountDownLatch(1));
    }

    XapiSimCommand(PrintStream out, PrintStream err, CountDownLatch stop) {
        this.out = out;
        this.err = err;
        this.stop = stop;
    }

    /** @return the exit status of a run with {@code args} */
    public static int run(String[] args) {
        return new CommandLine(new XapiSimCommand()).execute(args);
    }

    /** @return a simulator built from the options, not started */
    XapiSimulator simulator() {
        return XapiSimulator.builder().port(port).hosts(hosts).vms(vms).haltedVms(halted).user(user)
                .password(password).faults(faults).seed(seed).timeScale(timeScale).traceDir(traceDir).build();
    }

    @Override
    public Integer call() {
        XapiSimulator sim;
        try {
            sim = simulator().start();
        } catch (IllegalArgumentException e) {
            err.println("xapi-sim: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("xapi-sim: cannot listen on 127.0.0.1:" + port + ": " + e.getMessage());
            return 1;
        }
        Thread hook = new Thread(() -> {
            sim.close();
            stop.countDown();
        }, "xapi-sim-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        err.println("xapi-sim: pool of " + hosts + " hosts, " + vms + " VMs (" + halted + " halted); user " + user
                + "; host addresses " + String.join(", ", sim.hostAddresses()));
        out.println("listening on http://127.0.0.1:" + sim.port());
        out.flush();
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it closes the simulator
        }
        sim.close();
        return 0;
    }

    /** The version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = XapiSimCommand.class.getPackage().getImplementationVersion();
            return new String[] {"xapi-sim " + (v == null ? "(development build)" : v)};
        }
    }
}
