package io.ferry.xapisim;

import static org.assertj.core.api.Assertions.assertThat;

import com.xensource.xenapi.Connection;
import com.xensource.xenapi.Host;
import com.xensource.xenapi.Session;
import com.xensource.xenapi.VM;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The standalone simulator as {@code ./ferry xapi-sim} runs it: a separate JVM, stopped with SIGTERM. */
class XapiSimulatorMainTest {

    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");

    @Test
    void mainWhenStartedThenItPrintsTheUrlAnswersTheSdkAndStopsOnSigterm() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                XapiSimulatorMain.class.getName(), "--port", "0", "--hosts", "3", "--vms", "5", "--user", "admin",
                "--password", "s3cret")).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertThat(line).matches(LISTENING);
            Matcher m = LISTENING.matcher(line);
            assertThat(m.matches()).isTrue();
            int port = Integer.parseInt(m.group(1));

            Connection c = new Connection(new URL("http://127.0.0.1:" + port + "/"));
            Session.loginWithPassword(c, "admin", "s3cret");
            assertThat(Host.getAll(c)).hasSize(3);
            assertThat(VM.getAllRecords(c).values().stream().filter(r -> !r.isControlDomain && !r.isATemplate))
                    .hasSize(5);

            p.destroy(); // SIGTERM
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(portOpen(port)).isFalse();
        } finally {
            p.destroyForcibly();
        }
    }

    private static boolean portOpen(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return s.isConnected();
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
