package io.ferry.xen.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.ferry.api.model.Metric;
import io.ferry.api.model.MetricWindow;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The xport parser, the mapping of XAPI's data sources to Ferry's metrics, and the ring buffers. */
class TelemetryTest {

    private static final String VM = "bc2e8bf1-b501-4047-a72e-e6d2330c1609";
    private static final String HOST = "b0399da3-2dae-409d-9892-47c5ec351135";
    private static final String DOM0 = "00000000-0000-0000-0000-000000000000";

    private static final String[] LEGEND = {
        "AVERAGE:host:" + HOST + ":cpu0", "AVERAGE:host:" + HOST + ":cpu1", "AVERAGE:host:" + HOST + ":cpu_avg",
        "AVERAGE:host:" + HOST + ":memory_total_kib", "AVERAGE:host:" + HOST + ":memory_free_kib",
        "AVERAGE:host:" + HOST + ":pif_eth0_rx", "AVERAGE:host:" + HOST + ":pif_aggr_rx",
        "AVERAGE:vm:" + VM + ":cpu0", "AVERAGE:vm:" + VM + ":cpu1", "AVERAGE:vm:" + VM + ":memory",
        "AVERAGE:vm:" + VM + ":memory_internal_free", "AVERAGE:vm:" + VM + ":vbd_xvda_read",
        "AVERAGE:vm:" + VM + ":vbd_xvdb_read", "AVERAGE:vm:" + VM + ":vbd_xvda_iops_read",
        "AVERAGE:vm:" + VM + ":vbd_xvda_write", "AVERAGE:vm:" + VM + ":vif_0_rx", "AVERAGE:vm:" + VM + ":vif_0_tx",
        "AVERAGE:vm:" + VM + ":vif_0_rx_errors", "AVERAGE:vm:" + DOM0 + ":cpu0"};

