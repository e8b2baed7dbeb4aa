package io.ferry.xen.internal;

import static io.ferry.xen.internal.XenTestPools.props;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import com.xensource.xenapi.Connection;
import com.xensource.xenapi.Session;
import io.ferry.api.HypervisorException;
import io.ferry.api.model.Metric;
import io.ferry.xapisim.XapiSimulator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transport under the SDK: the TLS policy (pinned fingerprint, trust store, JVM CAs, explicit opt-out) end to
 * end through an HTTPS front of the simulator, and the two guards — no silent replay of a call after a lost reply,
 * and no reply carrying {@code <base64>} reaching Apache XML-RPC's deserialiser.
 */
class TransportTest {

    private static final String STORE_PASSWORD = "changeit";

    @TempDir
    static Path dir;

    private static XapiSimulator sim;
    private static HttpsServer front;
    private static String fingerprint;
    private static Path trustStore;

    /** A self-signed certificate for 127.0.0.1 (made with the JDK's keytool), and an HTTPS proxy to the simulator. */
    @BeforeAll
    static void start() throws Exception {
        Path keyStore = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "xapi", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-keystore", keyStore.toString(),
                "-storetype", "PKCS12", "-storepass", STORE_PASSWORD).redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor()).as("keytool: %s", output).isZero();
        KeyStore ks = KeyStore.getInstance(keyStore.toFile(), STORE_PASSWORD.toCharArray());
        Certificate cert = ks.getCertificate("xapi");
        fingerprint = HexFormat.ofDelimiter(":").withUpperCase().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(cert.getEncoded()));
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("pool", cert);
        trustStore = dir.resolve("trust.p12");
        try (OutputStream out = java.nio.file.Files.newOutputStream(trustStore)) {
            trust.store(out, STORE_PASSWORD.toCharArray());
        }

        // every host at 127.0.0.1, so that /rrd_updates also goes through the front (with the host_uuid extension)
        sim = XapiSimulator.builder().hostListeners(false).build().start();
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, STORE_PASSWORD.toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        front = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        front.setHttpsConfigurator(new HttpsConfigurator(tls));
        front.createContext("/", TransportTest::forward);
        front.start();
    }

    @AfterAll
    static void stop() {
        if (front != null) {
            front.stop(0);
        }
        if (sim != null) {
            sim.close();
        }
    }

    private static void forward(HttpExchange ex) throws IOException {
        try (ex) {
            URI to = URI.create(sim.url()).resolve(ex.getRequestURI().getRawPath()
                    + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery()));
            HttpURLConnection c = (HttpURLConnection) to.toURL().openConnection();
            c.setRequestMethod(ex.getRequestMethod());
            byte[] body = ex.getRequestBody().readAllBytes();
            if (body.length > 0) {
                c.setDoOutput(true);
                c.setRequestProperty("Content-Type", "text/xml");
                try (OutputStream out = c.getOutputStream()) {
                    out.write(body);
                }
            }
            int status = c.getResponseCode();
            byte[] reply;
            try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
                reply = in == null ? new byte[0] : in.readAllBytes();
            }
            ex.sendResponseHeaders(status, reply.length == 0 ? -1 : reply.length);
            if (reply.length > 0) {
                ex.getResponseBody().write(reply);
            }
        }
    }

    private static String https() {
        return "https://127.0.0.1:" + front.getAddress().getPort() + "/";
    }

    private static Map<String, Object> tls(Object... kv) {
        Object[] all = new Object[kv.length + 4];
        all[0] = "url";
        all[1] = https();
        all[2] = "insecure";
        all[3] = false;
        System.arraycopy(kv, 0, all, 4, kv.length);
        return props(sim, all);
    }

    @Test
    void httpsWhenTheCertificateIsPinnedThenTheSdkAndTelemetryWorkThroughIt() throws Exception {
        try (XenHypervisorAdapter adapter = new XenHypervisorAdapter(tls("certificateFingerprint", fingerprint))) {
            var s = adapter.snapshot();

            assertThat(s.hosts()).hasSize(XapiSimulator.DEFAULT_HOSTS);
            String vm = s.vms().stream().filter(v -> v.migratable()).findFirst().orElseThrow().id().value();
            assertThat(adapter.metrics(vm, Metric.CPU_UTILISATION, 1)).as("/rrd_updates over HTTPS").isPresent();
        }
    }

    @Test
    void httpsWhenTheTrustStoreHoldsTheCertificateThenVerifiedWithTheHostName() throws Exception {
        try (XenHypervisorAdapter adapter = new XenHypervisorAdapter(tls("trustStore", trustStore.toString(),
                ".trustStorePassword", STORE_PASSWORD))) {
            assertThat(adapter.snapshot().hosts()).hasSize(XapiSimulator.DEFAULT_HOSTS);
        }
    }

    @Test
    void httpsWhenNothingTrustsTheSelfSignedCertificateThenRefusedAsATlsFailure() {
        try (XenHypervisorAdapter adapter = new XenHypervisorAdapter(tls("connectTimeoutSeconds", 2))) {
            assertThatThrownBy(adapter::snapshot).isInstanceOf(HypervisorException.class)
                    .hasMessageContaining("UNREACHABLE").hasMessageContaining("TLS handshake failed");
        }
    }

    @Test
    void httpsWhenTheFingerprintDiffersThenRefusedNamingTheServersFingerprint() {
        try (XenHypervisorAdapter adapter = new XenHypervisorAdapter(tls("certificateFingerprint", "00".repeat(32),
                "connectTimeoutSeconds", 2))) {
            assertThatThrownBy(adapter::snapshot).isInstanceOf(HypervisorException.class)
                    .hasMessageContaining("TLS handshake failed");
        }
        Transport.Pinned pin = new Transport.Pinned(new byte[32]);
        assertThatThrownBy(() -> pin.checkServerTrusted(new java.security.cert.X509Certificate[] {
            (java.security.cert.X509Certificate) loadCert()}, "EC")).hasMessageContaining(fingerprint)
                .hasMessageContaining("not the configured certificateFingerprint");
    }

    @Test
    void httpsWhenVerificationIsOffByExplicitOptInThenAccepted() throws Exception {
        try (XenHypervisorAdapter adapter = new XenHypervisorAdapter(tls("tlsVerify", false, "insecure", true))) {
            assertThat(adapter.snapshot().hosts()).hasSize(XapiSimulator.DEFAULT_HOSTS);
        }
    }

    private static Certificate loadCert() throws Exception {
        return KeyStore.getInstance(trustStore.toFile(), STORE_PASSWORD.toCharArray()).getCertificate("pool");
    }

    // ------------------------------------------------------------------ the guards

    @Test
    void callWhenTheConnectionClosesWithoutAReplyThenReportedAndNotSentASecondTime() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        HttpServer dropping = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        dropping.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            requests.incrementAndGet();
            ex.close(); // no reply: as a reset after the call took effect
        });
        dropping.start();
        try {
            URI uri = URI.create("http://127.0.0.1:" + dropping.getAddress().getPort() + "/");
            Transport transport = new Transport(XenSettings.fromProperties(props(sim)).tls(), Duration.ofSeconds(2),
                    Duration.ofSeconds(2));

            assertThatThrownBy(() -> post((HttpURLConnection) transport.sdkUrl(uri).openConnection()))
                    .isInstanceOf(IOException.class);
            assertThat(requests.get()).as("the guarded connection sent the call once").isEqualTo(1);

            requests.set(0);
            assertThatThrownBy(() -> post((HttpURLConnection) uri.toURL().openConnection()))
                    .isInstanceOf(IOException.class);
            assertThat(requests.get()).as("what the JDK does unguarded: the POST is replayed").isEqualTo(2);
        } finally {
            dropping.stop(0);
        }
    }

    private static void post(HttpURLConnection c) throws IOException {
        c.setDoOutput(true);
        c.setRequestMethod("POST");
        try (OutputStream out = c.getOutputStream()) {
            out.write("<methodCall><methodName>Async.VM.pool_migrate</methodName></methodCall>"
                    .getBytes(StandardCharsets.UTF_8));
        }
        c.getResponseCode();
    }

    @Test
    void replyWhenItCarriesBase64ThenRefusedBeforeTheSdkParsesIt() throws Exception {
        String hostile = "<?xml version=\"1.0\"?><methodResponse><fault><value><struct><member><name>faultCode</name>"
                + "<value><int>1</int></value></member><member><name>faultString</name><value>x</value></member>"
                + "<member><name>faultCause</name><value><base64>rO0ABXNyABFqYXZhLmxhbmcuSW50ZWdlcg==</base64>"
                + "</value></member></struct></value></fault></methodResponse>";
        HttpServer evil = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        evil.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            byte[] b = hostile.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        evil.start();
        try {
            URI uri = URI.create("http://127.0.0.1:" + evil.getAddress().getPort() + "/");
            Transport transport = new Transport(XenSettings.fromProperties(props(sim)).tls(), Duration.ofSeconds(2),
                    Duration.ofSeconds(2));
            Connection c = new Connection(transport.sdkUrl(uri), 2, 2);

            assertThatThrownBy(() -> Session.loginWithPassword(c, "root", "xenroot"))
                    .satisfies(e -> assertThat(XapiErrors.of(e).code()).isEqualTo(XapiException.PROTOCOL))
                    .satisfies(e -> assertThat(XapiErrors.of(e).meaning()).contains("CVE-2019-17570"));
        } finally {
            evil.stop(0);
        }
    }

    @Test
    void noBase64WhenTheMarkerSpansReadsThenStillFound() throws Exception {
        byte[] text = "<value><bas".concat("e64>AAAA</base64>").getBytes(StandardCharsets.US_ASCII);
        InputStream in = new GuardedHttpConnection.NoBase64(new ByteArrayInputStream(text));
        byte[] buffer = new byte[3];

        assertThatThrownBy(() -> {
            while (in.read(buffer, 0, buffer.length) >= 0) {
                // read in small pieces
            }
        }).isInstanceOf(IOException.class).hasMessageContaining("CVE-2019-17570");
        InputStream clean = new GuardedHttpConnection.NoBase64(new ByteArrayInputStream(
                "<value><string>base64 &lt;base</string></value>".getBytes(StandardCharsets.US_ASCII)));
        assertThat(clean.readAllBytes()).isNotEmpty();
    }
}
