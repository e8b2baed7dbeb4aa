package io.ferry.xen.internal;

import static io.ferry.policy.support.ConfigurationChecks.inRange;

import io.ferry.api.model.LinkSpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.osgi.util.converter.Converters;

/**
 * The validated form of a {@link XenAdapterConfiguration}: every attribute checked once, at activation, so that a
 * bad {@code .cfg} value fails with one line ({@code name = value: must …}) instead of surfacing later as a
 * strange connection failure. Passwords are {@link Secret}s, so this record's {@code toString()} never shows them,
 * and no error message quotes them.
 *
 * <p>Decides the transport's security: {@code http://} and {@code tlsVerify = false} are refused unless
 * {@code insecure = true} says, explicitly, that this is a test setup, and {@code insecure = true} is refused unless
 * the URL names a loopback address (see {@link #loopback}): the root password never travels in clear, nor to an
 * unverified server, over a network. Cost O(attributes), plus reading the
 * password file when one is named.
 *
 * @param poolName            the pool's name in Ferry
 * @param url                 the configured master URL, normalised (path {@code /} when empty)
 * @param user                the XenAPI user
 * @param password            its password
 * @param connectTimeout      TCP/TLS connection timeout
 * @param replyTimeout        reply timeout of a call
 * @param migrationTimeout    cancel a migration still running after this
 * @param taskPoll            period of reading a migration's task
 * @param eventTimeout        the timeout of one {@code event.from}
 * @param reconnectDelay      first delay after a failure of the event loop
 * @param maxReconnectDelay   the delay's cap
 * @param rrdIntervalSeconds  the RRD archive step read, and the polling period
 * @param historySamples      samples kept per series
 * @param tls                 how the server's certificate is checked
 * @param link                the migration link, when configured
 * @param closeTimeout        how long deactivation may take in all
 * @param maxWarningInterval  the cap of the interval between warnings of a failure that repeats
 */