    /** Two rows, newest first as on the wire. */
    private static String xport(String newest, String older) {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><xport><meta><start>1000</start>"
                + "<step>5</step><end>1005</end><rows>2</rows><columns>" + LEGEND.length + "</columns><legend>");
        for (String e : LEGEND) {
            b.append("<entry>").append(e).append("</entry>");
        }
        b.append("</legend></meta><data>");
        b.append("<row><t>1005</t>").append(newest).append("</row>");
        b.append("<row><t>1000</t>").append(older).append("</row>");
        return b.append("</data></xport>").toString();
    }

    private static String values(double... v) {
        StringBuilder b = new StringBuilder();
        for (double x : v) {
            b.append("<v>").append(Double.isNaN(x) ? "NaN" : String.format(java.util.Locale.ROOT, "%.4f", x))
                    .append("</v>");
        }
        return b.toString();
    }

    private static Xport parse(String xml) throws IOException {
        return Xport.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static final String SAMPLE = xport(
            values(0.5, 0.7, 0.6, 16777216, 4194304, 1000, 99999, 0.2, 0.4, 2147483648.0, 1048576, 100, 50, 7, 300,
                    40, 60, 3, 0.9),
            values(0.1, 0.1, 0.1, 16777216, 8388608, 500, 99999, 0.1, 0.3, 2147483648.0, 1572864, 10, 5, 9, 30, 4,
                    6, 1, 0.9));

    @Test
    void parseWhenRowsAreNewestFirstThenReturnsThemOldestFirstWithTheLegend() throws Exception {
        Xport x = parse(SAMPLE);

        assertThat(x.step()).isEqualTo(5);
        assertThat(x.end()).isEqualTo(1005);
        assertThat(x.legend()).hasSize(LEGEND.length);
        assertThat(x.legend().get(7)).isEqualTo(new Xport.Column("AVERAGE", "vm", VM, "cpu0"));
        assertThat(x.rows()).extracting(Xport.Row::time).containsExactly(1000L, 1005L);
        assertThat(x.rows().get(1).values()[0]).isEqualTo(0.5);
    }

    @Test
    void parseWhenTheDocumentDeclaresEntitiesThenRefusedWithoutReadingThem() {
        String hostile = "<?xml version=\"1.0\"?><!DOCTYPE xport [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + "<xport><meta><step>5</step><end>1</end><legend><entry>&e;</entry></legend></meta></xport>";

        assertThatThrownBy(() -> parse(hostile)).isInstanceOf(IOException.class)
                .hasMessage("/rrd_updates: a DTD or entity reference is not allowed in an xport");
    }

    @Test
    void parseWhenARowLacksValuesThenOneLineSaysSo() {
        String broken = "<xport><meta><step>5</step><end>5</end><legend><entry>AVERAGE:vm:u:cpu0</entry>"
                + "<entry>AVERAGE:vm:u:cpu1</entry></legend></meta><data><row><t>5</t><v>0.1</v></row></data></xport>";

        assertThatThrownBy(() -> parse(broken)).hasMessage("/rrd_updates: a row has 1 values for 2 legend entries");
        assertThatThrownBy(() -> parse("<html>nope</html>")).hasMessageContaining("not an rrdtool xport");
    }

    @Test
    void feedTurnsDataSourcesIntoFerrysMetricsAndSkipsControlDomains() throws Exception {
        MetricStore store = new MetricStore(10, Duration.ofSeconds(5));

        Telemetry.feed(parse(SAMPLE), store, Set.of(VM, HOST));

        assertThat(store.latest(VM, Metric.CPU_UTILISATION)).as("mean of cpu0, cpu1").isCloseTo(0.3, within(1e-9));
        assertThat(store.latest(VM, Metric.MEMORY_USED_BYTES)).as("memory - memory_internal_free x 1024")
                .isEqualTo(2147483648.0 - 1048576 * 1024.0);
        assertThat(store.latest(VM, Metric.DISK_READ_BYTES_PER_SECOND)).as("both disks, not IOPS").isEqualTo(150);
        assertThat(store.latest(VM, Metric.DISK_WRITE_BYTES_PER_SECOND)).isEqualTo(300);
        assertThat(store.latest(VM, Metric.NET_RX_BYTES_PER_SECOND)).as("not the error counter").isEqualTo(40);
        assertThat(store.latest(VM, Metric.NET_TX_BYTES_PER_SECOND)).isEqualTo(60);
        assertThat(store.latest(HOST, Metric.CPU_UTILISATION)).as("cpu_avg").isEqualTo(0.6);
        assertThat(store.latest(HOST, Metric.MEMORY_USED_BYTES)).isEqualTo((16777216 - 4194304) * 1024.0);
        assertThat(store.latest(HOST, Metric.NET_RX_BYTES_PER_SECOND)).as("not the aggregate").isEqualTo(1000);
        assertThat(store.window(VM, Metric.CPU_UTILISATION, 5).orElseThrow().values())
                .containsExactly(new double[] {0.2, 0.3}, within(1e-9));
        assertThat(store.window(VM, Metric.DIRTY_PAGES_PER_SECOND, 5)).isEmpty();
        assertThat(store.window(DOM0, Metric.CPU_UTILISATION, 5)).as("control domains are not subjects").isEmpty();
    }

    @Test
    void storeWhenRowsOverlapOrGapThenTheWindowStaysEvenlySpaced() {
        MetricStore store = new MetricStore(6, Duration.ofSeconds(5));
        store.append("s", Metric.CPU_UTILISATION, 100, 0.1);
        store.append("s", Metric.CPU_UTILISATION, 105, 0.2);
        store.append("s", Metric.CPU_UTILISATION, 105, 0.9); // overlap with the previous poll: ignored
        store.append("s", Metric.CPU_UTILISATION, 100, 0.9); // older: ignored
        store.append("s", Metric.CPU_UTILISATION, 120, 0.5); // two steps missing: the last value repeats
        store.append("s", Metric.CPU_UTILISATION, 125, Double.NaN); // unknown: the last value repeats

        MetricWindow w = store.window("s", Metric.CPU_UTILISATION, 100).orElseThrow();

        assertThat(w.values()).containsExactly(0.1, 0.2, 0.2, 0.2, 0.5, 0.5);
        assertThat(w.end()).isEqualTo(Instant.ofEpochSecond(125));
        assertThat(w.step()).isEqualTo(Duration.ofSeconds(5));
        store.append("s", Metric.CPU_UTILISATION, 130, 0.7);
        assertThat(store.window("s", Metric.CPU_UTILISATION, 100).orElseThrow().values())
                .as("a full ring drops the oldest").containsExactly(0.2, 0.2, 0.2, 0.5, 0.5, 0.7);
        assertThat(store.window("s", Metric.CPU_UTILISATION, 2).orElseThrow().values()).containsExactly(0.5, 0.7);
        store.append("t", Metric.CPU_UTILISATION, 5, Double.NaN);
        assertThat(store.window("t", Metric.CPU_UTILISATION, 2)).as("no value yet: nothing to repeat").isEmpty();
    }
}
