package io.ferry.xapisim.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ferry.policy.support.DaemonThreads;
import io.ferry.xapisim.MigrationRecord;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * The HTTP side: the JDK's {@link HttpServer} on loopback, answering XML-RPC on {@code POST /} (and
 * {@code /RPC2}) and {@code GET /rrd_updates}, with the connection-level faults of the plan (slow replies,
 * resets). The pool master listens on 127.0.0.1; with host listeners on (and where the system routes
 * 127.0.0.0/8 to loopback, as Linux does), host N also listens on 127.0.0.(N+1) on the same port, so that the
 * per-host {@code /rrd_updates} is reached at each host's {@code address} as on a real pool, and a login
 * there answers {@code HOST_IS_SLAVE}. Elsewhere every host's address is 127.0.0.1 and {@code /rrd_updates}
 * takes a {@code host_uuid} parameter (a simulator extension) to choose the host.
 *
 * <p>Threads: a cached pool of daemon threads serves exchanges (a waiting {@code event.from} or synchronous
 * migration holds one); nothing else runs in the background.
 */
public final class SimulatorServer implements AutoCloseable {

    private static final Logger LOG = System.getLogger(SimulatorServer.class.getName());

    /** The largest request body accepted. */
    static final int MAX_REQUEST_BYTES = 16 << 20;
    /** Bind attempts with an ephemeral port before giving up (another process may take the port meanwhile). */
    static final int BIND_ATTEMPTS = 5;
    /** Hosts beyond this count all share 127.0.0.1 (the last octet runs out). */
    static final int MAX_HOST_LISTENERS = 254;
    /** XML-RPC fault code of a request that is not well-formed XML-RPC (the interop spec's "parse error"). */
    static final int PARSE_ERROR_FAULT = -32700;

    /**
     * The JDK's server writes a reply's headers and body in two packets; with Nagle's algorithm on, a small reply
     * then waits for the client's delayed ACK (about 40 ms a call on Linux). TCP_NODELAY is a JVM-wide switch of
     * the JDK's server, read once when it is first used: set it unless the JVM's owner chose otherwise.
     */
    static final String NODELAY = "sun.net.httpserver.nodelay";

    static {
        if (System.getProperty(NODELAY) == null) {
            System.setProperty(NODELAY, "true");
        }
    }

    private final SimSettings settings;
    private final FaultInjector faults;
    private final ExecutorService executor;
    private final List<HttpServer> servers = new ArrayList<>();
    /** How many of {@link #servers}, from the first, were started (and so close their socket when stopped). */
    private int startedServers;
    private volatile BiConsumer<byte[], String> tap = (request, reply) -> { };
    private XapiPool pool;
    private XapiApi api;
    private RrdExporter rrd;
    private int port;
    private boolean started;
    private boolean closed;

    /** @param settings the validated settings */
    public SimulatorServer(SimSettings settings) {
        this.settings = settings;
        this.faults = new FaultInjector(settings.faults(), settings.seed());
        this.executor = Executors.newCachedThreadPool(DaemonThreads.numbered("xapi-sim-http"));
    }

    /**
     * Binds the listeners, builds the pool and starts answering.
     *
     * @throws IOException              when the port cannot be bound
     * @throws IllegalArgumentException when the pool cannot be built from the settings
     */
    public synchronized void start() throws IOException {
        if (started) {
            throw new IllegalStateException("already started");
        }
        started = true;
        try {
            List<String> addresses = bind();
            pool = new XapiPool(settings, addresses, faults);
            Telemetry telemetry = new Telemetry(pool);
            api = new XapiApi(pool, telemetry);
            rrd = new RrdExporter(pool, telemetry);
            for (int i = 0; i < servers.size(); i++) {
                Model.Host host = pool.hosts().get(i);
                HttpServer s = servers.get(i);
                s.createContext("/", ex -> handle(ex, host));
                s.setExecutor(executor);
                s.start();
                startedServers = i + 1;
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        LOG.log(Level.DEBUG, "XAPI simulator listening on http://127.0.0.1:{0} ({1} hosts{2})",
                Integer.toString(port), settings.hosts(), servers.size() > 1 ? ", one loopback address each" : "");
    }

    private List<String> bind() throws IOException {
        boolean perHost = settings.hostListeners() && settings.hosts() <= MAX_HOST_LISTENERS && canBindLoopback2();
        InetAddress master = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        for (int attempt = 1; ; attempt++) {
            HttpServer first = HttpServer.create(new InetSocketAddress(master, settings.port()), 64);
            servers.add(first);
            port = first.getAddress().getPort();
            if (!perHost) {
                List<String> all = new ArrayList<>(Collections.nCopies(settings.hosts(), "127.0.0.1"));
                return all;
            }
            try {
                List<String> addresses = new ArrayList<>();
                addresses.add("127.0.0.1");
                for (int h = 1; h < settings.hosts(); h++) {
                    InetAddress a = InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (h + 1)});
                    servers.add(HttpServer.create(new InetSocketAddress(a, port), 64));
                    addresses.add(a.getHostAddress());
                }
                return addresses;
            } catch (BindException e) {
                for (HttpServer s : servers) {
                    release(s, false);
                }
                servers.clear();
                if (settings.port() != 0 || attempt >= BIND_ATTEMPTS) {
                    throw new BindException("port " + port + " is not free on every host address 127.0.0.1 to 127.0.0."
                            + settings.hosts() + " (" + e.getMessage() + ")");
                }
            }
        }
    }

