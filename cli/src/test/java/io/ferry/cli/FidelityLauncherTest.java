package io.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class FidelityLauncherTest {

    @Test
    void commandLineWhenBuiltThenFidelityIsTheLauncherNotTheTestbedsCommand() {
        CommandLine fidelity = FerryCli.commandLine().getSubcommands().get("fidelity");

        Object command = fidelity.getCommand();
        assertThat(command).isInstanceOf(FidelityLauncher.class);
    }

    @Test
    void fidelityWhenRunThenTheTestbedsCommandGetsEveryArgument() {
        CommandLine cl = FerryCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));

        int exit = cl.execute("fidelity", "--help");

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("Usage: ferry fidelity").contains("--calibrate").contains("--quick");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void fidelityWhenAnOptionIsUnknownThenOneLineFromTheTestbedsCommand() {
        CommandLine cl = FerryCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));

        int exit = cl.execute("fidelity", "--no-such-option");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).startsWith("Unknown option: '--no-such-option'").endsWith("(see: ferry fidelity --help)"
                + System.lineSeparator());
    }
}