record XenSettings(String poolName, URI url, String user, Secret password, Duration connectTimeout,
        Duration replyTimeout, Duration migrationTimeout, Duration taskPoll, Duration eventTimeout,
        Duration reconnectDelay, Duration maxReconnectDelay, int rrdIntervalSeconds, int historySamples, Tls tls,
        Optional<LinkSpec> link, Duration closeTimeout, Duration maxWarningInterval) {

    private static final Pattern POOL_NAME = Pattern.compile("[A-Za-z0-9._-]+");
    private static final List<Integer> RRD_STEPS = List.of(5, 60, 3600);
    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");

    /**
     * How the server's certificate is checked.
     *
     * @param verify             whether it is checked at all (false only with {@code insecure})
     * @param trustStore         a trust store to check it against, with host names
     * @param trustStorePassword the trust store's password
     * @param fingerprint        the SHA-256 of the pinned certificate (32 bytes), host names not checked
     * @param insecure           whether the operator opted in to plain HTTP and unverified TLS
     */
    record Tls(boolean verify, Optional<Path> trustStore, Secret trustStorePassword, Optional<byte[]> fingerprint,
            boolean insecure) {

        @Override
        public String toString() {
            return "Tls[verify=" + verify + ", trustStore=" + trustStore.map(Path::toString).orElse("-")
                    + ", fingerprint=" + fingerprint.map(f -> HexFormat.of().formatHex(f)).orElse("-")
                    + ", insecure=" + insecure + "]";
        }
    }

    /** @return the settings of a configuration given as properties (plain Java: tests, benchmarks) */
    static XenSettings fromProperties(Map<String, ?> properties) {
        XenAdapterConfiguration config = Converters.standardConverter().convert(properties)
                .to(XenAdapterConfiguration.class);
        return from(config, properties);
    }

    /**
     * Reads and validates a configuration.
     *
     * @param config the configuration
     * @param raw    the raw properties, to quote a value the converter could not read; empty under DS
     * @throws IllegalArgumentException naming the first bad attribute, its value (never a password) and what is
     *                                  accepted
     */
    static XenSettings from(XenAdapterConfiguration config, Map<String, ?> raw) {
        String poolName = read("pool.name", raw, config::pool_name, "a string");
        if (poolName == null || !POOL_NAME.matcher(poolName).matches()) {
            throw bad("pool.name", "'" + poolName + "'", "must be one or more letters, digits, '.', '_' or '-'");
        }
        boolean insecure = read("insecure", raw, config::insecure, "true or false");
        URI url = url(read("url", raw, config::url, "a URL"), insecure);
        String user = read("user", raw, config::user, "a string");
        if (user == null || user.isBlank()) {
            throw bad("user", "''", "must name the XenAPI user");
        }
        Secret password = password(read(".password", raw, config::_password, "a string"),
                read("passwordFile", raw, config::passwordFile, "a path"));
        Duration connect = seconds("connectTimeoutSeconds", read("connectTimeoutSeconds", raw,
                config::connectTimeoutSeconds, "an integer"), 1, 300);
        Duration reply = seconds("replyTimeoutSeconds", read("replyTimeoutSeconds", raw,
                config::replyTimeoutSeconds, "an integer"), 1, 3600);
        Duration migration = seconds("migrationTimeoutSeconds", read("migrationTimeoutSeconds", raw,
                config::migrationTimeoutSeconds, "an integer"), 1, 86400);
        int poll = inRange("taskPollMillis", read("taskPollMillis", raw, config::taskPollMillis, "an integer"), 50,
                60_000);
        Duration events = seconds("eventTimeoutSeconds", read("eventTimeoutSeconds", raw,
                config::eventTimeoutSeconds, "an integer"), 1, 3600);
        Duration delay = seconds("reconnectDelaySeconds", read("reconnectDelaySeconds", raw,
                config::reconnectDelaySeconds, "an integer"), 1, 3600);
        Duration maxDelay = seconds("maxReconnectDelaySeconds", read("maxReconnectDelaySeconds", raw,
                config::maxReconnectDelaySeconds, "an integer"), 1, 3600);
        if (maxDelay.compareTo(delay) < 0) {
            throw bad("maxReconnectDelaySeconds", maxDelay.toSeconds(), "must be >= reconnectDelaySeconds ("
                    + delay.toSeconds() + ")");
        }
        int rrd = read("rrdIntervalSeconds", raw, config::rrdIntervalSeconds, "an integer");
        if (!RRD_STEPS.contains(rrd)) {
            throw bad("rrdIntervalSeconds", rrd, "must be one of XAPI's archive steps 5, 60 or 3600");
        }
        int history = inRange("historySamples", read("historySamples", raw, config::historySamples, "an integer"), 2,
                100_000);
        Tls tls = tls(read("tlsVerify", raw, config::tlsVerify, "true or false"),
                read("trustStore", raw, config::trustStore, "a path"),
                Secret.of(read(".trustStorePassword", raw, config::_trustStorePassword, "a string")),
                read("certificateFingerprint", raw, config::certificateFingerprint, "64 hex digits"), insecure);
        double gbps = read("linkGbps", raw, config::linkGbps, "a number");
        if (!(gbps >= 0 && gbps <= 400)) {
            throw bad("linkGbps", gbps, "must be in [0, 400] (0: unknown, the pool's linkGbps applies)");
        }
        double rtt = read("rttMs", raw, config::rttMs, "a number");
        if (!(rtt >= 0 && rtt <= 1000)) {
            throw bad("rttMs", rtt, "must be in [0, 1000]");
        }
        Optional<LinkSpec> link = gbps == 0 ? Optional.empty()
                : Optional.of(new LinkSpec(gbps * 1e9 / 8, Duration.ofNanos(Math.round(rtt * 1e6)), 1.0));
        Duration close = seconds("closeTimeoutSeconds", read("closeTimeoutSeconds", raw, config::closeTimeoutSeconds,
                "an integer"), 0, 600);
        Duration warnings = seconds("maxWarningIntervalSeconds", read("maxWarningIntervalSeconds", raw,
                config::maxWarningIntervalSeconds, "an integer"), 1, 86400);
        return new XenSettings(poolName, url, user, password, connect, reply, migration, Duration.ofMillis(poll),
                events, delay, maxDelay, rrd, history, tls, link, close, warnings);
    }

    /** @return the configured URL as the SDK takes it */
    String urlText() {
        return url.toString();
    }

    // ------------------------------------------------------------------ parsing

    private static URI url(String text, boolean insecure) {
        if (text == null || text.isBlank()) {
            throw bad("url", "''", "must be the pool master's URL, such as https://xenserver.example/");
        }
        URI u;
        try {
            u = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw bad("url", text, "must be a URL such as https://xenserver.example/ (" + e.getReason() + ")");
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw bad("url", text, "must start with https:// (or http:// with insecure = true)");
        }
        if (u.getHost() == null) {
            throw bad("url", text, "must name a host");
        }
        if (u.getRawUserInfo() != null) {
            // never quote it: it may hold a password
            throw bad("url", scheme + "://(credentials)@" + u.getHost() + "/",
                    "must not carry credentials; set user and .password (or passwordFile)");
        }
        if (u.getRawQuery() != null || u.getRawFragment() != null) {
            throw bad("url", text, "must not have a query or a fragment");
        }
        if (scheme.equals("http") && !insecure) {
            throw bad("url", text, "is plain HTTP: the password would travel in clear; use https://, or set "
                    + "insecure = true for a test setup on loopback");
        }
        if (insecure && !loopback(u.getHost())) {
            throw new IllegalArgumentException("insecure = true: allowed only for a pool master on loopback "
                    + "(localhost, 127.0.0.0/8, [::1]), not url = " + text + "; for this pool use https:// with "
                    + "certificateFingerprint or trustStore, and insecure = false");
        }
        String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
        try {
            return new URI(scheme, null, u.getHost(), u.getPort(), path, null, null);
        } catch (URISyntaxException e) {
            throw bad("url", text, "must be a URL such as https://xenserver.example/ (" + e.getReason() + ")");
        }
    }

    /**
     * Whether {@code host} (as a URI gives it: an IPv6 literal in brackets) is a loopback address: {@code localhost}
     * or an IP literal in {@code 127.0.0.0/8} or {@code ::1}. Names other than {@code localhost} are not resolved:
     * what a name resolves to may change after this check.
     */
    static boolean loopback(String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("localhost") || h.equals("localhost.")) {
            return true;
        }
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        } else if (!IPV4.matcher(h).matches()) {
            return false; // a name: not resolved here
        }
        if (!h.matches("[0-9a-f:.]+")) {
            return false; // a zone id or junk: not a plain literal
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress(); // a literal: parsed, no lookup
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static Secret password(String inline, String file) {
        boolean hasFile = file != null && !file.isBlank();
        if (hasFile && inline != null && !inline.isEmpty()) {
            throw new IllegalArgumentException(".password and passwordFile are both set: set one of them");
        }
        if (!hasFile) {
            if (inline == null || inline.isEmpty()) {
                throw new IllegalArgumentException(".password is empty: set .password, or passwordFile to a file "
                        + "holding it");
            }
            return Secret.of(inline);
        }
        Path path;
        try {
            path = Path.of(file.trim());
        } catch (InvalidPathException e) {
            throw bad("passwordFile", file, "must be a file path");
        }
        try {
            List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
            if (lines.isEmpty() || lines.get(0).isEmpty()) {
                throw bad("passwordFile", file, "must hold the password on its first line (it is empty)");
            }
            return Secret.of(lines.get(0));
        } catch (IOException e) {
            throw bad("passwordFile", file, "must be a readable file (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static Tls tls(boolean verify, String trustStore, Secret trustStorePassword, String fingerprint,
            boolean insecure) {
        if (!verify && !insecure) {
            throw bad("tlsVerify", false, "needs insecure = true: without verification any server can pose as "
                    + "the pool master; set trustStore or certificateFingerprint for a self-signed certificate");
        }
        Optional<Path> store = Optional.empty();
        if (trustStore != null && !trustStore.isBlank()) {
            try {
                Path p = Path.of(trustStore.trim());
                if (!Files.isReadable(p)) {
                    throw bad("trustStore", trustStore, "must be a readable PKCS12 or JKS file");
                }
                store = Optional.of(p);
            } catch (InvalidPathException e) {
                throw bad("trustStore", trustStore, "must be a file path");
            }
        }
        Optional<byte[]> pin = Optional.empty();
        if (fingerprint != null && !fingerprint.isBlank()) {
            String hex = fingerprint.replace(":", "").replaceAll("\\s", "").toLowerCase(Locale.ROOT);
            if (hex.startsWith("sha256=")) {
                hex = hex.substring("sha256=".length());
            }
            if (!hex.matches("[0-9a-f]{64}")) {
                throw bad("certificateFingerprint", fingerprint, "must be the SHA-256 of the certificate: 64 hex "
                        + "digits, ':' allowed");
            }
            pin = Optional.of(HexFormat.of().parseHex(hex));
        }
        if (store.isPresent() && pin.isPresent()) {
            throw new IllegalArgumentException("trustStore and certificateFingerprint are both set: set one of them");
        }
        return new Tls(verify, store, trustStorePassword, pin, insecure);
    }

    private static <T> T read(String name, Map<String, ?> raw, Supplier<T> accessor, String expected) {
        try {
            return accessor.get();
        } catch (RuntimeException e) {
            Object value = raw.get(name);
            String shown = name.startsWith(".") ? Secret.MASK : value == null ? "(unreadable)" : String.valueOf(value);
            throw bad(name, shown, "must be " + expected);
        }
    }

    private static Duration seconds(String name, int value, int min, int max) {
        return Duration.ofSeconds(inRange(name, value, min, max));
    }

    private static IllegalArgumentException bad(String name, Object value, String requirement) {
        return new IllegalArgumentException(name + " = " + value + ": " + requirement);
    }
}
