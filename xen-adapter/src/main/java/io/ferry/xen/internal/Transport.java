package io.ferry.xen.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.MalformedURLException;
import java.net.Proxy;
import java.net.URI;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Every HTTP(S) connection the adapter opens to the pool — the SDK's XML-RPC calls and the {@code /rrd_updates}
 * downloads — with the TLS policy of the configuration applied to that connection only (never to the JVM's
 * defaults, which other bundles share):
 *
 * <ul>
 * <li>a trust store: the certificate chain must lead to it, and the host name must match (standard checks);</li>
 * <li>a SHA-256 fingerprint: the server's leaf certificate must be exactly that one (pinned; no host-name
 * check, since the pin is stronger and XenServer certificates rarely name the address used);</li>
 * <li>neither: the JVM's trusted CAs and host-name verification;</li>
 * <li>{@code tlsVerify = false} with {@code insecure = true}: anything (test setups only).</li>
 * </ul>
 *
 * <p>The SDK's {@code Connection} takes a {@link URL}; {@link #sdkUrl(URI)} gives it one whose handler opens the
 * connection here, so the SDK's transport (Apache XML-RPC's {@code XmlRpcSun15HttpTransport}, which only calls
 * {@code URL.openConnection()} and sets timeouts) runs over this policy without reflection into the SDK. Those
 * connections are also {@link GuardedHttpConnection}s: a request body is sent with a fixed length, so the JDK never
 * silently replays a non-idempotent call such as {@code Async.VM.pool_migrate} after a lost reply, and a reply
 * carrying {@code <base64>} (which xapi never sends, and which Apache XML-RPC 3.1.3 would deserialise as a Java
 * object: CVE-2019-17570) is refused before it is parsed.
 *
 * <p>Cost: one {@link SSLContext} per adapter, built at activation. Thread-safe.
 */
final class Transport {

    private final java.util.Set<GuardedHttpConnection> open = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.Set<HttpURLConnection> gets = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final SSLSocketFactory sockets;
    private final HostnameVerifier hostnames;
    private final int connectMillis;
    private final int replyMillis;
    private volatile boolean aborted;

