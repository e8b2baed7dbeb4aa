package io.ferry.xapisim.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.xapisim.XapiSimulator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line's options, defaults and exit statuses. */
class XapiSimCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(CountDownLatch stop, String... args) {
        XapiSimCommand command = new XapiSimCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), stop);
        return new CommandLine(command).setErr(new java.io.PrintWriter(err, true)).execute(args);
    }

    @Test
    void runWhenOptionsAreValidThenItPrintsExactlyTheListeningLineAndStopsWhenTold() {
        CountDownLatch stop = new CountDownLatch(1);
        stop.countDown(); // stop at once, as SIGTERM would

        int status = run(stop, "--port", "0", "--hosts", "2", "--vms", "3", "--seed", "7", "--time-scale", "10");

        assertThat(status).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).matches("listening on http://127\\.0\\.0\\.1:\\d+\\R");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("pool of 2 hosts, 3 VMs (1 halted); user root");
    }

    @Test
    void runWhenASettingIsOutOfRangeThenStatusTwoAndTheMessageNamesIt() {
        int status = run(new CountDownLatch(1), "--hosts", "1");

        assertThat(status).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("hosts = 1: must be in [2, 1000]");
    }

    @Test
    void runWhenAnOptionIsUnknownThenUsageErrorStatusTwo() {
        assertThat(run(new CountDownLatch(1), "--frobnicate")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Unknown option: '--frobnicate'");
    }

    @Test
    void optionsWhenOmittedThenTheDocumentedDefaults() {
        XapiSimCommand command = new XapiSimCommand();
        new CommandLine(command).parseArgs();
        assertThat(command.hosts).isEqualTo(XapiSimulator.DEFAULT_HOSTS).isEqualTo(4);
        assertThat(command.vms).isEqualTo(12);
        assertThat(command.halted).isEqualTo(1);
        assertThat(command.user).isEqualTo("root");
        assertThat(command.password).isEqualTo("xenroot");
        assertThat(command.port).isZero();
        assertThat(command.timeScale).isEqualTo(1.0);
    }
}