    private static boolean canBindLoopback2() {
        try {
            // a plain socket, closed at once: an HttpServer that never started keeps its socket listening
            try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1,
                    InetAddress.getByAddress(new byte[] {127, 0, 0, 2}))) {
                return probe.isBound();
            }
        } catch (IOException e) {
            LOG.log(Level.INFO, "127.0.0.2 cannot be bound ({0}); every host answers on 127.0.0.1", e.getMessage());
            return false;
        }
    }

    /** @return the TCP port (after {@link #start()}) */
    public int port() {
        return port;
    }

    /** @return each host's address, in host order */
    public List<String> addresses() {
        List<String> out = new ArrayList<>();
        for (Model.Host h : pool.hosts()) {
            out.add(h.address);
        }
        return out;
    }

    /** @return the migrations accepted so far */
    public List<MigrationRecord> migrations() {
        return pool.migrations();
    }

    /** @return the faults that struck so far, by kind ({@code MIGRATION_FAILED}, {@code HOST_OFFLINE}, ...) */
    public Map<String, Long> faultsInjected() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Map.Entry<FaultInjector.Kind, Long> e : new EnumMap<>(faults.counts()).entrySet()) {
            out.put(e.getKey().name(), e.getValue());
        }
        return out;
    }

    /** For tests: receives every XML-RPC request body with the reply computed for it (sent or not). */
    public void tap(BiConsumer<byte[], String> tap) {
        this.tap = tap == null ? (request, reply) -> { } : tap;
    }

    XapiPool pool() {
        return pool;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (pool != null) {
            pool.close();
        }
        for (int i = 0; i < servers.size(); i++) {
            release(servers.get(i), i < startedServers);
        }
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops {@code s} and closes its socket. The JDK's server closes its channel only from its dispatcher
     * thread, which a server never started does not have: such a server would keep listening until the JVM exits,
     * so it is started and at once stopped.
     */
    private static void release(HttpServer s, boolean started) {
        if (!started) {
            s.start();
        }
        s.stop(0);
    }

    // ------------------------------------------------------------------ exchanges

    private void handle(HttpExchange ex, Model.Host via) {
        try {
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            FaultInjector.Exchange fault = faults.plan().any() ? faults.nextExchange()
                    : FaultInjector.Exchange.NORMAL;
            if ("POST".equals(method) && ("/".equals(path) || "/RPC2".equals(path))) {
                byte[] body = ex.getRequestBody().readNBytes(MAX_REQUEST_BYTES + 1);
                if (body.length > MAX_REQUEST_BYTES) {
                    send(ex, 413, "text/plain", "request larger than " + MAX_REQUEST_BYTES + " bytes");
                    return;
                }
                if (fault.resetBefore()) {
                    return; // closed below without a response: the call never happened
                }
                String reply = xmlRpc(body, via);
                tap.accept(body, reply);
                finish(ex, fault, 200, "text/xml", reply);
            } else if ("GET".equals(method) && "/rrd_updates".equals(path)) {
                if (fault.resetBefore()) {
                    return;
                }
                rrdUpdates(ex, via, fault);
            } else {
                send(ex, 404, "text/plain", "not found: " + method + " " + path);
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "exchange failed: {0}", e.toString());
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "exchange failed", e);
            try {
                send(ex, 500, "text/plain", "internal error: " + e);
            } catch (IOException | RuntimeException ignored) {
                // the connection is gone
            }
        } finally {
            ex.close();
        }
    }

    private String xmlRpc(byte[] body, Model.Host via) {
        XmlRpcReader.MethodCall call;
        try {
            call = XmlRpcReader.read(new ByteArrayInputStream(body));
        } catch (XmlRpcReader.MalformedException e) {
            return XmlRpcWriter.fault(PARSE_ERROR_FAULT, e.getMessage());
        }
        XapiApi.Reply reply;
        try {
            reply = api.dispatch(call.methodName(), call.params(), via);
        } catch (RuntimeException e) {
            // a bug of the simulator: answer as xapi answers an unexpected exception
            LOG.log(Level.ERROR, "call " + call.methodName() + " failed", e);
            return XmlRpcWriter.failure(List.of(ApiError.INTERNAL_ERROR, String.valueOf(e)));
        }
        try {
            if (reply instanceof XapiApi.Success s) {
                return XmlRpcWriter.success(s.value());
            } else if (reply instanceof XapiApi.Failure f) {
                return XmlRpcWriter.failure(f.description());
            } else {
                XapiApi.Fault f = (XapiApi.Fault) reply;
                return XmlRpcWriter.fault(f.code(), f.message());
            }
        } catch (IllegalArgumentException e) {
            LOG.log(Level.ERROR, "cannot encode the reply to " + call.methodName(), e);
            return XmlRpcWriter.failure(List.of(ApiError.INTERNAL_ERROR, e.getMessage()));
        }
    }

    private void rrdUpdates(HttpExchange ex, Model.Host via, FaultInjector.Exchange fault) throws IOException {
        Map<String, List<String>> q = query(ex.getRequestURI());
        String session = first(q, "session_id");
        boolean authorised;
        pool.lockAndAdvance();
        try {
            authorised = session != null && pool.validSession(session);
        } finally {
            pool.unlock();
        }
        if (!authorised && !basicAuth(ex)) {
            ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"xapi\"");
            send(ex, 401, "text/plain", "Unauthorised");
            return;
        }
        String start = first(q, "start");
        if (start == null) {
            send(ex, 400, "text/plain", "Bad Request: the start parameter is required");
            return;
        }
        long startSeconds;
        long interval;
        try {
            startSeconds = Long.parseLong(start);
            interval = first(q, "interval") == null ? 0 : Long.parseLong(first(q, "interval"));
        } catch (NumberFormatException e) {
            send(ex, 400, "text/plain", "Bad Request: start and interval must be integers");
            return;
        }
        String cf = first(q, "cf");
        if (!RrdExporter.validCf(cf)) {
            send(ex, 400, "text/plain", "Bad Request: cf must be AVERAGE, MIN, MAX or LAST");
            return;
        }
        Model.Host host = via;
        String hostUuid = first(q, "host_uuid");
        if (hostUuid != null) {
            host = null;
            for (Model.Host h : pool.hosts()) {
                if (h.uuid().equals(hostUuid)) {
                    host = h;
                }
            }
            if (host == null) {
                send(ex, 404, "text/plain", "no host with uuid " + hostUuid);
                return;
            }
        }
        Set<String> vms = new LinkedHashSet<>(q.getOrDefault("vm_uuid", List.of()));
        boolean json = q.containsKey("json") && !"false".equals(first(q, "json"));
        RrdExporter.Query query = new RrdExporter.Query(startSeconds, interval, cf, "true".equals(first(q, "host")),
                vms, json);
        String body;
        pool.lockAndAdvance();
        try {
            if (!host.live) {
                body = null;
            } else {
                body = rrd.export(host, query);
            }
        } finally {
            pool.unlock();
        }
        if (body == null) {
            send(ex, 503, "text/plain", "host " + host.nameLabel + " is offline");
            return;
        }
        finish(ex, fault, 200, json ? "application/json" : "text/xml", body);
    }

    private boolean basicAuth(HttpExchange ex) {
        String header = ex.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon >= 0 && decoded.substring(0, colon).equals(settings.user())
                    && decoded.substring(colon + 1).equals(settings.password());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Map<String, List<String>> query(URI uri) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return out;
    }

    private static String first(Map<String, List<String>> q, String key) {
        List<String> v = q.get(key);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** Sends a reply after the fault's delay, or drops the connection when the fault resets it after the call. */
    private void finish(HttpExchange ex, FaultInjector.Exchange fault, int status, String type, String body)
            throws IOException {
        if (fault.delayMillis() > 0) {
            try {
                Thread.sleep(fault.delayMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (fault.resetAfter()) {
            return; // the call took effect; its reply is lost with the connection
        }
        send(ex, status, type, body);
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
