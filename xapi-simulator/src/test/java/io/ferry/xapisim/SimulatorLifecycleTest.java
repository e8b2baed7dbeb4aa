package io.ferry.xapisim;

import static org.assertj.core.api.Assertions.assertThat;

import com.xensource.xenapi.Connection;
import com.xensource.xenapi.Host;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Starting and stopping the simulator: the sizes it documents, and the sockets it leaves behind (none). */
class SimulatorLifecycleTest {

    @Test
    void closeWhenStoppedThenNoListeningSocketOfThisProcessRemains() throws Exception {
        Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/net/tcp")), "needs Linux's /proc/net/tcp");
        Set<String> before = listeningSockets();
        try (XapiSimulator sim = Simulators.manual(new ManualClock()).hosts(3).vms(3).build().start()) {
            Connection c = Simulators.login(sim);
            assertThat(Host.getAll(c)).hasSize(3);
            assertThat(listeningSockets()).isNotEqualTo(before);
        }
        Set<String> after = listeningSockets();
        after.removeAll(before);
        assertThat(after).as("sockets of this JVM still listening after close (address:port)").isEmpty();
    }

    @Test
    void startWhenThousandHostsAndTenThousandVmsThenTheSdkSeesThemAll() throws Exception {
        // the documented limits; start-up used to scan every VM for every VM and host (hours at this size)
        try (XapiSimulator sim = Simulators.manual(new ManualClock()).hosts(1000).vms(10_000).hostListeners(false)
                .build().start()) {
            Connection c = Simulators.login(sim);
            assertThat(Host.getAll(c)).hasSize(1000);
            assertThat(Host.getAll(c).iterator().next().getResidentVMs(c)).isNotEmpty();
        }
    }

    /** @return the listening TCP sockets (IPv4 and IPv6) whose file descriptors this JVM holds, as address:port */
    private static Set<String> listeningSockets() throws IOException {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        }
        Set<String> out = new HashSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path p = Path.of(table);
            if (!Files.isReadable(p)) {
                continue;
            }
            List<String> lines = Files.readAllLines(p);
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 9 && f[3].equals("0A") && inodes.contains(f[9])) { // 0A = LISTEN
                    out.add(f[1]);
                }
            }
        }
        return out;
    }
}
