package io.ferry.xen.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class XenSettingsTest {

    private static final String PASSWORD = "hunter2-secret";

    @TempDir
    Path dir;

    private static Map<String, Object> props(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        m.put("url", "https://xs.example/");
        m.put(".password", PASSWORD);
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void settingsWhenOnlyUrlAndPasswordThenDocumentedDefaults() {
        XenSettings s = XenSettings.fromProperties(props());

        assertThat(s.poolName()).isEqualTo("xen");
        assertThat(s.url().toString()).isEqualTo("https://xs.example/");
        assertThat(s.user()).isEqualTo("root");
        assertThat(s.password().reveal()).isEqualTo(PASSWORD);
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.replyTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.migrationTimeout()).isEqualTo(Duration.ofSeconds(900));
        assertThat(s.taskPoll()).isEqualTo(Duration.ofMillis(500));
        assertThat(s.eventTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.reconnectDelay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.maxReconnectDelay()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.rrdIntervalSeconds()).isEqualTo(5);
        assertThat(s.historySamples()).isEqualTo(720);
        assertThat(s.tls().verify()).as("TLS verification is on by default").isTrue();
        assertThat(s.tls().insecure()).isFalse();
        assertThat(s.tls().trustStore()).isEmpty();
        assertThat(s.tls().fingerprint()).isEmpty();
        assertThat(s.link()).as("XAPI reports no link: the pool settings supply it").isEmpty();
        assertThat(s.closeTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void toStringNeverShowsThePasswords() {
        XenSettings s = XenSettings.fromProperties(props(".trustStorePassword", "store-secret"));

        assertThat(s.toString()).doesNotContain(PASSWORD).doesNotContain("store-secret").contains(Secret.MASK);
        assertThat(s.password().toString()).isEqualTo(Secret.MASK);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
        "url | '' | url = '': must be the pool master's URL",
        "url | ftp://xs/ | url = ftp://xs/: must start with https://",
        "url | http://xs.example/ | url = http://xs.example/: is plain HTTP: the password would travel in clear",
        "url | https://xs.example/?a=b | must not have a query or a fragment",
        "pool.name | 'a b' | pool.name = 'a b': must be one or more letters",
        "user | ' ' | user = '': must name the XenAPI user",
        "tlsVerify | false | tlsVerify = false: needs insecure = true",
        "certificateFingerprint | abcd | certificateFingerprint = abcd: must be the SHA-256",
        "rrdIntervalSeconds | 10 | rrdIntervalSeconds = 10: must be one of XAPI's archive steps 5, 60 or 3600",
        "taskPollMillis | 10 | taskPollMillis = 10: must be in [50, 60000]",
        "connectTimeoutSeconds | soon | connectTimeoutSeconds = soon: must be an integer",
        "linkGbps | -1 | linkGbps = -1.0: must be in [0, 400]",
        "historySamples | 1 | historySamples = 1: must be in [2, 100000]",
        "maxReconnectDelaySeconds | 1 | maxReconnectDelaySeconds = 1: must be >= reconnectDelaySeconds (2)",
    })
    void settingsWhenAValueIsBadThenOneLineNamingIt(String key, String value, String message) {
        assertThatIllegalArgumentException().isThrownBy(() -> XenSettings.fromProperties(props(key, value)))
                .withMessageContaining(message).withMessageNotContaining(PASSWORD);
    }

    @Test
    void urlWhenItCarriesCredentialsThenRefusedWithoutQuotingThem() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> XenSettings.fromProperties(props("url", "https://root:pa55@xs.example/")))
                .withMessageContaining("must not carry credentials").withMessageNotContaining("pa55");
    }

    @Test
    void insecureWhenSetThenPlainHttpAndUnverifiedTlsAreAccepted() {
        XenSettings http = XenSettings.fromProperties(props("url", "http://127.0.0.1:18080", "insecure", "true"));
        XenSettings unverified = XenSettings.fromProperties(props("url", "https://localhost:8443/", "tlsVerify",
                "false", "insecure", true));

        assertThat(http.url().toString()).isEqualTo("http://127.0.0.1:18080/");
        assertThat(unverified.tls().verify()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"http://192.0.2.10:18080/", "http://xs.example/", "https://xs.example/", "http://127.0.0.1.evil.example/",
        "http://[2001:db8::1]/", "http://0.0.0.0:80/"})
    void insecureWhenTheMasterIsNotOnLoopbackThenRefusedNamingTheSetting(String url) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> XenSettings.fromProperties(props("url", url, "insecure", true, "tlsVerify", false)))
                .withMessageStartingWith("insecure = true: allowed only for a pool master on loopback")
                .withMessageContaining(url).withMessageNotContaining(PASSWORD);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"http://127.0.0.1:18080/", "http://127.10.0.3/", "http://localhost:18080/", "http://[::1]:18080/",
        "https://LOCALHOST/"})
    void insecureWhenTheMasterIsOnLoopbackThenAccepted(String url) {
        assertThat(XenSettings.fromProperties(props("url", url, "insecure", true)).tls().insecure()).isTrue();
    }

    @Test
    void passwordWhenMissingOrGivenTwiceThenRefused() {
        Map<String, Object> none = props();
        none.remove(".password");
        assertThatIllegalArgumentException().isThrownBy(() -> XenSettings.fromProperties(none))
                .withMessage(".password is empty: set .password, or passwordFile to a file holding it");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> XenSettings.fromProperties(props("passwordFile", dir.resolve("p").toString())))
                .withMessageContaining("both set");
    }

    @Test
    void passwordFileWhenReadableThenItsFirstLineIsThePassword() throws Exception {
        Path file = Files.writeString(dir.resolve("xen.password"), "from-file\nignored\n");
        Map<String, Object> p = props("passwordFile", file.toString());
        p.remove(".password");

        assertThat(XenSettings.fromProperties(p).password().reveal()).isEqualTo("from-file");
        p.put("passwordFile", dir.resolve("missing").toString());
        assertThatIllegalArgumentException().isThrownBy(() -> XenSettings.fromProperties(p))
                .withMessageContaining("passwordFile = ").withMessageContaining("must be a readable file");
    }

    @Test
    void fingerprintWhenWrittenAsOpensslPrintsItThenParsed() {
        String hex = "AB:".repeat(31) + "CD";
        XenSettings s = XenSettings.fromProperties(props("certificateFingerprint", "sha256=" + hex));

        assertThat(HexFormat.of().formatHex(s.tls().fingerprint().orElseThrow())).isEqualTo("ab".repeat(31) + "cd");
        assertThatIllegalArgumentException().isThrownBy(() -> XenSettings.fromProperties(props(
                "certificateFingerprint", hex, "trustStore", dir.toString()))).withMessageContaining("both set");
    }

    @Test
    void linkWhenConfiguredThenOfferedToPolicies() {
        XenSettings s = XenSettings.fromProperties(props("linkGbps", "10", "rttMs", "0.2"));

        assertThat(s.link().orElseThrow().bandwidthBytesPerSec()).isEqualTo(1.25e9);
        assertThat(s.link().orElseThrow().rtt()).isEqualTo(Duration.ofNanos(200_000));
    }
}
