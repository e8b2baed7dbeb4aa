package io.ferry.xen.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One XenServer / XCP-ng pool (factory PID {@value XenHypervisorAdapter#FACTORY_PID}, one configuration per pool,
 * such as {@code etc/io.ferry.xen-NAME.cfg}). The defaults are those of a production pool reached over HTTPS with
 * the certificate verified; only the master URL and the password have no meaningful default.
 *
 * <p>The passwords are private properties ({@code .password}, {@code .trustStorePassword}): Declarative Services
 * never copies a property whose name starts with a full stop into the service's properties, so they do not appear
 * in {@code service:list} nor anywhere Ferry's shell shows. To keep the password out of Configuration Admin as
 * well, name a file with {@code passwordFile}.
 */
@ObjectClassDefinition(name = "Ferry XenServer pool",
        description = "A XenServer / XCP-ng pool reached through the XenAPI at its pool master. Pre-copy only: XAPI "
                + "runs its own live migration and reports no dirty-page rate; the active policy contributes its "
                + "cost prediction and timing.")
@interface XenAdapterConfiguration {

    @AttributeDefinition(name = "Pool name",
            description = "The pool's name in Ferry, registered as the service property pool.name (letters, digits, "
                    + "'.', '_', '-'); its controller settings are etc/io.ferry.pool-NAME.cfg.")
    String pool_name() default "xen";

    @AttributeDefinition(name = "Pool master URL",
            description = "https://MASTER/ (port 443 unless given). A URL naming a pool member works too: the adapter "
                    + "follows HOST_IS_SLAVE to the master. http:// only with insecure = true. Required.")
    String url() default "";

    @AttributeDefinition(name = "User", description = "The XenAPI user (a local root or an RBAC pool operator).")
    String user() default "root";

    @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD,
            description = "The user's password. Never logged, never shown by Ferry. Empty when passwordFile is set.")
    String _password() default "";

    @AttributeDefinition(name = "Password file",
            description = "A file whose first line is the password, read at activation, so that the password stays "
                    + "out of Configuration Admin. Empty: use .password.")
    String passwordFile() default "";

    @AttributeDefinition(name = "Connect timeout (s)",
            description = "TCP (and TLS) connection timeout of every call; also how long the first snapshot waits "
                    + "for the first inventory (1 to 300).")
    int connectTimeoutSeconds() default 5;

    @AttributeDefinition(name = "Reply timeout (s)",
            description = "How long a call may wait for its reply (event.from waits its own timeout on top) "
                    + "(1 to 3600).")
    int replyTimeoutSeconds() default 60;

    @AttributeDefinition(name = "Migration timeout (s)",
            description = "A migration still running after this is cancelled with task.cancel (XAPI completes it "
                    + "instead when it is past the point of no return) (1 to 86400).")
    int migrationTimeoutSeconds() default 900;

    @AttributeDefinition(name = "Task poll interval (ms)",
            description = "How often a running migration's task is read for its progress and end (50 to 60000).")
    int taskPollMillis() default 500;

    @AttributeDefinition(name = "event.from timeout (s)",
            description = "How long one event.from call waits for changes before returning empty (1 to 3600).")
    int eventTimeoutSeconds() default 30;

    @AttributeDefinition(name = "Reconnect delay (s)",
            description = "After a failure of the event loop (unreachable master, EVENTS_LOST), wait this long before "
                    + "reloading the inventory, doubling on each further failure (1 to 3600).")
    int reconnectDelaySeconds() default 2;

    @AttributeDefinition(name = "Maximum reconnect delay (s)",
            description = "The doubling of the reconnect delay stops here (1 to 3600).")
    int maxReconnectDelaySeconds() default 60;

    @AttributeDefinition(name = "RRD interval (s)",
            description = "The /rrd_updates archive read (XAPI keeps 5 s steps for 10 minutes) and how often every "
                    + "host is polled for new rows (5, 60 or 3600).")
    int rrdIntervalSeconds() default 5;

    @AttributeDefinition(name = "History samples",
            description = "Samples kept per metric series (CPU, memory, disk and network per VM and host); 720 x 5 s "
                    + "is one hour, about 35 KB per VM (2 to 100000).")
    int historySamples() default 720;

    @AttributeDefinition(name = "Verify TLS",
            description = "Verify the master's certificate: against trustStore when set, else against "
                    + "certificateFingerprint when set, else against the JVM's trusted CAs. false needs insecure = "
                    + "true.")
    boolean tlsVerify() default true;

    @AttributeDefinition(name = "Trust store",
            description = "A PKCS12 or JKS file holding the pool's certificate or its CA (XenServer hosts' "
                    + "certificates are self-signed). Host names are verified against it. Empty: none.")
    String trustStore() default "";

    @AttributeDefinition(name = "Trust store password", type = AttributeType.PASSWORD,
            description = "The trust store's password; empty for none.")
    String _trustStorePassword() default "";

    @AttributeDefinition(name = "Certificate fingerprint",
            description = "SHA-256 of the master's certificate (64 hex digits, ':' allowed, as openssl x509 "
                    + "-fingerprint -sha256 prints it): the certificate is pinned and host names are not checked. "
                    + "Empty: none.")
    String certificateFingerprint() default "";

    @AttributeDefinition(name = "Insecure (test setups only)",
            description = "Explicit opt-in to plain http:// URLs and to tlsVerify = false: credentials and the pool's "
                    + "data then travel unprotected or to an unverified server. For simulators and test pools on "
                    + "loopback, never for a production pool.")
    boolean insecure() default false;

    @AttributeDefinition(name = "Migration link (Gbit/s)",
            description = "The migration network's bandwidth, for policies' cost predictions (XAPI reports none). "
                    + "0: unknown, and the controller uses the pool's linkGbps (etc/io.ferry.pool-NAME.cfg) "
                    + "(0 to 400).")
    double linkGbps() default 0;

    @AttributeDefinition(name = "Migration link RTT (ms)",
            description = "Round-trip time between hosts; used only with linkGbps > 0 (0 to 1000).")
    double rttMs() default 0.5;

    @AttributeDefinition(name = "Close timeout (s)",
            description = "Deactivation (a removed or changed configuration, a stopped bundle) returns within this "
                    + "even when the master never replies: migrations in flight are given three quarters of it to "
                    + "end after task.cancel (else their outcome is reported as unknown), the logout the rest; then "
                    + "every call still waiting is aborted (0 to 600).")
    int closeTimeoutSeconds() default 10;

    @AttributeDefinition(name = "Maximum warning interval (s)",
            description = "A failure that repeats (the master unreachable, a host's /rrd_updates failing) is logged "
                    + "at WARN when it first happens, then with an interval that starts at its retry period and "
                    + "doubles up to this, counting the repeats not logged; one INFO line says when it works again "
                    + "(1 to 86400).")
    int maxWarningIntervalSeconds() default 600;
}