    /**
     * @throws IllegalArgumentException when the trust store cannot be read (naming it, never its password)
     */
    Transport(XenSettings.Tls tls, Duration connectTimeout, Duration replyTimeout) {
        this.connectMillis = Math.toIntExact(connectTimeout.toMillis());
        this.replyMillis = Math.toIntExact(replyTimeout.toMillis());
        try {
            TrustManager trust;
            HostnameVerifier verifier = HttpsURLConnection.getDefaultHostnameVerifier();
            if (!tls.verify()) {
                trust = new TrustAll();
                verifier = (host, session) -> true;
            } else if (tls.fingerprint().isPresent()) {
                trust = new Pinned(tls.fingerprint().get());
                verifier = (host, session) -> true; // the pin is checked in the handshake
            } else if (tls.trustStore().isPresent()) {
                KeyStore store;
                try {
                    store = KeyStore.getInstance(tls.trustStore().get().toFile(), tls.trustStorePassword().chars());
                } catch (IOException | GeneralSecurityException e) {
                    throw new IllegalArgumentException("trustStore = " + tls.trustStore().get()
                            + ": cannot be read as PKCS12 or JKS with the given .trustStorePassword ("
                            + e.getClass().getSimpleName() + ")");
                }
                trust = defaultTrust(store);
            } else {
                trust = defaultTrust(null);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trust}, null);
            this.sockets = context.getSocketFactory();
            this.hostnames = verifier;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is not available in this JVM: " + e, e);
        }
    }

    private static X509TrustManager defaultTrust(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        f.init(store);
        for (TrustManager t : f.getTrustManagers()) {
            if (t instanceof X509TrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("no X509 trust manager");
    }

    /**
     * @return a URL for the SDK's {@code Connection} whose connections are opened by this transport (with its
     *         TLS policy, timeouts and guards)
     */
    URL sdkUrl(URI uri) {
        try {
            return new URL(null, uri.toString(), new GuardedHandler());
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("url = " + uri + ": " + e.getMessage(), e);
        }
    }

    /**
     * @return a connection to {@code uri} (a GET such as {@code /rrd_updates}), not yet connected; hand it back to
     *         {@link #release} when done
     */
    HttpURLConnection open(URI uri) throws IOException {
        HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
        configure(c);
        gets.add(c);
        if (aborted) {
            release(c);
            throw stopped();
        }
        return c;
    }

    private static IOException stopped() {
        return new java.net.SocketException("the adapter is stopping: no new connection to the pool");
    }

    /** Disconnects a connection from {@link #open} and forgets it. */
    void release(HttpURLConnection c) {
        gets.remove(c);
        GuardedHttpConnection.disconnect(c);
    }

    private void configure(HttpURLConnection c) {
        if (c instanceof HttpsURLConnection https) {
            https.setSSLSocketFactory(sockets);
            https.setHostnameVerifier(hostnames);
        }
        c.setConnectTimeout(connectMillis);
        c.setReadTimeout(replyMillis);
        c.setUseCaches(false);
        c.setInstanceFollowRedirects(false);
    }

    /** Opens the SDK's connections through {@link Transport#configure} and wraps them in the guards. */
    private final class GuardedHandler extends URLStreamHandler {
        @Override
        protected URLConnection openConnection(URL u) throws IOException {
            return openConnection(u, null);
        }

        @Override
        protected URLConnection openConnection(URL u, Proxy proxy) throws IOException {
            URL plain = new URL(u.toExternalForm()); // the JDK's own http/https handler
            HttpURLConnection c = (HttpURLConnection) (proxy == null ? plain.openConnection()
                    : plain.openConnection(proxy));
            configure(c);
            GuardedHttpConnection g = new GuardedHttpConnection(u, c, open::remove);
            open.add(g);
            if (aborted) { // checked after adding: abortAll either sees it or this sees the flag
                g.disconnect();
                throw stopped();
            }
            return g;
        }
    }

    /**
     * Aborts every call in flight (a waiting {@code event.from}, an {@code /rrd_updates} download) by closing its
     * connection: it fails at once instead of waiting for its reply; and refuses every later connection. For
     * stopping the adapter.
     */
    void abortAll() {
        aborted = true;
        for (GuardedHttpConnection c : open.toArray(new GuardedHttpConnection[0])) {
            c.disconnect();
        }
        for (HttpURLConnection c : gets.toArray(new HttpURLConnection[0])) {
            release(c);
        }
    }

    /** Reads {@code in} fully, as text (small replies: errors, not data). */
    static String text(InputStream in, int max) throws IOException {
        if (in == null) {
            return "";
        }
        try (in) {
            return new String(in.readNBytes(max), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** Accepts exactly one leaf certificate, by the SHA-256 of its encoding. */
    static final class Pinned implements X509TrustManager {
        private final byte[] sha256;

        Pinned(byte[] sha256) {
            this.sha256 = sha256.clone();
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            if (chain == null || chain.length == 0) {
                throw new CertificateException("the server sent no certificate");
            }
            byte[] actual;
            try {
                actual = MessageDigest.getInstance("SHA-256").digest(chain[0].getEncoded());
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new CertificateException("SHA-256 is not available", e);
            }
            if (!MessageDigest.isEqual(actual, sha256)) {
                throw new CertificateException("the server's certificate has SHA-256 fingerprint "
                        + HexFormat.ofDelimiter(":").withUpperCase().formatHex(actual)
                        + ", not the configured certificateFingerprint");
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("client certificates are not checked here");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    /** {@code tlsVerify = false} with {@code insecure = true}: test setups only. */
    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // the operator opted out of verification explicitly (insecure = true)
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("client certificates are not checked here");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
