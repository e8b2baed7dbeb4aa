package io.ferry.xapisim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.xensource.xenapi.Event;
import com.xensource.xenapi.Host;
import com.xensource.xenapi.Session;
import com.xensource.xenapi.Task;
import com.xensource.xenapi.Types;
import com.xensource.xenapi.VM;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.xmlrpc.XmlRpcException;
import org.junit.jupiter.api.Test;

/**
 * Byte-for-byte wire format: a fixed script of SDK calls against a fixed pool (seed, epoch, manual clock), each
 * request as the real SDK sends it and each reply as the simulator answers, compared with checked-in files in
 * {@code src/test/resources/golden}. The files were captured from this script and checked by hand against
 * {@code xapi.md} (ocaml-rpc's printer: untyped strings and int64s, {@code <boolean>}, {@code %.16g} doubles,
 * {@code dateTime.iso8601}, no {@code <nil/>}; the {@code Status}/{@code Value}/{@code ErrorDescription}
 * envelope). Regenerate them after a deliberate change with {@code -Dxapisim.golden.update=true} and review the
 * diff.
 */
class WireFormatGoldenTest {

    private static final boolean UPDATE = Boolean.getBoolean("xapisim.golden.update");
    private static final Map<String, String> LIVE = Map.of("live", "true");

    private final List<String[]> exchanges = new ArrayList<>();

    @Test
    void sdkCallsWhenScriptedThenRequestsAndRepliesMatchTheGoldenFiles() throws Exception {
        ManualClock clock = new ManualClock();
        try (XapiSimulator sim = Simulators.manual(clock).hosts(2).vms(2).hostCpus(2).hostListeners(false).build()
                .start()) {
            Simulators.server(sim).tap((request, reply) -> exchanges.add(
                    new String[] {new String(request, StandardCharsets.UTF_8), reply}));
            Simulators.RawConnection c = new Simulators.RawConnection(new URL(sim.url()));

            // login and the four side calls the SDK makes after it
            Session.loginWithPassword(c, "root", "xenroot", "2.14", "ferry-golden");
            Host master = Types.toSession(c.getSessionReference()).getThisHost(c);
            master.computeFreeMemory(c);
            master.getMetrics(c).getRecord(c);
            VM halted = null;
            VM running = null;
            for (VM vm : VM.getByNameLabel(c, "vm-00")) {
                halted = vm;
            }
            for (VM vm : VM.getByNameLabel(c, "vm-01")) {
                running = vm;
            }
            if (halted.getPowerState(c) == Types.VmPowerState.RUNNING) {
                VM swap = halted;
                halted = running;
                running = swap;
            }
            halted.getRecord(c);
            VM h = halted;
            assertThatThrownBy(() -> h.poolMigrate(c, master, LIVE)).isInstanceOf(Types.VmBadPowerState.class);
            running.getMetrics(c).getRecord(c);
            running.getGuestMetrics(c).getRecord(c);
            Host source = running.getResidentOn(c);
            Host other = null;
            for (Host x : Host.getAll(c)) {
                if (!x.equals(source)) {
                    other = x;
                }
            }
            Task task = running.poolMigrateAsync(c, other, LIVE);
            clock.advance(600);
            task.getRecord(c);
            Event.from(c, Set.of("host_metrics"), "", 0.0);
            assertThatThrownBy(() -> c.call("VM.frobnicate", c.getSessionReference()))
                    .isInstanceOf(Types.MessageMethodUnknown.class);
            assertThatThrownBy(() -> c.call("VM.pool_migrate", c.getSessionReference(), "OpaqueRef:x"))
                    .isInstanceOf(Types.MessageParameterCountMismatch.class);
            assertThatThrownBy(() -> c.call("Async.VM.get_all", c.getSessionReference()))
                    .isInstanceOf(XmlRpcException.class);

            String rrd = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(sim.url()
                    + "rrd_updates?session_id=" + c.getSessionReference() + "&start=-10&host=true&cf=AVERAGE"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();

            List<String> names = new ArrayList<>();
            for (int i = 0; i < exchanges.size(); i++) {
                String method = exchanges.get(i)[0].replaceAll("(?s).*<methodName>(.*?)</methodName>.*", "$1");
                String name = String.format(Locale.ROOT, "%02d-%s", i + 1, method);
                names.add(name);
                golden(name + ".request.xml", exchanges.get(i)[0]);
                golden(name + ".response.xml", exchanges.get(i)[1]);
            }
            golden("rrd_updates.xml", rrd);
            assertThat(names).startsWith("01-session.login_with_password", "02-session.get_this_host",
                    "03-host.get_API_version_major", "04-session.get_this_host", "05-host.get_API_version_minor");
        }
    }

    private static void golden(String name, String actual) throws IOException {
        Path dir = Path.of(System.getProperty("basedir", "."), "src/test/resources/golden");
        if (UPDATE) {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(name), actual, StandardCharsets.UTF_8);
            return;
        }
        String expected;
        try (InputStream in = WireFormatGoldenTest.class.getResourceAsStream("/golden/" + name)) {
            assertThat(in).as("golden file %s (regenerate with -Dxapisim.golden.update=true)", name).isNotNull();
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(actual).as("golden file %s", name).isEqualTo(expected);
    }
}
