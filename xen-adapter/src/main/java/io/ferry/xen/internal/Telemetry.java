package io.ferry.xen.internal;

import io.ferry.api.model.Metric;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pool's time series, read host by host from XAPI's {@code GET /rrd_updates?session_id=…&start=…&host=true
 * &cf=AVERAGE&interval=…} (rrdtool xport, newest row first; a host exports only the VMs resident on it, so a pool
 * needs one request per host, at the host's own address) and fed into the {@link MetricStore}.
 *
 * <p>Decides what each metric is, per row:
 * <ul>
 * <li>VM {@code CPU_UTILISATION}: the mean of its {@code cpuN} (each the share of one vCPU);</li>
 * <li>VM {@code MEMORY_USED_BYTES}: {@code memory − memory_internal_free × 1024} (the guest agent reports KiB
 * free; without it, no sample);</li>
 * <li>VM disk and network: the sums of {@code vbd_DEV_read}/{@code _write} and {@code vif_N_rx}/{@code _tx}
 * (bytes per second; latencies, IOPS and error counters are other data sources and are not mixed in);</li>
 * <li>host {@code CPU_UTILISATION}: {@code cpu_avg} (else the mean of its {@code cpuN}); host
 * {@code MEMORY_USED_BYTES}: {@code (memory_total_kib − memory_free_kib) × 1024}; host network: the sums of
 * {@code pif_ETH_rx}/{@code _tx} (the {@code aggr} total excluded).</li>
 * </ul>
 * Never {@code DIRTY_PAGES_PER_SECOND}: XAPI has no such series (DESIGN.md §3).
 *
 * <p>Each host is asked from its last row on; the first request reaches back {@code historySamples} steps, within
 * three quarters of the archive (7.5 of the 10 minutes of 5 s steps), by the server's clock (learnt from the first
 * reply's {@code end}, so a skewed pool clock does not select a coarser archive). A host that answers 503 (offline) is skipped; an expired
 * session (401) is renewed once. A host whose poll keeps failing is warned about with a growing interval
 * ({@link WarningBackoff}), and once when it answers again. The session id travels in the query string, as XAPI requires: it is never logged.
 *
 * <p>Cost per poll: one HTTP GET per host, O(rows × columns) parsing. Called from the adapter's executor, one
 * poll at a time.
 */
final class Telemetry {

    private static final Logger LOG = LoggerFactory.getLogger(Telemetry.class);

    /** The rows an archive keeps, by step: 5 s × 120, 60 s × 120, 3600 s × 168 (xcp-rrdd's defaults). */
    private static final Map<Integer, Integer> ARCHIVE_ROWS = Map.of(5, 120, 60, 120, 3600, 168);
    /**
     * The share of the archive the first request of a host reaches back (percent): not all of it, so that a
     * request still falls within the archive if the pool's clock moves on between our reading it and the next.
     */
    private static final int FIRST_REQUEST_SHARE = 75;
    private static final Pattern VBD = Pattern.compile("vbd_([A-Za-z0-9]+)_(read|write)");
    private static final Pattern VIF = Pattern.compile("vif_([0-9]+)_(rx|tx)");
    private static final Pattern PIF = Pattern.compile("pif_([A-Za-z0-9.]+)_(rx|tx)");
    private static final Pattern CPU = Pattern.compile("cpu([0-9]+)");

    private final XenSettings settings;
    private final Transport transport;
    private final XapiClient client;
    private final Inventory inventory;
    private final MetricStore store;
    /** Host UUID to the server time of its last row. */
    private final Map<String, Long> lastRow = new ConcurrentHashMap<>();
    private final WarningBackoff warnings;
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong warned = new AtomicLong();

    Telemetry(XenSettings settings, Transport transport, XapiClient client, Inventory inventory, MetricStore store) {
        this.settings = settings;
        this.transport = transport;
        this.client = client;
        this.inventory = inventory;
        this.store = store;
        this.warnings = new WarningBackoff(Duration.ofSeconds(settings.rrdIntervalSeconds()),
                settings.maxWarningInterval(), System::nanoTime);
    }

    /** @return the hosts' failed polls so far (tests) */
    long failures() {
        return failures.get();
    }

    /** @return the warnings logged for those failures so far (tests) */
    long warnings() {
        return warned.get();
    }

    /**
     * Polls every host once.
     *
     * @return the hosts that answered
     */
    int pollAll() {
        List<Inventory.HostAddress> hosts = inventory.hostAddresses();
        Set<String> addresses = new HashSet<>();
        Set<String> shared = new HashSet<>();
        for (Inventory.HostAddress h : hosts) {
            if (!addresses.add(h.address())) {
                shared.add(h.address());
            }
        }
        Set<String> subjects = inventory.guestUuids();
        hosts.forEach(h -> subjects.add(h.uuid()));
        int ok = 0;
        if (!hosts.isEmpty()) {
            try {
                client.session(); // one login attempt while the master is down, not one per host
            } catch (XapiException e) {
                // the event loop warns about the master (with its back-off): not repeated here for every host
                LOG.debug("pool {}: telemetry skipped, no session: {}", settings.poolName(), e.getMessage());
                return 0;
            }
        }
        for (Inventory.HostAddress h : hosts) {
            if (client.closed()) {
                return ok; // the adapter is stopping
            }
            if (!inventory.live(h.ref())) {
                continue;
            }
            try {
                if (poll(h, shared.contains(h.address()), subjects)) {
                    ok++;
                }
                warnings.recovered(h.uuid()).ifPresent(r -> LOG.info("pool {}: /rrd_updates of host {} answers again "
                        + "({})", settings.poolName(), h.uuid(), WarningBackoff.recoveryText(r)));
            } catch (XapiException e) {
                failures.incrementAndGet();
                OptionalLong skipped = warnings.failed(h.uuid());
                if (skipped.isPresent()) {
                    warned.incrementAndGet();
                    LOG.warn("pool {}: /rrd_updates of host {}: {}{}", settings.poolName(), h.uuid(), e.getMessage(),
                            WarningBackoff.suppressedText(skipped.getAsLong()));
                }
            }
        }
        store.retain(subjects);
        return ok;
    }

    /** @return whether the host answered with rows */
    private boolean poll(Inventory.HostAddress h, boolean sharedAddress, Set<String> subjects) throws XapiException {
        int step = settings.rrdIntervalSeconds();
        long window = (long) step * Math.min(settings.historySamples(), ARCHIVE_ROWS.getOrDefault(step, 120)
                * FIRST_REQUEST_SHARE / 100);
        Long last = lastRow.get(h.uuid());
        long start = last != null ? last : System.currentTimeMillis() / 1000 - window;
        Xport x = fetch(h, start, sharedAddress);
        if (x == null) {
            return false;
        }
        if (last == null && (x.step() != step || x.rows().isEmpty() || Math.abs(x.end() - start - window) > window)) {
            // our clock and the pool's differ: ask again from the pool's own "now", which lies within one step of
            // the archive that answered after its end
            x = fetch(h, x.end() + x.step() - window, sharedAddress);
            if (x == null) {
                return false;
            }
        }
        if (x.step() != step) {
            LOG.debug("pool {}: host {} answered step {} s, not {} s; rows skipped", settings.poolName(), h.uuid(),
                    x.step(), step);
            lastRow.remove(h.uuid());
            return false;
        }
        feed(x, store, subjects);
        long newest = x.rows().isEmpty() ? x.end() : x.rows().get(x.rows().size() - 1).time();
        lastRow.put(h.uuid(), Math.max(newest, last == null ? 0 : last));
        return true;
    }

    /** @return the export, or null when the host is offline (503) */
    private Xport fetch(Inventory.HostAddress h, long start, boolean sharedAddress) throws XapiException {
        for (int attempt = 0; ; attempt++) {
            XapiClient.Live live = client.session();
            URI uri = uri(h, live.ref(), start, sharedAddress);
            HttpURLConnection c = null;
            try {
                c = transport.open(uri);
                int status = c.getResponseCode();
                if (status == 401 && attempt == 0) {
                    client.invalidate(live);
                    continue;
                }
                if (status == 503) {
                    return null;
                }
                if (status != 200) {
                    throw new XapiException(XapiException.PROTOCOL, List.of(), "/rrd_updates of host " + h.uuid()
                            + " answered HTTP " + status + " " + XapiErrors.oneLine(Transport.text(c.getErrorStream(),
                                    200)), null);
                }
                try (InputStream in = c.getInputStream()) {
                    return Xport.parse(in);
                }
            } catch (IOException e) {
                throw XapiErrors.of(e);
            } finally {
                if (c != null) {
                    transport.release(c);
                }
            }
        }
    }

    private URI uri(Inventory.HostAddress h, String session, long start, boolean sharedAddress) throws XapiException {
        URI master = client.master();
        String host = h.address().isBlank() ? master.getHost() : h.address();
        if (settings.tls().insecure() && !XenSettings.loopback(bracket(host))) {
            // the session id travels in the query: with insecure = true (plain HTTP or unverified TLS) only to
            // loopback, as the master itself
            throw new XapiException(XapiException.PROTOCOL, List.of(), "host " + h.uuid() + " has the address "
                    + host + ", not on loopback: with insecure = true its /rrd_updates is not read", null);
        }
        StringBuilder q = new StringBuilder("session_id=").append(enc(session)).append("&start=").append(start)
                .append("&host=true&cf=AVERAGE&interval=").append(settings.rrdIntervalSeconds());
        if (sharedAddress) {
            // only a simulator gives several hosts one address; it then takes the host by UUID (a real pool,
            // where every host has its own address, never gets this parameter)
            q.append("&host_uuid=").append(enc(h.uuid()));
        }
        try {
            return new URI(master.getScheme() + "://" + bracket(host) + (master.getPort() < 0 ? ""
                    : ":" + master.getPort()) + "/rrd_updates?" + q);
        } catch (URISyntaxException e) {
            throw new XapiException(XapiException.PROTOCOL, List.of(), "host " + h.uuid() + " has an unusable "
                    + "address '" + h.address() + "'", e);
        }
    }

    private static String bracket(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /**
     * Turns the rows of one export into samples of the metrics above, for the subjects in {@code subjects} (guest
     * VMs and hosts; control domains and unknown objects are skipped).
     */
    static void feed(Xport x, MetricStore store, Set<String> subjects) {
        Map<String, Subject> bySubject = new HashMap<>();
        List<Xport.Column> legend = x.legend();
        for (int i = 0; i < legend.size(); i++) {
            Xport.Column c = legend.get(i);
            if (c == null || !subjects.contains(c.uuid()) || !(c.kind().equals("vm") || c.kind().equals("host"))) {
                continue;
            }
            bySubject.computeIfAbsent(c.uuid(), u -> new Subject(c.kind().equals("host"))).add(c.dataSource(), i);
        }
        for (Xport.Row row : x.rows()) {
            for (Map.Entry<String, Subject> e : bySubject.entrySet()) {
                e.getValue().values(row.values()).forEach((metric, value) -> store.append(e.getKey(), metric,
                        row.time(), value));
            }
        }
    }

    /** The columns of one VM or host, by role. */
    private static final class Subject {
        private final boolean host;
        private final List<Integer> cpus = new ArrayList<>();
        private int cpuAvg = -1;
        private int memory = -1;
        private int internalFree = -1;
        private int totalKib = -1;
        private int freeKib = -1;
        private final List<Integer> reads = new ArrayList<>();
        private final List<Integer> writes = new ArrayList<>();
        private final List<Integer> rx = new ArrayList<>();
        private final List<Integer> tx = new ArrayList<>();

        Subject(boolean host) {
            this.host = host;
        }

        void add(String ds, int column) {
            Matcher m;
            if (CPU.matcher(ds).matches()) {
                cpus.add(column);
            } else if (ds.equals("cpu_avg")) {
                cpuAvg = column;
            } else if (ds.equals("memory")) {
                memory = column;
            } else if (ds.equals("memory_internal_free")) {
                internalFree = column;
            } else if (ds.equals("memory_total_kib")) {
                totalKib = column;
            } else if (ds.equals("memory_free_kib")) {
                freeKib = column;
            } else if (!host && (m = VBD.matcher(ds)).matches()) {
                (m.group(2).equals("read") ? reads : writes).add(column);
            } else if (!host && (m = VIF.matcher(ds)).matches()) {
                (m.group(2).equals("rx") ? rx : tx).add(column);
            } else if (host && (m = PIF.matcher(ds)).matches() && !m.group(1).equals("aggr")) {
                (m.group(2).equals("rx") ? rx : tx).add(column);
            }
        }

        Map<Metric, Double> values(double[] v) {
            Map<Metric, Double> out = new EnumMap<>(Metric.class);
            double cpu = host && cpuAvg >= 0 && Double.isFinite(v[cpuAvg]) ? v[cpuAvg] : mean(cpus, v);
            if (Double.isFinite(cpu)) {
                out.put(Metric.CPU_UTILISATION, Math.max(0, Math.min(1, cpu)));
            }
            double used = host ? kib(v, totalKib) - kib(v, freeKib) : at(v, memory) - kib(v, internalFree);
            if (Double.isFinite(used)) {
                out.put(Metric.MEMORY_USED_BYTES, Math.max(0, used));
            }
            if (!host) {
                put(out, Metric.DISK_READ_BYTES_PER_SECOND, sum(reads, v));
                put(out, Metric.DISK_WRITE_BYTES_PER_SECOND, sum(writes, v));
            }
            put(out, Metric.NET_RX_BYTES_PER_SECOND, sum(rx, v));
            put(out, Metric.NET_TX_BYTES_PER_SECOND, sum(tx, v));
            return out;
        }

        private static void put(Map<Metric, Double> out, Metric metric, double value) {
            if (Double.isFinite(value)) {
                out.put(metric, Math.max(0, value));
            }
        }

        private static double at(double[] v, int i) {
            return i < 0 ? Double.NaN : v[i];
        }

        private static double kib(double[] v, int i) {
            return at(v, i) * 1024;
        }

        private static double mean(List<Integer> columns, double[] v) {
            double sum = 0;
            int n = 0;
            for (int i : columns) {
                if (Double.isFinite(v[i])) {
                    sum += v[i];
                    n++;
                }
            }
            return n == 0 ? Double.NaN : sum / n;
        }

        private static double sum(List<Integer> columns, double[] v) {
            if (columns.isEmpty()) {
                return Double.NaN;
            }
            double sum = 0;
            for (int i : columns) {
                if (!Double.isFinite(v[i])) {
                    return Double.NaN;
                }
                sum += v[i];
            }
            return sum;
        }
    }
}
