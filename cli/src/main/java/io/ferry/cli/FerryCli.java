package io.ferry.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code ferry} command line, run outside OSGi by the {@code ./ferry} launcher at the repository root.
 * Subcommands: {@code compare}, {@code datacenter}, {@code train} ({@link TrainCommand}), and {@code fidelity} (the QEMU testbed's
 * {@code FidelityCommand}, loaded by name only when that command runs: see {@link FidelityLauncher}). Decides nothing
 * itself: it routes to the subcommand and maps failures to exit statuses (0 done, 2 usage error with one line on
 * stderr, 1 unexpected failure with its stack trace).
 */
@Command(name = "ferry", mixinStandardHelpOptions = true, versionProvider = FerryCli.Version.class,
        subcommands = {CompareCommand.class, DatacenterCommand.class, FidelityLauncher.class, ForecastCommand.class,
                TrainCommand.class},
        description = "Ferry: pluggable VM live-migration policies. Commands that need no OSGi container.")
public final class FerryCli implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** Prints usage and fails: a subcommand is required. */
    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        err.println("missing command: known commands are " + String.join(", ", spec.subcommands().keySet()));
        spec.commandLine().usage(err);
        return CompareCommand.USAGE;
    }

    /**
     * @return the command line with this program's error handling: a parse error is one line on stderr and
     *         status 2
     */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new FerryCli());
        cl.setParameterExceptionHandler(FerryCli::oneLine);
        return cl;
    }

    /**
     * @param fidelity the testbed's fidelity command
     * @return the command line with that command in place of {@link FidelityLauncher}
     */
    static CommandLine withFidelity(Object fidelity) {
        CommandLine cl = new CommandLine(new FerryCli());
        cl.getCommandSpec().removeSubcommand("fidelity");
        cl.addSubcommand("fidelity", fidelity);
        cl.setParameterExceptionHandler(FerryCli::oneLine);
        return cl;
    }

    private static int oneLine(ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        String hint = "";
        if (e instanceof UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
            hint = "; did you mean " + String.join(" or ", u.getSuggestions()) + "?";
        }
        cl.getErr().println(e.getMessage() + hint + " (see: ferry " + (cl.getParent() == null ? ""
                : cl.getCommandName() + " ") + "--help)");
        cl.getErr().flush();
        return CompareCommand.USAGE;
    }

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The version from the jar's manifest. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = FerryCli.class.getPackage().getImplementationVersion();
            return new String[] {"ferry " + (v == null ? "(development build)" : v)};
        }
    }
}
