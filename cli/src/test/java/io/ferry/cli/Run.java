package io.ferry.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * One in-process run of the ferry command line, for the cli's tests: its exit status and what it printed on
 * standard output and standard error. Cost: that of the command run.
 *
 * @param exit the exit status
 * @param out  what the command printed on standard output
 * @param err  what it printed on standard error
 */
record Run(int exit, String out, String err) {

    /** Runs {@code args} through {@link FerryCli#commandLine()}, as the {@code ferry} launcher does. */
    static Run ferry(String... args) {
        return of(FerryCli.commandLine(), args);
    }

    /** Runs {@code args} through {@code cl} (a command line a test assembled), capturing both streams. */
    static Run of(CommandLine cl, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }
}
