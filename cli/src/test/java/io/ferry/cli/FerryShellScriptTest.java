package io.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The logic of {@code ./ferry shell} (the repository's root script): how it decides that Ferry is not running, how
 * it hands the command to Karaf's client (batch mode, the command on the client's standard input, Gogo quoting),
 * and how it turns the client's output and status into its own. The client here is a script standing in for
 * {@code bin/client} in a distribution directory given by {@code FERRY_KARAF}; it prints what Karaf 4.4's client
 * prints in each case (its output was captured from the real distribution). The real client against a running
 * Ferry is exercised by hand (see the README).
 */
class FerryShellScriptTest {

    private static final Path SCRIPT = Path.of("").toAbsolutePath().getParent().resolve("ferry");

    @TempDir
    Path dist;

    private record Result(int exit, String out, String err) {
    }

    @BeforeEach
    void fakeDistribution() throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")) && Files.isRegularFile(SCRIPT), "needs bash and ./ferry");
        Path bin = Files.createDirectories(dist.resolve("bin"));
        Path client = bin.resolve("client");
        Files.writeString(client, """
                #!/bin/bash
                printf '%s\\n' "$@" > "$(dirname "$0")/../args"
                cat > "$(dirname "$0")/../stdin"
                case "$(cat "$(dirname "$0")/../mode")" in
                  ok) printf 'retrying (attempt 1) ...\\n\\033[1mPool\\033[0m | sim\\n'; exit 0 ;;
                  refused) printf '\\033[31mError executing command: \\033[0m\\033[31;1m-n = 0: must be >= 1\\033[0m\\n'; exit 1 ;;
                  badoption) printf 'Error executing command migration:history: undefined option --pool\\nTry <command> --help'"'"' for more information.\\n'; exit 1 ;;
                  unknown) printf '\\033[31mCommand not found: \\033[0m\\033[31;1mmigration:nosuch\\033[0m\\n'; exit 1 ;;
                  login) echo 'Failed to get the session.' >&2; echo 'No more authentication methods available' >&2; exit 1 ;;
                  down) exit 1 ;;
                esac
                """);
        Files.setPosixFilePermissions(client, PosixFilePermissions.fromString("rwxr-xr-x"));
        mode("ok");
        Files.writeString(dist.resolve("karaf.pid"), Long.toString(ProcessHandle.current().pid()));
    }

    private void mode(String mode) throws IOException {
        Files.writeString(dist.resolve("mode"), mode);
    }

    private Result ferry(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("/bin/bash", SCRIPT.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File(
                "/dev/null")));
        pb.environment().put("FERRY_KARAF", dist.toString());
        pb.environment().put("FERRY_SKIP_BUILD", "1");
        Path out = dist.resolve("stdout.txt");
        Path err = dist.resolve("stderr.txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("./ferry finished").isTrue();
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void shellWhenTheCommandSucceedsThenItsOutputWithoutColoursAndStatusZero() throws Exception {
        Result r = ferry("shell", "migration:status");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("Pool | sim\n");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void shellThenTheCommandGoesToTheClientInBatchModeOnItsStandardInputQuotedForGogo() throws Exception {
        ferry("shell", "migration:use", "--pool", "my pool", "--policy", "say \"hi\" $HOME");

        assertThat(Files.readAllLines(dist.resolve("args"))).contains("-b").contains("-u", "karaf", "-p", "karaf");
        assertThat(Files.readString(dist.resolve("stdin")))
                .isEqualTo("migration:use --pool \"my pool\" --policy \"say \\\"hi\\\" \\$HOME\"\n");
    }

    @Test
    void shellWhenTheCommandIsRefusedThenItsOneLineOnStderrAndStatusOne() throws Exception {
        mode("refused");

        Result r = ferry("shell", "migration:history", "-n", "0");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("ferry shell: migration:history: -n = 0: must be >= 1\n");
    }

    @Test
    void shellWhenAnOptionIsUndefinedThenTheShellsWordsOnStderrAndStatusOneNotUnreachable() throws Exception {
        mode("badoption");

        Result r = ferry("shell", "migration:history", "--pool", "sim");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("ferry shell: migration:history: undefined option --pool\n"
                + "ferry shell: ./ferry shell migration:history --help lists its options\n");
    }

    @Test
    void shellWhenTheCommandIsUnknownThenOneLineAndStatusOne() throws Exception {
        mode("unknown");

        Result r = ferry("shell", "migration:nosuch");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("ferry shell: unknown command migration:nosuch").hasLineCount(1);
    }

    @Test
    void shellWhenTheLoginIsRefusedThenOneLineNamingTheSettings() throws Exception {
        mode("login");

        Result r = ferry("shell", "migration:status");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("ferry shell: the shell refused the login (FERRY_SHELL_USER, "
                + "FERRY_SHELL_PASSWORD)\n");
    }

    @Test
    void shellWhenTheProcessRunsButTheShellCannotBeReachedThenOneLineAndStatusOne() throws Exception {
        mode("down");

        Result r = ferry("shell", "migration:status");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("ferry shell: cannot reach Ferry's shell").hasLineCount(1);
    }

    @Test
    void shellWhenNoKarafProcessThenOneLineAndStatusThreeWithoutCallingTheClient() throws Exception {
        Process gone = new ProcessBuilder("/bin/true").start();
        gone.waitFor();
        Files.writeString(dist.resolve("karaf.pid"), Long.toString(gone.pid()));

        Result r = ferry("shell", "migration:status");

        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.err()).startsWith("ferry shell: Ferry is not running").contains("./ferry run --background")
                .hasLineCount(1);
        assertThat(dist.resolve("stdin")).doesNotExist();
    }

    @Test
    void shellWhenNeverStartedThenNotRunning() throws Exception {
        Files.delete(dist.resolve("karaf.pid"));

        assertThat(ferry("shell", "migration:status").exit()).isEqualTo(3);
    }

    @Test
    void shellWhenNoCommandThenUsageErrorTwo() throws Exception {
        Result r = ferry("shell");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("ferry shell: missing command");
    }

    @Test
    void helpListsTheShellCommand() throws Exception {
        assertThat(ferry("help").out()).containsPattern("(?m)^  shell  +run one Karaf shell command");
    }

    @Test
    void helpListsTheDatacenterCommand() throws Exception {
        assertThat(ferry("help").out()).containsPattern("(?m)^  datacenter run consolidation agents side by side");
    }
}
