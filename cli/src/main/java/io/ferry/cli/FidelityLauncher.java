package io.ferry.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code ferry fidelity} as the command line lists it: a stand-in that names the command in {@code ferry --help}
 * without loading the QEMU testbed, which only this command needs (the testbed is a runtime dependency of the
 * command line, and no other command touches its classes). When run, it loads the testbed's
 * {@code FidelityCommand} by name and hands it every argument; when the testbed's jar is not on the class path it
 * says so in one line (exit status 2). Cost: one class load, on first use only.
 */
@Command(name = "fidelity", description = "Real QEMU migrations against the engine: real vs simulated figures "
        + "and the policies' medians (needs the QEMU testbed; ferry fidelity --help shows its options).")
final class FidelityLauncher implements Callable<Integer> {

    /** The testbed's command, loaded by name so that the command line does not depend on the testbed. */
    static final String COMMAND_CLASS = "io.ferry.qemu.testbed.FidelityCommand";

    @Spec
    CommandSpec spec;

    @Unmatched
    List<String> arguments = new ArrayList<>();

    @Override
    public Integer call() {
        CommandLine self = spec.commandLine();
        Object command = load(self);
        if (command == null) {
            return CompareCommand.USAGE;
        }
        CommandLine root = FerryCli.withFidelity(command);
        root.setOut(self.getOut());
        root.setErr(self.getErr());
        List<String> args = new ArrayList<>(List.of("fidelity"));
        args.addAll(arguments);
        return root.execute(args.toArray(String[]::new));
    }

    /**
     * @return a new instance of the testbed's fidelity command, or null after printing one line on {@code cl}'s
     *         stderr when the testbed is not on the class path
     */
    static Object load(CommandLine cl) {
        try {
            return Class.forName(COMMAND_CLASS).getConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            cl.getErr().println("ferry fidelity: the QEMU testbed is not on the class path (" + COMMAND_CLASS
                    + ": " + e + "); build it with: mvn -B install -DskipTests -pl cli -am");
            cl.getErr().flush();
            return null;
        }
    }
}
