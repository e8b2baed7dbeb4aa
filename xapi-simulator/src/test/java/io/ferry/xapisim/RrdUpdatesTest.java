package io.ferry.xapisim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.xensource.xenapi.Connection;
import com.xensource.xenapi.Host;
import com.xensource.xenapi.Task;
import com.xensource.xenapi.Types;
import com.xensource.xenapi.VM;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** {@code /rrd_updates} read as an adapter would: plain HTTP, parsed with the JDK's XML parser. */
class RrdUpdatesTest {

    private static final Path PLANETLAB = Path.of("/work/shared/data/planetlab/20110303");

    private final ManualClock clock = new ManualClock();
    private final HttpClient http = HttpClient.newHttpClient();
    private XapiSimulator sim;
    private Connection c;

    @BeforeEach
    void start() throws Exception {
        sim = Simulators.manual(clock).build().start();
        c = Simulators.login(sim);
        clock.advance(600);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void rrdUpdatesWhenHostTrueThenXportOfTheHostAndItsResidentVmsNewestFirst() throws Exception {
        Host master = Host.getAll(c).stream().filter(h -> address(h).equals("127.0.0.1")).findFirst().orElseThrow();
        long now = Simulators.EPOCH.getEpochSecond() + 600;

        HttpResponse<String> r = get("/rrd_updates?session_id=" + c.getSessionReference() + "&start=" + (now - 60)
                + "&host=true&cf=AVERAGE", master);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xport><meta><start>");
        Xport x = Xport.parse(r.body());
        long last = now - Math.floorMod(now, 5);
        assertThat(x.step).isEqualTo(5);
        assertThat(x.end).isEqualTo(last);
        assertThat(x.start).isEqualTo((now - 60) / 5 * 5 + 5);
        assertThat(x.rows).hasSize((int) ((last - (now - 60)) / 5) + 1)
                .allSatisfy(row -> assertThat(row.values).hasSize(x.legend.size()));
        assertThat(x.rows.get(0).t).isEqualTo(last);
        for (int i = 1; i < x.rows.size(); i++) {
            assertThat(x.rows.get(i).t).isEqualTo(x.rows.get(i - 1).t - 5);
        }
        assertThat(x.legend).allMatch(l -> l.matches("AVERAGE:(host|vm):[0-9a-f-]{36}:\\w+"));
        String host = "AVERAGE:host:" + master.getUuid(c) + ":";
        assertThat(x.legend).contains(host + "cpu0", host + "cpu15", host + "cpu_avg", host + "memory_total_kib",
                host + "memory_free_kib");
        Set<String> vmUuids = x.legend.stream().filter(l -> l.contains(":vm:")).map(l -> l.split(":")[2])
                .collect(Collectors.toSet());
        Set<String> resident = new HashSet<>();
        for (VM vm : master.getResidentVMs(c)) {
            resident.add(vm.getUuid(c));
        }
        assertThat(vmUuids).isEqualTo(resident);
        String some = vmUuids.iterator().next();
        assertThat(x.legend).contains("AVERAGE:vm:" + some + ":cpu0", "AVERAGE:vm:" + some + ":memory",
                "AVERAGE:vm:" + some + ":memory_internal_free", "AVERAGE:vm:" + some + ":vbd_xvda_read",
                "AVERAGE:vm:" + some + ":vbd_xvda_write", "AVERAGE:vm:" + some + ":vif_0_rx",
                "AVERAGE:vm:" + some + ":vif_0_tx");
        assertThat(x.legend).noneMatch(l -> l.contains("dirty"));
        for (int col = 0; col < x.legend.size(); col++) {
            String name = x.legend.get(col);
            for (Xport.Row row : x.rows) {
                double v = row.values.get(col);
                if (name.matches(".*:cpu(\\d+|_avg)")) {
                    assertThat(v).as(name).isBetween(0.0, 1.0);
                } else {
                    assertThat(v).as(name).isGreaterThanOrEqualTo(0.0);
                }
            }
        }
    }

    @Test
    void rrdUpdatesWhenAskedAtEachHostsAddressThenEachHostServesItsOwnVms() throws Exception {
        assumeTrue(sim.hostAddresses().stream().distinct().count() > 1, "one loopback address only on this system");
        for (Host h : Host.getAll(c)) {
            Xport x = Xport.parse(get("/rrd_updates?session_id=" + c.getSessionReference() + "&start=-10&host=true"
                    + "&cf=AVERAGE", h).body());
            Set<String> expected = new HashSet<>();
            for (VM vm : h.getResidentVMs(c)) {
                expected.add("vm:" + vm.getUuid(c));
            }
            expected.add("host:" + h.getUuid(c));
            assertThat(x.legend.stream().map(l -> l.split(":")[1] + ":" + l.split(":")[2])
                    .collect(Collectors.toSet())).isEqualTo(expected);
        }
    }

    @Test
    void rrdUpdatesWhenStartIsMissingThenBadRequest() throws Exception {
        HttpResponse<String> r = get("/rrd_updates?session_id=" + c.getSessionReference(), null);
        assertThat(r.statusCode()).isEqualTo(400);
    }

    @Test
    void rrdUpdatesWhenSessionIsBadThenUnauthorisedButBasicAuthWorks() throws Exception {
        HttpResponse<String> bad = get("/rrd_updates?session_id=OpaqueRef:nope&start=0", null);
        assertThat(bad.statusCode()).isEqualTo(401);

        String auth = Base64.getEncoder().encodeToString("root:xenroot".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create(sim.url() + "rrd_updates?start=-30"))
                .header("Authorization", "Basic " + auth).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(Xport.parse(ok.body()).rows).hasSize(6);
    }

    @Test
    void rrdUpdatesWhenNoCfIsGivenThenEachSeriesOncePerConsolidationFunction() throws Exception {
        HttpResponse<String> r = get("/rrd_updates?session_id=" + c.getSessionReference() + "&start=-3600&interval=60",
                null);
        Xport x = Xport.parse(r.body());
        assertThat(x.step).isEqualTo(60);
        // history from before the simulator started is served too: the workloads are defined for all time
        assertThat(x.rows.size()).isBetween(60, 61);
        Map<String, Long> byCf = x.legend.stream().collect(Collectors.groupingBy(l -> l.split(":")[0],
                Collectors.counting()));
        assertThat(byCf.keySet()).containsExactlyInAnyOrder("AVERAGE", "MIN", "MAX");
        assertThat(byCf.values()).containsOnly(byCf.get("AVERAGE"));
        int avg = x.legend.indexOf(x.legend.stream().filter(l -> l.startsWith("AVERAGE:vm:") && l.endsWith(":cpu0"))
                .findFirst().orElseThrow());
        String series = x.legend.get(avg).substring("AVERAGE".length());
        int min = x.legend.indexOf("MIN" + series);
        int max = x.legend.indexOf("MAX" + series);
        for (Xport.Row row : x.rows) {
            assertThat(row.values.get(min)).isLessThanOrEqualTo(row.values.get(avg));
            assertThat(row.values.get(max)).isGreaterThanOrEqualTo(row.values.get(avg));
        }
    }

    @Test
    void rrdUpdatesWhenAVmMigratesThenItsSeriesMoveToTheTargetHost() throws Exception {
        VM vm = null;
        for (Map.Entry<VM, VM.Record> e : VM.getAllRecords(c).entrySet()) {
            if (!e.getValue().isControlDomain && e.getValue().powerState == Types.VmPowerState.RUNNING) {
                vm = e.getKey();
            }
        }
        Host source = vm.getResidentOn(c);
        Host target = Host.getAll(c).stream().filter(h -> !h.equals(source)).findFirst().orElseThrow();
        String uuid = vm.getUuid(c);
        assertThat(legendOf(source)).anyMatch(l -> l.contains(uuid));
        assertThat(legendOf(target)).noneMatch(l -> l.contains(uuid));

        Task t = vm.poolMigrateAsync(c, target, Map.of());
        for (int i = 0; i < 200 && t.getStatus(c) == Types.TaskStatusType.PENDING; i++) {
            clock.advance(1);
        }

        assertThat(t.getStatus(c)).isEqualTo(Types.TaskStatusType.SUCCESS);
        assertThat(legendOf(source)).noneMatch(l -> l.contains(uuid));
        assertThat(legendOf(target)).anyMatch(l -> l.contains(uuid));
    }

    @Test
    void rrdUpdatesWhenJsonIsAskedThenTheSameDataAsRrddsJson() throws Exception {
        HttpResponse<String> r = get("/rrd_updates?session_id=" + c.getSessionReference()
                + "&start=-10&cf=AVERAGE&json=true", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).startsWith("{meta: {start:").contains("legend:[\"AVERAGE:vm:").contains(",data:[{t:");
    }

    @Test
    void rrdUpdatesWhenPlanetLabTracesDriveTheVmsThenCpuFollowsTheTrace() throws Exception {
        assumeTrue(Files.isDirectory(PLANETLAB), "PlanetLab traces are not available here");
        sim.close();
        sim = Simulators.manual(clock).traceDir(PLANETLAB).build().start();
        c = Simulators.login(sim);
        clock.advance(3600);
        List<Path> files;
        try (var list = Files.list(PLANETLAB)) {
            files = list.filter(Files::isRegularFile).sorted().toList();
        }

        VM vm = VM.getByNameLabel(c, "vm-00").iterator().next();
        assumeTrue(vm.getPowerState(c) == Types.VmPowerState.RUNNING, "vm-00 is halted in this layout");

        HttpResponse<String> r = get("/rrd_updates?session_id=" + c.getSessionReference()
                + "&start=-3600&interval=3600&cf=AVERAGE&host_uuid=" + vm.getResidentOn(c).getUuid(c), null);

        Xport x = Xport.parse(r.body());
        assertThat(x.step).isEqualTo(3600);
        // vm-NN follows trace file NN (300 s a sample): its hourly average lies within the trace over that hour
        List<Integer> trace = Files.readAllLines(files.get(0)).stream().map(String::trim).filter(s -> !s.isEmpty())
                .map(Integer::parseInt).toList();
        int col = x.legend.indexOf("AVERAGE:vm:" + vm.getUuid(c) + ":cpu0");
        assertThat(col).isNotNegative();
        double cpu = x.rows.get(0).values.get(col);
        long t = x.rows.get(0).t - Simulators.EPOCH.getEpochSecond();
        int lo = 100;
        int hi = 0;
        for (long k = Math.floorDiv(t - 3600, 300); k <= Math.floorDiv(t, 300) + 1; k++) {
            int v = trace.get((int) Math.floorMod(k, (long) trace.size()));
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        assertThat(cpu).isBetween(lo / 100.0 - 0.06, hi / 100.0 + 0.06);
    }

    private List<String> legendOf(Host h) throws Exception {
        return Xport.parse(get("/rrd_updates?session_id=" + c.getSessionReference() + "&start=-10&cf=AVERAGE"
                + "&host_uuid=" + h.getUuid(c), null).body()).legend;
    }

    private String address(Host h) {
        try {
            return h.getAddress(c);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> get(String pathAndQuery, Host host) throws Exception {
        String base = host == null ? "http://127.0.0.1:" + sim.port()
                : "http://" + address(host) + ":" + sim.port();
        return http.send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** An rrdtool xport document, parsed with the JDK's DOM parser (secure: no DTDs). */
    static final class Xport {
        long start;
        long step;
        long end;
        final List<String> legend = new ArrayList<>();
        final List<Row> rows = new ArrayList<>();

        record Row(long t, List<Double> values) {
        }

        static Xport parse(String xml) throws Exception {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            Document d = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
            Xport x = new Xport();
            Element meta = (Element) d.getElementsByTagName("meta").item(0);
            x.start = Long.parseLong(text(meta, "start"));
            x.step = Long.parseLong(text(meta, "step"));
            x.end = Long.parseLong(text(meta, "end"));
            NodeList entries = meta.getElementsByTagName("entry");
            for (int i = 0; i < entries.getLength(); i++) {
                x.legend.add(entries.item(i).getTextContent());
            }
            assertThat(Integer.parseInt(text(meta, "columns"))).isEqualTo(x.legend.size());
            NodeList rows = d.getElementsByTagName("row");
            assertThat(Integer.parseInt(text(meta, "rows"))).isEqualTo(rows.getLength());
            for (int i = 0; i < rows.getLength(); i++) {
                Element row = (Element) rows.item(i);
                List<Double> values = new ArrayList<>();
                NodeList vs = row.getElementsByTagName("v");
                for (int j = 0; j < vs.getLength(); j++) {
                    values.add(Double.parseDouble(vs.item(j).getTextContent()));
                }
                x.rows.add(new Row(Long.parseLong(text(row, "t")), values));
            }
            return x;
        }

        private static String text(Element e, String tag) {
            return e.getElementsByTagName(tag).item(0).getTextContent();
        }
    }
}
